package io.chat.message.presence;

/**
 * The Lua scripts that change the presence registry. Each runs atomically in Redis, so two
 * nodes changing one user's sessions at once never both see "first session" or "last one".
 *
 * <p>Keys: {@code presence:<user>} is a hash session id to node id; {@code node_users:<node>}
 * the users with a session on a node; {@code node:<node>} the node's heartbeat (expires
 * unless refreshed); {@code nodes} the nodes that have had sessions; {@code closed_session:<id>}
 * a session whose close found nothing to remove, so that its open, if it comes late, is ignored;
 * {@code presence_version} the newest version handed out.
 *
 * <p>Every change also gets a version: Redis's clock in microseconds, or one more than the
 * last version when the clock has not moved on (or went back). Changes of one user run one
 * after another in Redis, so a user's later change always has the greater version, whichever
 * node made it; {@code user.state} in MySQL keeps only the newest (see {@link UserStates}). The
 * clock, not a counter, so versions still grow after Redis restarts empty.
 */
final class PresenceScripts {

  /** Lua: next_version(key of presence_version), the version of the change being made. */
  private static final String NEXT_VERSION = """
      local function next_version(key)
        local time = redis.call('TIME')
        local version = tonumber(time[1]) * 1000000 + tonumber(time[2])
        local last = tonumber(redis.call('GET', key) or '0')
        if version <= last then version = last + 1 end
        redis.call('SET', key, string.format('%.0f', version))
        return version
      end
      """;

  /**
   * KEYS: presence:user, node_users:node, nodes, node:node, closed_session:session,
   * presence_version. ARGV: session, node, user, ttl ms. A session already closed is not recorded
   * (its open came late). Returns {recorded (0/1), the user's sessions after the change as a flat
   * field/value list, the change's version (0 when nothing was recorded)}.
   */
  static final String OPEN = NEXT_VERSION + """
      if redis.call('EXISTS', KEYS[5]) == 1 then return {0, redis.call('HGETALL', KEYS[1]), 0} end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      redis.call('SADD', KEYS[2], ARGV[3])
      redis.call('SADD', KEYS[3], ARGV[2])
      redis.call('SET', KEYS[4], '1', 'PX', ARGV[4])
      return {1, redis.call('HGETALL', KEYS[1]), next_version(KEYS[6])}
      """;

  /**
   * KEYS: presence:user, node_users:node, closed_session:session, presence_version. ARGV:
   * session, node, user, how long to remember a session closed before its open arrived (ms).
   * Returns {removed (0/1), sessions after the change as a flat field/value list, the change's
   * version (0 when nothing was removed)}.
   */
  static final String CLOSE = NEXT_VERSION + """
      local removed = redis.call('HDEL', KEYS[1], ARGV[1])
      if removed == 0 then redis.call('SET', KEYS[3], '1', 'PX', ARGV[4]) end
      local sessions = redis.call('HGETALL', KEYS[1])
      local still = false
      for i = 2, #sessions, 2 do
        if sessions[i] == ARGV[2] then still = true end
      end
      if not still then redis.call('SREM', KEYS[2], ARGV[3]) end
      local version = 0
      if removed == 1 then version = next_version(KEYS[4]) end
      return {removed, sessions, version}
      """;

  /**
   * Removes every session of a node whose heartbeat has expired. KEYS: node_users:node, nodes,
   * node:node, presence_version. ARGV: node, prefix of the presence keys. Returns {the users left
   * with no session at all, the users who still have sessions on other nodes, the version of
   * these changes} (empty lists and 0 if the node is alive, or another node reaped it first).
   */
  static final String REAP = NEXT_VERSION + """
      if redis.call('EXISTS', KEYS[3]) == 1 then return {{}, {}, 0} end
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
      return {offline, elsewhere, next_version(KEYS[4])}
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
