package io.chat.push.device;

import io.chat.common.bus.push.Device;
import io.chat.common.bus.push.Provider;
import io.chat.common.model.UserRef;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code push_device} table: each user's devices, one row per user, provider and token. A
 * token is found by its SHA-256 ({@code token_hash}), which the keys hold.
 */
public final class DeviceRepository {

  private static final String REGISTER = "INSERT INTO push_device (userid, provider, token, token_hash) "
      + "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE userid = userid";
  private static final String UNREGISTER = "DELETE FROM push_device WHERE userid = ? AND provider = ? AND token_hash = ?";
  private static final String OF_USER = "SELECT provider, token FROM push_device WHERE userid = ? ORDER BY id";
  // The ids travel as one JSON array, so the statement is the same for any number of users.
  private static final String OF_USERS = "SELECT d.userid, u.name, d.provider, d.token FROM push_device d "
      + "JOIN user u ON u.id = d.userid "
      + "WHERE d.userid IN (SELECT id FROM JSON_TABLE(?, '$[*]' COLUMNS (id INT PATH '$')) AS ids) ORDER BY d.id";
  private static final String REMOVE_TOKEN = "DELETE FROM push_device WHERE provider = ? AND token_hash = ?";

  private final Pool pool;

  public DeviceRepository(Pool pool) {
    this.pool = pool;
  }

  /** Adds the device to the user's; one they have already is left as it is. */
  public Future<Void> register(int userId, Device device) {
    return pool.preparedQuery(REGISTER)
        .execute(Tuple.of(userId, device.provider().wireName(), device.token(), hash(device.token())))
        .mapEmpty();
  }

  /** Removes the device from the user's (one they do not have is no error). */
  public Future<Void> unregister(int userId, Device device) {
    return pool.preparedQuery(UNREGISTER)
        .execute(Tuple.of(userId, device.provider().wireName(), hash(device.token())))
        .mapEmpty();
  }

  /** The user's devices, oldest registration first. */
  public Future<List<Device>> of(int userId) {
    return pool.preparedQuery(OF_USER).execute(Tuple.of(userId)).map(rows -> {
      List<Device> devices = new ArrayList<>(rows.size());
      for (Row row : rows) {
        devices.add(device(row.getString(0), row.getString(1)));
      }
      return devices;
    });
  }

  /** The devices of all these users, in one query, each with its user's id and name. */
  public Future<List<DeviceRow>> ofUsers(List<Integer> userIds) {
    return pool.preparedQuery(OF_USERS).execute(Tuple.of(new JsonArray(new ArrayList<>(userIds)).encode()))
        .map(rows -> {
          List<DeviceRow> devices = new ArrayList<>(rows.size());
          for (Row row : rows) {
            devices.add(new DeviceRow(new UserRef(row.getInteger(0), row.getString(1)),
                device(row.getString(2), row.getString(3))));
          }
          return devices;
        });
  }

  /** A token its provider reports gone: removed for every user who registered it. */
  public Future<Void> removeToken(Device device) {
    return pool.preparedQuery(REMOVE_TOKEN).execute(Tuple.of(device.provider().wireName(), hash(device.token())))
        .mapEmpty();
  }

  private static Device device(String provider, String token) {
    return new Device(Provider.ofWireName(provider), token);
  }

  private static Buffer hash(String token) {
    try {
      return Buffer.buffer(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
