package io.chat.common.config;

/**
 * Every configuration key. A key is spelled the same way as an environment variable, in the
 * JSON defaults ({@code chat-defaults.json}) and in a {@code --config} file.
 */
public final class ConfigKeys {

  public static final String HOST = "CHAT_HOST";
  public static final String PORT = "CHAT_PORT";
  public static final String NODE = "CHAT_NODE";
  public static final String MYSQL_URI = "CHAT_MYSQL_URI";
  public static final String MYSQL_POOL_SIZE = "CHAT_MYSQL_POOL_SIZE";
  public static final String REDIS_URI = "CHAT_REDIS_URI";
  public static final String REDIS_PREFIX = "CHAT_REDIS_PREFIX";
  public static final String IDLE_TIMEOUT = "CHAT_IDLE_TIMEOUT";
  public static final String FRAME_LIMIT = "CHAT_FRAME_LIMIT";
  public static final String PASSWORD_ITERATIONS = "CHAT_PASSWORD_ITERATIONS";
  public static final String LOGIN_FAILURES = "CHAT_LOGIN_FAILURES";
  public static final String LOGIN_FAILURE_WINDOW = "CHAT_LOGIN_FAILURE_WINDOW";
  public static final String TOKEN_TTL = "CHAT_TOKEN_TTL";
  public static final String TOKEN_FAILURES = "CHAT_TOKEN_FAILURES";
  public static final String REQUEST_TIMEOUT = "CHAT_REQUEST_TIMEOUT";
  public static final String EVENT_LOOPS = "CHAT_EVENT_LOOPS";
  public static final String GATEWAY_INSTANCES = "CHAT_GATEWAY_INSTANCES";
  public static final String NAME_MAX = "CHAT_NAME_MAX";
  public static final String PASSWORD_MIN = "CHAT_PASSWORD_MIN";
  public static final String PASSWORD_MAX = "CHAT_PASSWORD_MAX";
  public static final String DESC_MAX = "CHAT_DESC_MAX";
  public static final String TEXT_MAX = "CHAT_TEXT_MAX";
  public static final String PRESENCE_TTL = "CHAT_PRESENCE_TTL";
  public static final String RELATION_MAX_AGE = "CHAT_RELATION_MAX_AGE";
  public static final String OFFLINE_BATCH = "CHAT_OFFLINE_BATCH";
  public static final String LOG_WRITERS = "CHAT_LOG_WRITERS";
  public static final String ROLES = "CHAT_ROLES";
  public static final String CLUSTER = "CHAT_CLUSTER";
  public static final String CLUSTER_HOST = "CHAT_CLUSTER_HOST";
  public static final String CLUSTER_PORT = "CHAT_CLUSTER_PORT";
  public static final String CLUSTER_BUS_PORT = "CHAT_CLUSTER_BUS_PORT";
  public static final String CLUSTER_MEMBERS = "CHAT_CLUSTER_MEMBERS";
  public static final String HAZELCAST_CONFIG = "CHAT_HAZELCAST_CONFIG";
  public static final String ROUTE = "CHAT_ROUTE";
  public static final String ADMIN_HOST = "CHAT_ADMIN_HOST";
  public static final String ADMIN_PORT = "CHAT_ADMIN_PORT";
  public static final String OUTBOUND_LIMIT = "CHAT_OUTBOUND_LIMIT";
  public static final String RATE_LIMIT = "CHAT_RATE_LIMIT";
  public static final String RATE_BURST = "CHAT_RATE_BURST";
  public static final String MAX_CONNECTIONS = "CHAT_MAX_CONNECTIONS";
  public static final String MAX_CONNECTIONS_PER_ADDRESS = "CHAT_MAX_CONNECTIONS_PER_ADDRESS";
  public static final String CONNECT_RATE = "CHAT_CONNECT_RATE";
  public static final String CONNECT_BURST = "CHAT_CONNECT_BURST";
  public static final String TLS_CERT = "CHAT_TLS_CERT";
  public static final String TLS_KEY = "CHAT_TLS_KEY";
  public static final String PUSH_PREVIEW = "CHAT_PUSH_PREVIEW";
  public static final String PUSH_QUEUE = "CHAT_PUSH_QUEUE";
  public static final String PUSH_CONCURRENCY = "CHAT_PUSH_CONCURRENCY";
  public static final String PUSH_TIMEOUT = "CHAT_PUSH_TIMEOUT";
  public static final String PUSH_RETRIES = "CHAT_PUSH_RETRIES";
  public static final String PUSH_BACKOFF = "CHAT_PUSH_BACKOFF";
  public static final String PUSH_WEBHOOK_URL = "CHAT_PUSH_WEBHOOK_URL";
  public static final String PUSH_WEBHOOK_SECRET = "CHAT_PUSH_WEBHOOK_SECRET";
  public static final String FCM_CREDENTIALS = "CHAT_FCM_CREDENTIALS";
  public static final String FCM_ENDPOINT = "CHAT_FCM_ENDPOINT";
  public static final String APNS_KEY_FILE = "CHAT_APNS_KEY_FILE";
  public static final String APNS_KEY_ID = "CHAT_APNS_KEY_ID";
  public static final String APNS_TEAM_ID = "CHAT_APNS_TEAM_ID";
  public static final String APNS_TOPIC = "CHAT_APNS_TOPIC";
  public static final String APNS_ENDPOINT = "CHAT_APNS_ENDPOINT";
  public static final String WS_HOST = "CHAT_WS_HOST";
  public static final String WS_PORT = "CHAT_WS_PORT";
  public static final String WS_ORIGINS = "CHAT_WS_ORIGINS";

  private ConfigKeys() {
  }
}
