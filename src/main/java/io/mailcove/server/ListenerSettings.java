package io.mailcove.server;

import io.mailcove.config.ConfigSection;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code [listeners]} section: for each protocol an address "host:port", or "" / "off" to disable it.
 * Port 0 takes a free port (tests).
 */
public final class ListenerSettings {
  /** Standard ports for production ({@code serve}). */
  public static final Map<String, String> STANDARD = ordered(
      "smtp", "0.0.0.0:25", "submission", "0.0.0.0:587", "submissions", "0.0.0.0:465",
      "imap", "0.0.0.0:143", "imaps", "0.0.0.0:993", "pop3", "0.0.0.0:110", "pop3s", "0.0.0.0:995",
      "managesieve", "0.0.0.0:4190", "http", "0.0.0.0:80", "https", "0.0.0.0:443");

  /** Loopback high ports for {@code demo}. */
  public static final Map<String, String> DEMO = ordered(
      "smtp", "127.0.0.1:2525", "submission", "127.0.0.1:2587", "submissions", "127.0.0.1:2465",
      "imap", "127.0.0.1:2143", "imaps", "127.0.0.1:2993", "pop3", "127.0.0.1:2110", "pop3s", "127.0.0.1:2995",
      "managesieve", "127.0.0.1:4190", "http", "127.0.0.1:8080", "https", "");

  private final Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();

  private ListenerSettings() {}

  public static ListenerSettings from(ConfigSection section, Map<String, String> defaults) {
    ListenerSettings s = new ListenerSettings();
    for (Map.Entry<String, String> e : defaults.entrySet()) {
      String value = section.string(e.getKey(), e.getValue()).trim();
      if (value.isEmpty() || value.equalsIgnoreCase("off")) {
        continue;
      }
      s.addresses.put(e.getKey(), parse(section, e.getKey(), value));
    }
    return s;
  }

  /** The address for a protocol, or null when it is disabled. */
  public InetSocketAddress get(String protocol) {
    return addresses.get(protocol);
  }

  private static InetSocketAddress parse(ConfigSection section, String key, String value) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0) {
      throw section.invalid(key, "= \"" + value + "\" is not an address", "write it as \"host:port\", e.g. "
          + "\"0.0.0.0:25\", or \"off\"");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw section.invalid(key, "= \"" + value + "\" has no valid port", "use a port from 1 to 65535");
    }
    return new InetSocketAddress(host, port);
  }

  private static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
