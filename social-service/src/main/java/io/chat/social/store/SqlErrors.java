package io.chat.social.store;

import io.vertx.mysqlclient.MySQLException;

/** MySQL error numbers the repositories turn into protocol answers. */
final class SqlErrors {

  static final int DUPLICATE_KEY = 1062;
  static final int DEADLOCK = 1213;

  private SqlErrors() {
  }

  static boolean is(Throwable failure, int errorCode) {
    return failure instanceof MySQLException mysql && mysql.getErrorCode() == errorCode;
  }
}
