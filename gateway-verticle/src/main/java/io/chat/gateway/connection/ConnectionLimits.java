package io.chat.gateway.connection;

/**
 * The limits each connection keeps.
 *
 * @param frameLimit the longest frame, in bytes
 * @param rateLimit frames per second on average (0: no limit)
 * @param rateBurst frames at once
 */
public record ConnectionLimits(int frameLimit, int rateLimit, int rateBurst) {
}
