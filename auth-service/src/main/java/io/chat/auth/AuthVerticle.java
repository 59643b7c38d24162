package io.chat.auth;

import io.chat.auth.limit.LoginLimiter;
import io.chat.auth.password.HashingQueue;
import io.chat.auth.password.PasswordHasher;
import io.chat.auth.store.User;
import io.chat.auth.store.UserRepository;
import io.chat.auth.token.TokenStore;
import io.chat.common.bus.ActionRouter;
import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.ServiceVerticle;
import io.chat.common.bus.Empty;
import io.chat.common.bus.auth.LoginReply;
import io.chat.common.bus.auth.LoginRequest;
import io.chat.common.bus.auth.RegisterRequest;
import io.chat.common.bus.auth.UserReply;
import io.chat.common.config.ChatConfig;
import io.chat.common.metrics.ChatMetrics;
import io.chat.common.model.Named;
import io.chat.common.model.UserRef;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.common.protocol.Errors;
import io.chat.store.MySqlStore;
import io.chat.store.RedisStore;
import io.chat.store.StoreFailures;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts: {@code register}, {@code login} (with a password or a token) and the revocation of a
 * logged-out session's token, on {@link Addresses#AUTH}. Password hashing runs on a worker pool
 * of its own; the event loop only waits for its result. A token login costs no hashing.
 */
public final class AuthVerticle extends ServiceVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(AuthVerticle.class);
  private static final String BAD_CREDENTIALS = "wrong name or password";

  private Pool pool;
  private Redis redis;
  private WorkerExecutor hashingPool;
  private HashingQueue hashing;
  private PasswordHasher hasher;
  private UserRepository users;
  private LoginLimiter limiter;
  private LoginLimiter tokenLimiter;
  private TokenStore tokens;
  private String dummyHash;
  private Map<String, Counter> tokenLogins;

  public AuthVerticle(ChatConfig config) {
    super(config, Addresses.AUTH, StoreFailures::classify);
  }

  /** Unknown names are checked against a dummy hash, so they cost as much time as a wrong password. */
  @Override
  protected Future<?> setUp() {
    pool = MySqlStore.pool(vertx, config);
    redis = RedisStore.client(vertx, config);
    int threads = Runtime.getRuntime().availableProcessors();
    hashingPool = vertx.createSharedWorkerExecutor("chat-password-hashing", threads);
    hasher = new PasswordHasher(config.passwordIterations());
    users = new UserRepository(pool);
    limiter = new LoginLimiter(redis, RedisStore.keys(config), config.loginFailures(),
        config.loginFailureWindowMillis());
    tokenLimiter = new LoginLimiter(redis, RedisStore.keys(config), config.tokenFailures(),
        config.loginFailureWindowMillis());
    tokens = new TokenStore(redis, RedisStore.keys(config), config.tokenTtlMillis());
    tokenLogins = new HashMap<>();
    List.of("ok", "bad_credentials", "rate_limited").forEach(result -> countTokenLogin(result, 0));
    // Two hashes: the second, with the code compiled, tells the hashing queue what one costs here.
    return hashingPool.executeBlocking(() -> hasher.hash("warm-up " + System.nanoTime()), false)
        .compose(warm -> hashingPool.executeBlocking(() -> {
          long started = System.nanoTime();
          return new Measured(hasher.hash("dummy password " + started), System.nanoTime() - started);
        }, false))
        .onSuccess(measured -> {
          dummyHash = measured.hash();
          hashing = new HashingQueue(context, hashingPool, threads, config.requestTimeoutMillis(), measured.nanos(),
              ChatMetrics.registry(config));
        });
  }

  private record Measured(String hash, long nanos) {
  }

  @Override
  protected void routes(ActionRouter router) {
    router.on(Actions.Auth.REGISTER, this::register)
        .on(Actions.Auth.LOGIN, this::login)
        .on(Actions.Auth.REVOKE, revoked -> tokens.revoke(revoked.tokenId()).map(Empty.INSTANCE));
  }

  @Override
  protected Future<?> tearDown() {
    return Future.join(pool.close(), redis.close(), hashingPool.close());
  }

  private Future<UserReply> register(RegisterRequest request) {
    config.limits().checkName(request.name(), ErrorCode.INVALID_NAME);
    config.limits().checkPassword(request.password());
    // A name already taken is answered before the hash: it costs no hashing, and no id (a refused
    // INSERT would use one up). Two registrations racing for a new name still meet the key.
    return users.findByName(request.name())
        .compose(taken -> taken != null ? Future.failedFuture(UserRepository.nameTaken(request.name()))
            : hashing.admit().run(() -> hasher.hash(request.password())))
        .compose(hash -> users.insert(request.name(), hash))
        .map(id -> new UserReply(new UserRef(id, request.name())));
  }

  private Future<LoginReply> login(LoginRequest request) {
    if (request.token() != null) {
      return tokenLogin(request);
    }
    return passwordLogin(request)
        .compose(user -> tokens.issue(user).map(issued -> new LoginReply(user, issued.token(), issued.id())));
  }

  /**
   * A token logs its user in as it is (it stays the session's token). Failures count per client
   * address: a token is no password, and guessing one is hopeless, but a flood of tries is
   * refused. Only failures count, not logins in flight: a reconnect storm from one address
   * (users behind one proxy, after a node loss) is not refused.
   */
  private Future<LoginReply> tokenLogin(LoginRequest request) {
    String limitKey = "token@" + request.address();
    return tokenLimiter.allows(limitKey)
        .compose(allowed -> allowed
            ? tokens.lookup(request.token())
            : Future.<Optional<UserRef>>failedFuture(
                Errors.rateLimited("too many failed token logins from this address, try again later")))
        .compose(found -> found.isPresent()
            ? Future.succeededFuture(found.get())
            : tokenLimiter.failed(limitKey).transform(counted -> Future.<UserRef>failedFuture(
                new ChatException(ErrorCode.BAD_CREDENTIALS, "unknown or expired token"))))
        .map(user -> new LoginReply(user, request.token(), TokenStore.idOf(request.token())))
        .andThen(done -> countTokenLogin(done.succeeded() ? "ok" : done.cause() instanceof ChatException refused
            ? refused.code().wireName() : "unavailable"));
  }

  private void countTokenLogin(String result) {
    countTokenLogin(result, 1);
  }

  /** chat_token_logins_total{result}; the usual results are there from the start, at 0. */
  private void countTokenLogin(String result, int times) {
    tokenLogins.computeIfAbsent(result, key -> Counter.builder("chat.token.logins")
        .description("Logins with a token, by result").tag("result", key).register(ChatMetrics.registry(config)))
        .increment(times);
  }

  /**
   * Failures count per name; a login by an id nobody has counts under that id. The attempt is
   * recorded before the password is checked and stays a failure unless it succeeds.
   */
  private Future<UserRef> passwordLogin(LoginRequest request) {
    // Admitted (or refused busy) first: a refused login must not count as a failed one.
    HashingQueue.Ticket ticket = hashing.admit();
    Named named = request.user();
    return (named.byId() ? users.findById(named.id()) : users.findByName(named.name())).compose(user -> {
      String limitKey = user != null ? user.name() : named.byId() ? "#" + named.id() : named.name();
      return limiter.begin(limitKey)
          .compose(attempt -> attempt.isPresent()
              ? Future.succeededFuture(attempt.get())
              : Future.failedFuture(Errors.rateLimited("too many failed logins for this name, try again later")))
          .compose(attempt -> verify(user, request.password(), ticket)
              .compose(verified -> limiter.succeeded(limitKey, attempt).map(verified)));
    }).onFailure(refused -> ticket.release());
  }

  /** The user when the password is right; bad_credentials (the attempt stays a failure) if not. */
  private Future<UserRef> verify(User user, String password, HashingQueue.Ticket ticket) {
    String stored = user != null ? user.passwordHash() : dummyHash;
    return ticket.run(() -> hasher.verify(password, stored)).compose(matches -> {
      if (user == null || !matches) {
        return Future.failedFuture(new ChatException(ErrorCode.BAD_CREDENTIALS, BAD_CREDENTIALS));
      }
      if (hasher.needsRehash(stored)) {
        upgradeHash(user, password);
      }
      return Future.succeededFuture(new UserRef(user.id(), user.name()));
    });
  }

  /**
   * Re-hashes a password stored at an older cost; the login does not wait for it. Skipped when
   * the hashing queue is full (the next login tries again).
   */
  private void upgradeHash(User user, String password) {
    HashingQueue.Ticket ticket;
    try {
      ticket = hashing.admit();
    } catch (ChatException busy) {
      return;
    }
    ticket.run(() -> hasher.hash(password))
        .compose(hash -> users.updateHash(user.id(), hash))
        .onFailure(e -> LOG.warn("could not upgrade the password hash of user {}: {}", user.id(), e.toString()));
  }
}
