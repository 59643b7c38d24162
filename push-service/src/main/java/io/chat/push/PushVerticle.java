package io.chat.push;

import io.chat.common.bus.ActionRouter;
import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.Empty;
import io.chat.common.bus.ServiceVerticle;
import io.chat.common.bus.push.DeviceList;
import io.chat.common.bus.push.DeviceRequest;
import io.chat.common.bus.push.StoredMessage;
import io.chat.common.bus.social.OfUser;
import io.chat.common.config.ChatConfig;
import io.chat.common.metrics.ChatMetrics;
import io.chat.push.device.DeviceRepository;
import io.chat.push.device.DeviceRow;
import io.chat.push.provider.Senders;
import io.chat.store.MySqlStore;
import io.chat.store.StoreFailures;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/**
 * The push service on {@link Addresses#PUSH}: users' devices ({@code push_register},
 * {@code push_unregister}, {@code push_devices}), and a notification to each device of the
 * users a committed message waits for ({@link Actions.Push#STORED}, from the message service,
 * which waits for nothing from here). The notifications go out through the
 * {@link PushDispatcher}; the providers are those whose settings the node has.
 */
public final class PushVerticle extends ServiceVerticle {

  private Pool pool;
  private DeviceRepository devices;
  private PushDispatcher dispatcher;

  public PushVerticle(ChatConfig config) {
    super(config, Addresses.PUSH, StoreFailures::classify);
  }

  @Override
  protected Future<?> setUp() {
    // The key files first: one that does not parse stops the start before anything is opened.
    return Senders.start(vertx, config.push()).map(senders -> {
      pool = MySqlStore.pool(vertx, config);
      devices = new DeviceRepository(pool);
      dispatcher = new PushDispatcher(context, senders, devices, config.push(),
          new PushMetrics(ChatMetrics.registry(config)));
      return null;
    });
  }

  @Override
  protected void routes(ActionRouter router) {
    router.on(Actions.Push.REGISTER, this::register)
        .on(Actions.Push.UNREGISTER, this::unregister)
        .on(Actions.Push.DEVICES, this::devices)
        .on(Actions.Push.STORED, this::stored);
  }

  @Override
  protected Future<?> tearDown() {
    return Future.join(dispatcher.close(), pool.close());
  }

  private Future<Empty> register(DeviceRequest request) {
    return devices.register(request.caller().id(), request.device()).map(Empty.INSTANCE);
  }

  private Future<Empty> unregister(DeviceRequest request) {
    return devices.unregister(request.caller().id(), request.device()).map(Empty.INSTANCE);
  }

  private Future<DeviceList> devices(OfUser request) {
    return devices.of(request.userId()).map(DeviceList::new);
  }

  private Future<Empty> stored(StoredMessage stored) {
    if (stored.users().isEmpty()) {
      return Future.succeededFuture(Empty.INSTANCE);
    }
    boolean preview = config.push().preview();
    return devices.ofUsers(stored.users()).map(rows -> {
      for (DeviceRow row : rows) {
        dispatcher.submit(Notification.of(stored.message(), row, preview));
      }
      return Empty.INSTANCE;
    });
  }
}
