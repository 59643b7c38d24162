package io.chat.common.bus;

import io.chat.common.config.ChatConfig;
import io.chat.common.metrics.ChatMetrics;
import io.chat.common.protocol.ChatException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.Function;

/**
 * The wiring every service shares: one consumer on the service's address that dispatches on the
 * {@code action} header ({@link ActionRouter}), registered once the service has set up its
 * stores, and removed before they are released. A service names its actions in
 * {@link #routes} and answers each with a reply or a {@link ChatException}.
 */
public abstract class ServiceVerticle extends VerticleBase {

  protected final ChatConfig config;
  private final String address;
  private final Function<Throwable, ChatException> classifier;
  private MessageConsumer<Object> consumer;
  private ServiceClient services;

  /**
   * @param classifier turns store failures into protocol errors ({@code unavailable}); null
   *     for other failures, which become {@code internal}
   */
  protected ServiceVerticle(ChatConfig config, String address, Function<Throwable, ChatException> classifier) {
    this.config = config;
    this.address = address;
    this.classifier = classifier;
  }

  /** Sets up the service's stores; the address is served once this completes. */
  protected abstract Future<?> setUp();

  /** The actions of the address and their handlers. */
  protected abstract void routes(ActionRouter router);

  /** Releases what {@link #setUp} made, once the address is no longer served. */
  protected abstract Future<?> tearDown();

  /** The client this service asks other services with. */
  protected final ServiceClient services() {
    if (services == null) {
      services = ServiceClient.of(vertx.eventBus(), config);
    }
    return services;
  }

  @Override
  public final Future<?> start() {
    BusMessageCodec.register(vertx.eventBus());
    ActionRouter router = new ActionRouter(address, classifier, ChatMetrics.registry(config));
    routes(router);
    return setUp().compose(ready -> {
      consumer = vertx.eventBus().consumer(address, router::handle);
      return consumer.completion();
    });
  }

  @Override
  public final Future<?> stop() {
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return unregistered.eventually(this::tearDown);
  }
}
