package io.chat.gateway.web;

import java.util.Locale;
import java.util.Set;

/**
 * Which web pages may open a WebSocket to the node. A browser names the origin of the page that
 * opens a WebSocket in the handshake's {@code Origin} header, and sends it to any site: without
 * this check, a page of another site could use its visitors' browsers as chat clients of this
 * node. Allowed: a handshake without {@code Origin} (not a browser: command-line tools, other
 * servers), the node's own pages (the origin's host and port are the request's {@code Host}, as
 * in any same-origin request, also through a proxy that passes {@code Host} on), and the
 * configured origins ({@code CHAT_WS_ORIGINS}).
 */
public final class OriginCheck {

  private final Set<String> allowed;

  /** @param allowed origins besides the page's own, lower case, as {@code scheme://host[:port]} */
  public OriginCheck(Set<String> allowed) {
    this.allowed = Set.copyOf(allowed);
  }

  /**
   * @param origin the handshake's {@code Origin} header, or null
   * @param host the handshake's {@code Host} header, or null
   */
  public boolean allows(String origin, String host) {
    if (origin == null) {
      return true;
    }
    String page = origin.trim().toLowerCase(Locale.ROOT);
    if (allowed.contains(page)) {
      return true;
    }
    // "null" (a sandboxed frame, a file) has no host, so it is only ever allowed by name.
    int scheme = page.indexOf("://");
    return host != null && scheme > 0 && page.substring(scheme + 3).equals(host.trim().toLowerCase(Locale.ROOT));
  }
}
