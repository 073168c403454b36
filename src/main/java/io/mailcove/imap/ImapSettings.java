package io.mailcove.imap;

import io.mailcove.config.ConfigSection;
import java.time.Duration;

/**
 * The {@code [imap]} section.
 *
 * <ul>
 *   <li>{@code allow_plaintext_loopback} (default true): LOGIN/AUTHENTICATE without TLS is accepted on port 143
 *       from loopback addresses only (local webmail, scripts, tests); remote clients must STARTTLS first
 *       (RFC 9051 §6.2.3, LOGINDISABLED).</li>
 *   <li>{@code allow_plaintext} (default false): accept plaintext logins from any address (not recommended).</li>
 *   <li>{@code append_limit} (default 50M): the largest message APPEND accepts (RFC 7889 APPENDLIMIT).</li>
 *   <li>{@code max_literal} (default 64K): the largest literal of any other command.</li>
 *   <li>{@code max_line_length} (default 64K): one command line without its literals.</li>
 *   <li>{@code max_nesting} (default 32): parentheses depth in SEARCH and lists.</li>
 *   <li>{@code idle_timeout} (default 30m, never less: RFC 9051 §5.4): inactivity autologout once logged in.</li>
 *   <li>{@code login_timeout} (default 60s): time from connection to login; a deadline that the client's bytes do
 *       not push back (and the longest silence before login).</li>
 *   <li>{@code max_connections}, {@code max_connections_per_ip} (default 10000 / 50).</li>
 * </ul>
 */
public record ImapSettings(boolean allowPlaintextLoopback, boolean allowPlaintext, long appendLimit, int maxLiteral,
                           int maxLineLength, int maxNesting, Duration idleTimeout, Duration loginTimeout,
                           int maxConnections, int maxConnectionsPerIp) {
  static final Duration MIN_IDLE = Duration.ofMinutes(30);

  public static ImapSettings defaults() {
    return new ImapSettings(true, false, 50L * 1024 * 1024, 64 * 1024, 64 * 1024, 32, MIN_IDLE,
        Duration.ofSeconds(60), 10000, 50);
  }

  public static ImapSettings from(ConfigSection s) {
    ImapSettings d = defaults();
    long appendLimit = s.size("append_limit", d.appendLimit());
    if (appendLimit < 1024 || appendLimit > Integer.MAX_VALUE - 64) {
      throw s.invalid("append_limit", "= " + appendLimit + " is out of range", "use a size from 1K to 2000M");
    }
    long maxLiteral = s.size("max_literal", d.maxLiteral());
    if (maxLiteral < 1024 || maxLiteral > 64L * 1024 * 1024) {
      throw s.invalid("max_literal", "= " + maxLiteral + " is out of range", "use a size from 1K to 64M");
    }
    int maxLine = (int) Math.min(16L * 1024 * 1024, s.size("max_line_length", d.maxLineLength()));
    if (maxLine < 1000) {
      throw s.invalid("max_line_length", "= " + maxLine + " is too small", "use at least 1000");
    }
    int nesting = s.intValue("max_nesting", d.maxNesting());
    if (nesting < 2 || nesting > 1000) {
      throw s.invalid("max_nesting", "= " + nesting + " is out of range", "use a number from 2 to 1000");
    }
    Duration idle = s.duration("idle_timeout", d.idleTimeout());
    if (idle.compareTo(MIN_IDLE) < 0) {
      throw s.invalid("idle_timeout", "= " + idle + " is shorter than 30 minutes",
          "RFC 9051 §5.4 requires at least 30m");
    }
    return new ImapSettings(s.bool("allow_plaintext_loopback", d.allowPlaintextLoopback()),
        s.bool("allow_plaintext", d.allowPlaintext()), appendLimit, (int) maxLiteral, maxLine, nesting, idle,
        loginTimeout(s, d.loginTimeout()), s.intValue("max_connections", d.maxConnections()),
        s.intValue("max_connections_per_ip", d.maxConnectionsPerIp()));
  }

  /** These settings with another autologout time (any length: the RFC floor is enforced on the configuration). */
  public ImapSettings withIdleTimeout(Duration idle) {
    return new ImapSettings(allowPlaintextLoopback, allowPlaintext, appendLimit, maxLiteral, maxLineLength,
        maxNesting, idle, loginTimeout, maxConnections, maxConnectionsPerIp);
  }

  private static Duration loginTimeout(ConfigSection s, Duration fallback) {
    Duration d = s.duration("login_timeout", fallback);
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      throw s.invalid("login_timeout", "= " + d + " is too short", "use at least 1s");
    }
    return d;
  }
}
