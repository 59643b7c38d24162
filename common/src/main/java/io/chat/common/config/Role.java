package io.chat.common.config;

import io.chat.common.bus.Addresses;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a node runs ({@code CHAT_ROLES}): the gateway (client port and delivery address) and
 * each service. A node may play any of them; the cluster as a whole needs all four. The message
 * role also runs the push service, which the message service hands its stored messages to.
 */
public enum Role {
  GATEWAY(),
  AUTH(Addresses.AUTH),
  SOCIAL(Addresses.SOCIAL),
  MESSAGE(Addresses.MESSAGE, Addresses.PUSH);

  private final String address;
  private final Set<String> served;

  /** @param addresses the role's own service address first, then those of services it runs alongside */
  Role(String... addresses) {
    this.address = addresses.length == 0 ? null : addresses[0];
    this.served = Set.of(addresses);
  }

  /** The service address of this role (null for the gateway, which has none). */
  public String address() {
    return address;
  }

  /** Parses a comma-separated list such as {@code gateway,auth}. */
  public static Set<Role> parse(String list) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String part : list.split(",")) {
      String name = part.trim();
      if (name.isEmpty()) {
        continue;
      }
      try {
        roles.add(Role.valueOf(name.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(ConfigKeys.ROLES, "names an unknown role '" + name
            + "' (roles: gateway, auth, social, message)");
      }
    }
    if (roles.isEmpty()) {
      throw new ConfigException(ConfigKeys.ROLES, "names no role");
    }
    return roles;
  }

  /** The roles as CHAT_ROLES spells them: {@code gateway,auth}. */
  public static String describe(Set<Role> roles) {
    return String.join(",", roles.stream().map(role -> role.name().toLowerCase(Locale.ROOT)).toList());
  }

  /** Whether a node with these roles has a service on this address. */
  public static boolean serves(Set<Role> roles, String address) {
    return roles.stream().anyMatch(role -> role.served.contains(address));
  }
}
