package io.chat.server.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.NetworkConfig;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.message.NodeRef;
import io.chat.common.config.ChatConfig;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hazelcast side of clustered mode: the cluster manager built from {@code hazelcast.xml}
 * and the node's settings, and the watch on members leaving.
 */
public final class HazelcastSetup {

  private static final Logger LOG = LoggerFactory.getLogger(HazelcastSetup.class);
  private static final String NODE_ATTRIBUTE = "chat.node";

  private HazelcastSetup() {
  }

  public static HazelcastClusterManager clusterManager(ChatConfig config) {
    // Before the first Hazelcast class logs anything: its own logging would go to java.util.logging.
    System.setProperty("hazelcast.logging.type", "slf4j");
    Config hazelcast = load(config.hazelcastConfig());
    String host = config.clusterHost();
    NetworkConfig network = hazelcast.getNetworkConfig();
    network.setPort(config.clusterPort()).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(host));
    hazelcast.setProperty("hazelcast.local.localAddress", host);
    network.getJoin().getTcpIpConfig().setEnabled(true).setMembers(members(config, host));
    hazelcast.getMemberAttributeConfig().setAttribute(NODE_ATTRIBUTE, config.nodeId());
    return new HazelcastClusterManager(hazelcast);
  }

  /** Where this node's clustered event bus listens and is reached. */
  public static EventBusOptions eventBusOptions(ChatConfig config) {
    String host = config.clusterHost();
    return new EventBusOptions()
        .setHost(host)
        .setPort(config.clusterBusPort())
        .setClusterPublicHost(host)
        .setTcpNoDelay(true);
  }

  /**
   * Tells this node's services, on the local event bus, when another node leaves the cluster
   * (shut down, killed, or silent past the heartbeat limit), so its users are taken offline at
   * once instead of when its presence heartbeat expires; and when a node joins, or comes back
   * after a split, so caches fed by cluster broadcasts (which a split loses) start over.
   */
  public static void reportMembershipChanges(Vertx vertx, HazelcastClusterManager manager) {
    manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        String node = event.getMember().getAttribute(NODE_ATTRIBUTE);
        LOG.info("cluster: node {} joined", node);
        if (node != null) {
          vertx.eventBus().publish(Addresses.NODE_JOINED, new NodeRef(node).toJson(),
              new DeliveryOptions().setLocalOnly(true));
        }
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        String node = event.getMember().getAttribute(NODE_ATTRIBUTE);
        LOG.info("cluster: node {} left", node);
        if (node != null) {
          vertx.eventBus().publish(Addresses.NODE_LEFT, new NodeRef(node).toJson(),
              new DeliveryOptions().setLocalOnly(true));
        }
      }
    });
  }

  private static Config load(String path) {
    if (path == null || path.isBlank()) {
      return new ClasspathXmlConfig("hazelcast.xml");
    }
    try {
      return new FileSystemXmlConfig(path);
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException("CHAT_HAZELCAST_CONFIG: no such file " + path);
    }
  }

  private static List<String> members(ChatConfig config, String self) {
    List<String> members = new ArrayList<>(config.clusterMembers());
    if (members.isEmpty()) {
      members.add(self);
    }
    return members;
  }
}
