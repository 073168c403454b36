package io.mailcove.web;

import io.mailcove.config.ConfigSection;
import java.time.Duration;

/**
 * The {@code [web]} section: the bounds of the http and https listeners.
 * <ul>
 *   <li>{@code max_header_size} (default 8K, 1K–64K): request line and header fields together; a longer header
 *   section is answered 431, a request line that does not fit 414.</li>
 *   <li>{@code max_body_size} (default 1M): largest request body; larger: 413 (at once when Content-Length says
 *   so, else when the body passes the limit).</li>
 *   <li>{@code header_timeout} (default 20s, 1s–5m): time a client has for the TLS handshake and the header section
 *   of a request, counted from the connection or from the end of its previous request, however slowly it sends;
 *   then the connection is closed. This is also how long an idle keep-alive connection stays open.</li>
 *   <li>{@code idle_timeout} (default 60s, at least 1s): longest silence while a request is read or its response
 *   written.</li>
 *   <li>{@code max_connections} / {@code max_connections_per_ip} (default 1000 / 50): connections of one listener
 *   in all / from one address; more are closed at once, as are those from banned addresses.</li>
 *   <li>{@code hsts_max_age} (default 365d; 0 tells browsers to forget): the max-age of Strict-Transport-Security
 *   on https responses (browsers ignore it over a certificate they do not trust, RFC 6797 §8.1).</li>
 * </ul>
 */
public record WebSettings(int maxHeaderSize, long maxBodySize, Duration headerTimeout, Duration idleTimeout,
                          int maxConnections, int maxConnectionsPerIp, Duration hstsMaxAge) {
  public static WebSettings defaults() {
    return new WebSettings(8 * 1024, 1024 * 1024, Duration.ofSeconds(20), Duration.ofSeconds(60), 1000, 50,
        Duration.ofDays(365));
  }

  public static WebSettings from(ConfigSection s) {
    WebSettings d = defaults();
    long header = s.size("max_header_size", d.maxHeaderSize());
    if (header < 1024 || header > 64 * 1024) {
      throw s.invalid("max_header_size", "= " + header + " is out of range", "use a size from 1K to 64K");
    }
    long body = s.size("max_body_size", d.maxBodySize());
    if (body < 0) {
      throw s.invalid("max_body_size", "= " + body + " is negative", "use a size such as 1M");
    }
    Duration headerTimeout = s.duration("header_timeout", d.headerTimeout());
    if (headerTimeout.compareTo(Duration.ofSeconds(1)) < 0 || headerTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
      throw s.invalid("header_timeout", "= " + headerTimeout + " is out of range", "use a duration from 1s to 5m");
    }
    Duration idle = s.duration("idle_timeout", d.idleTimeout());
    if (idle.compareTo(Duration.ofSeconds(1)) < 0) {
      throw s.invalid("idle_timeout", "= " + idle + " is too short", "use at least 1s");
    }
    int max = s.intValue("max_connections", d.maxConnections());
    if (max < 1) {
      throw s.invalid("max_connections", "= " + max + " is too small", "use a number such as 1000");
    }
    int perIp = s.intValue("max_connections_per_ip", d.maxConnectionsPerIp());
    if (perIp < 1) {
      throw s.invalid("max_connections_per_ip", "= " + perIp + " is too small", "use a number such as 50");
    }
    Duration hsts = s.duration("hsts_max_age", d.hstsMaxAge());
    if (hsts.isNegative()) {
      throw s.invalid("hsts_max_age", "= " + hsts + " is negative", "use a duration such as 365d, or 0");
    }
    return new WebSettings((int) header, body, headerTimeout, idle, max, perIp, hsts);
  }
}
