package io.chat.auth;

import io.chat.auth.limit.LoginLimiter;
import io.chat.auth.password.PasswordHasher;
import io.chat.auth.store.User;
import io.chat.auth.store.UserRepository;
import io.chat.common.bus.ActionRouter;
import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.config.ChatConfig;
import io.chat.common.metrics.ChatMetrics;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.common.protocol.Events;
import io.chat.common.protocol.Limits;
import io.chat.store.MySqlStore;
import io.chat.store.RedisStore;
import io.chat.store.StoreFailures;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts: {@code register} and {@code login} on {@link Addresses#AUTH}. Password hashing runs
 * on a worker pool of its own; the event loop only waits for its result.
 */
public final class AuthVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AuthVerticle.class);
  private static final String BAD_CREDENTIALS = "wrong name or password";

  private Pool pool;
  private Redis redis;
  private WorkerExecutor hashing;
  private PasswordHasher hasher;
  private UserRepository users;
  private LoginLimiter limiter;
  private Limits limits;
  private String dummyHash;

  @Override
  public Future<?> start() {
    ChatConfig config = new ChatConfig(config());
    limits = config.limits();
    pool = MySqlStore.pool(vertx, config);
    redis = RedisStore.client(vertx, config);
    hashing = vertx.createSharedWorkerExecutor("chat-password-hashing",
        Runtime.getRuntime().availableProcessors());
    hasher = new PasswordHasher(config.passwordIterations());
    users = new UserRepository(pool);
    limiter = new LoginLimiter(redis, RedisStore.keys(config), config.loginFailures(),
        config.loginFailureWindowMillis());
    ActionRouter router = new ActionRouter(Addresses.AUTH, StoreFailures::classify, ChatMetrics.registry(config))
        .on(Actions.Auth.REGISTER, this::register)
        .on(Actions.Auth.LOGIN, this::login);
    // Unknown names are checked against this hash, so they cost as much time as a wrong password.
    return hash("dummy password " + System.nanoTime())
        .compose(dummy -> {
          dummyHash = dummy;
          return vertx.eventBus().<JsonObject>consumer(Addresses.AUTH, router::handle).completion();
        });
  }

  @Override
  public Future<?> stop() {
    return Future.join(pool.close(), redis.close(), hashing.close());
  }

  private Future<JsonObject> register(JsonObject request) {
    String name = request.getString("name");
    String password = request.getString("password");
    limits.checkName(name, ErrorCode.INVALID_NAME);
    limits.checkPassword(password);
    return hash(password)
        .compose(hash -> users.insert(name, hash))
        .map(id -> new JsonObject().put("user", Events.user(id, name)));
  }

  private Future<JsonObject> login(JsonObject request) {
    String password = request.getString("password");
    Integer id = request.getInteger("id");
    String name = request.getString("name");
    Future<User> found = id != null ? users.findById(id) : users.findByName(name);
    return found.compose(user -> {
      // Failures count per name; a login by an id nobody has counts under that id.
      String limitKey = user != null ? user.name() : (id != null ? "#" + id : name);
      return limiter.begin(limitKey).compose(attempt -> attempt.isEmpty()
          ? Future.failedFuture(new ChatException(ErrorCode.RATE_LIMITED,
              "too many failed logins for this name, try again later"))
          : verify(user, password).compose(verified -> limiter.succeeded(limitKey, attempt.get())
              .map(verified)));
    });
  }

  /** The user's reply when the password is right; bad_credentials (the attempt stays a failure) if not. */
  private Future<JsonObject> verify(User user, String password) {
    String stored = user != null ? user.passwordHash() : dummyHash;
    return hashing.executeBlocking(() -> hasher.verify(password, stored), false)
        .compose(matches -> {
          if (user == null || !matches) {
            return Future.failedFuture(new ChatException(ErrorCode.BAD_CREDENTIALS, BAD_CREDENTIALS));
          }
          if (hasher.needsRehash(stored)) {
            upgradeHash(user, password);
          }
          return Future.succeededFuture(new JsonObject().put("user", Events.user(user.id(), user.name())));
        });
  }

  /** Re-hashes a password stored at an older cost; the login does not wait for it. */
  private void upgradeHash(User user, String password) {
    hash(password)
        .compose(hash -> users.updateHash(user.id(), hash))
        .onFailure(e -> LOG.warn("could not upgrade the password hash of user {}: {}", user.id(), e.toString()));
  }

  private Future<String> hash(String password) {
    return hashing.executeBlocking(() -> hasher.hash(password), false);
  }
}
