package io.chat.message.presence;

/**
 * The Lua scripts that change the presence registry. Each runs atomically in Redis, so two
 * nodes changing one user's sessions at once never both see "first session" or "last one".
 *
 * <p>Keys: {@code presence:<user>} is a hash session id to node id; {@code node_users:<node>}
 * the users with a session on a node; {@code node:<node>} the node's heartbeat (expires
 * unless refreshed); {@code nodes} the nodes that have had sessions; {@code closed_session:<id>}
 * a session whose close found nothing to remove, so that its open, if it comes late, is ignored.
 */
final class PresenceScripts {

  /**
   * KEYS: presence:user, node_users:node, nodes, node:node, closed_session:session. ARGV:
   * session, node, user, ttl ms. A session already closed is not recorded (its open came late).
   * Returns {recorded (0/1), the user's sessions after the change as a flat field/value list}.
   */
  static final String OPEN = """
      if redis.call('EXISTS', KEYS[5]) == 1 then return {0, redis.call('HGETALL', KEYS[1])} end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      redis.call('SADD', KEYS[2], ARGV[3])
      redis.call('SADD', KEYS[3], ARGV[2])
      redis.call('SET', KEYS[4], '1', 'PX', ARGV[4])
      return {1, redis.call('HGETALL', KEYS[1])}
      """;

  /**
   * KEYS: presence:user, node_users:node, closed_session:session. ARGV: session, node, user,
   * how long to remember a session closed before its open arrived (ms).
   * Returns {removed (0/1), sessions after the change as a flat field/value list}.
   */
  static final String CLOSE = """
      local removed = redis.call('HDEL', KEYS[1], ARGV[1])
      if removed == 0 then redis.call('SET', KEYS[3], '1', 'PX', ARGV[4]) end
      local sessions = redis.call('HGETALL', KEYS[1])
      local still = false
      for i = 2, #sessions, 2 do
        if sessions[i] == ARGV[2] then still = true end
      end
      if not still then redis.call('SREM', KEYS[2], ARGV[3]) end
      return {removed, sessions}
      """;

  /**
   * Removes every session of a node whose heartbeat has expired. KEYS: node_users:node, nodes,
   * node:node. ARGV: node, prefix of the presence keys. Returns {the users left with no session
   * at all, the users who still have sessions on other nodes} (both empty if the node is alive,
   * or another node reaped it first).
   */
  static final String REAP = """
      if redis.call('EXISTS', KEYS[3]) == 1 then return {{}, {}} end
      local offline = {}
      local elsewhere = {}
      for _, user in ipairs(redis.call('SMEMBERS', KEYS[1])) do
        local key = ARGV[2] .. user
        local sessions = redis.call('HGETALL', key)
        for i = 1, #sessions, 2 do
          if sessions[i + 1] == ARGV[1] then redis.call('HDEL', key, sessions[i]) end
        end
        if redis.call('HLEN', key) == 0 then
          offline[#offline + 1] = user
        else
          elsewhere[#elsewhere + 1] = user
        end
      end
      redis.call('DEL', KEYS[1])
      redis.call('SREM', KEYS[2], ARGV[1])
      return {offline, elsewhere}
      """;

  /**
   * A node's heartbeat. KEYS: node:node, nodes. ARGV: node, ttl ms. Returns 1 when the key had
   * lapsed (the node's entries may have been reaped while Redis was out of reach), else 0.
   */
  static final String HEARTBEAT = """
      local lapsed = 1 - redis.call('EXISTS', KEYS[1])
      redis.call('SET', KEYS[1], '1', 'PX', ARGV[2])
      redis.call('SADD', KEYS[2], ARGV[1])
      return lapsed
      """;

  private PresenceScripts() {
  }
}
