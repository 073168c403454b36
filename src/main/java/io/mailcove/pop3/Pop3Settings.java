package io.mailcove.pop3;

import io.mailcove.config.ConfigSection;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code [pop3]} section.
 * <ul>
 *   <li>{@code plaintext_auth}: where USER/PASS and AUTH PLAIN are allowed without TLS: {@code "never"} (only after
 *   STLS or on port 995), {@code "loopback"} (default: also from 127.0.0.1/::1, for local tools and tests) or
 *   {@code "always"}.</li>
 *   <li>{@code idle_timeout}: the autologout timer, at least 10 minutes as RFC 1939 §3 requires.</li>
 *   <li>{@code max_auth_failures}: failed logins in one session before it is closed.</li>
 *   <li>{@code max_errors}: rejected commands in one session before it is closed.</li>
 * </ul>
 */
public record Pop3Settings(PlaintextAuth plaintextAuth, Duration idleTimeout, int maxAuthFailures, int maxErrors) {
  /** Where a password may travel unencrypted. */
  public enum PlaintextAuth { NEVER, LOOPBACK, ALWAYS }

  public static Pop3Settings defaults() {
    return new Pop3Settings(PlaintextAuth.LOOPBACK, Duration.ofMinutes(10), 3, 20);
  }

  public static Pop3Settings from(ConfigSection s) {
    Pop3Settings d = defaults();
    String plain = s.string("plaintext_auth", d.plaintextAuth().name().toLowerCase(Locale.ROOT));
    PlaintextAuth mode;
    try {
      mode = PlaintextAuth.valueOf(plain.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw s.invalid("plaintext_auth", "= \"" + plain + "\" is not a choice", "use \"never\", \"loopback\" or "
          + "\"always\"");
    }
    Duration idle = s.duration("idle_timeout", d.idleTimeout());
    if (idle.compareTo(Duration.ofMinutes(10)) < 0) {
      throw s.invalid("idle_timeout", "is below 10 minutes", "RFC 1939 requires at least \"10m\"");
    }
    int failures = s.intValue("max_auth_failures", d.maxAuthFailures());
    int errors = s.intValue("max_errors", d.maxErrors());
    if (failures < 1) {
      throw s.invalid("max_auth_failures", "must be at least 1", "use a number such as 3");
    }
    if (errors < 1) {
      throw s.invalid("max_errors", "must be at least 1", "use a number such as 20");
    }
    return new Pop3Settings(mode, idle, failures, errors);
  }
}
