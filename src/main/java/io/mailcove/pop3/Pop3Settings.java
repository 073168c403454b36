package io.mailcove.pop3;

import io.mailcove.config.ConfigSection;
import java.time.Duration;

/**
 * The {@code [pop3]} section (plaintext keys named as in {@code [imap]}).
 * <ul>
 *   <li>{@code allow_plaintext_loopback} (default true): USER/PASS and AUTH PLAIN without TLS are accepted on port
 *   110 from loopback addresses (local tools, tests); remote clients must STLS first (RFC 2595 §4).</li>
 *   <li>{@code allow_plaintext} (default false): accept them without TLS from any address (not recommended).</li>
 *   <li>{@code idle_timeout} (default 10m, never less: RFC 1939 §3): the autologout timer.</li>
 *   <li>{@code login_timeout} (default 60s): time from connection to login, however slowly the client sends.</li>
 *   <li>{@code max_auth_failures} (default 3): failed logins in one session before it is closed.</li>
 *   <li>{@code max_errors} (default 20): rejected commands in one session before it is closed.</li>
 * </ul>
 */
public record Pop3Settings(boolean allowPlaintextLoopback, boolean allowPlaintext, Duration idleTimeout,
                           Duration loginTimeout, int maxAuthFailures, int maxErrors) {
  static final Duration MIN_IDLE = Duration.ofMinutes(10);

  public static Pop3Settings defaults() {
    return new Pop3Settings(true, false, MIN_IDLE, Duration.ofSeconds(60), 3, 20);
  }

  public static Pop3Settings from(ConfigSection s) {
    Pop3Settings d = defaults();
    Duration idle = s.duration("idle_timeout", d.idleTimeout());
    if (idle.compareTo(MIN_IDLE) < 0) {
      throw s.invalid("idle_timeout", "= " + idle + " is shorter than 10 minutes",
          "RFC 1939 §3 requires at least 10m");
    }
    int failures = s.intValue("max_auth_failures", d.maxAuthFailures());
    if (failures < 1) {
      throw s.invalid("max_auth_failures", "= " + failures + " is too small", "use a number such as 3");
    }
    int errors = s.intValue("max_errors", d.maxErrors());
    if (errors < 1) {
      throw s.invalid("max_errors", "= " + errors + " is too small", "use a number such as 20");
    }
    return new Pop3Settings(s.bool("allow_plaintext_loopback", d.allowPlaintextLoopback()),
        s.bool("allow_plaintext", d.allowPlaintext()), idle, loginTimeout(s, d.loginTimeout()), failures,
        errors);
  }

  /** These settings with another autologout time (any length: the RFC floor is enforced on the configuration). */
  public Pop3Settings withIdleTimeout(Duration idle) {
    return new Pop3Settings(allowPlaintextLoopback, allowPlaintext, idle, loginTimeout, maxAuthFailures, maxErrors);
  }

  private static Duration loginTimeout(ConfigSection s, Duration fallback) {
    Duration d = s.duration("login_timeout", fallback);
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      throw s.invalid("login_timeout", "= " + d + " is too short", "use at least 1s");
    }
    return d;
  }
}
