package io.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.VertxException;
import io.vertx.mysqlclient.MySQLException;
import java.net.ConnectException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A store failure at start-up, in words")
class StoreCheckTest {

  @Test
  @DisplayName("leaves out the native transport's system call and the address the node already names")
  void nativeConnect() {
    assertEquals("Connection refused", StoreCheck.reason(
        new ConnectException("finishConnect(..) failed with error(-111): Connection refused: /127.0.0.1:3306")));
    assertEquals("Connection refused", StoreCheck.reason(new ConnectException("Connection refused: localhost/127.0.0.1:1")));
  }

  @Test
  @DisplayName("takes the first message along the causes")
  void causes() {
    assertEquals("Connection reset by peer", StoreCheck.reason(
        new VertxException(null, new ConnectException("recvAddress(..) failed with error(-104): Connection reset by peer"))));
  }

  @Test
  @DisplayName("gives a MySQL error's own text")
  void mysqlError() {
    assertEquals("Access denied for user 'chat'@'10.0.0.11' (using password: YES)", StoreCheck.reason(
        new MySQLException("Access denied for user 'chat'@'10.0.0.11' (using password: YES)", 1045, "28000")));
  }
}
