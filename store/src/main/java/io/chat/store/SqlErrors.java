package io.chat.store;

import io.vertx.mysqlclient.MySQLException;

/** MySQL error numbers the repositories turn into protocol answers. */
public final class SqlErrors {

  public static final int DUPLICATE_KEY = 1062;
  public static final int DEADLOCK = 1213;

  private SqlErrors() {
  }

  public static boolean is(Throwable failure, int errorCode) {
    return failure instanceof MySQLException mysql && mysql.getErrorCode() == errorCode;
  }
}
