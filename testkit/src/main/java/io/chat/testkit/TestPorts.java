package io.chat.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for test servers, taken below the kernel's ephemeral range (32768 and up). A port
 * from that range can also be handed to a client as its own source port, and a client that
 * gets the server's port connects to itself instead of the server.
 */
public final class TestPorts {

  private static final int FIRST = 20_000;
  private static final int LAST = 32_000;

  private TestPorts() {
  }

  /** Several free ports, all different (each is only probed, so two calls of {@link #free()} may agree). */
  public static int[] free(int count) {
    Set<Integer> ports = new LinkedHashSet<>();
    while (ports.size() < count) {
      ports.add(free());
    }
    return ports.stream().mapToInt(Integer::intValue).toArray();
  }

  public static int free() {
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
      try (ServerSocket probe = new ServerSocket()) {
        probe.setReuseAddress(false);
        probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free port between " + FIRST + " and " + LAST);
  }
}
