package io.mailcove.auth;

import io.mailcove.config.ConfigSection;
import java.time.Duration;

/**
 * The {@code [auth]} section: how many failed logins from one IP (or against one account) within {@code window}
 * lead to a ban of the IP for {@code ban_time}; {@code min_password_length} for new passwords.
 */
public record AuthSettings(int maxFailuresPerIp, int maxFailuresPerAccount, Duration window, Duration banTime,
                           int minPasswordLength) {
  public static AuthSettings defaults() {
    return new AuthSettings(10, 20, Duration.ofMinutes(15), Duration.ofHours(1), 10);
  }

  public static AuthSettings from(ConfigSection s) {
    AuthSettings d = defaults();
    return new AuthSettings(s.intValue("max_failures_per_ip", d.maxFailuresPerIp()),
        s.intValue("max_failures_per_account", d.maxFailuresPerAccount()), s.duration("failure_window", d.window()),
        s.duration("ban_time", d.banTime()), s.intValue("min_password_length", d.minPasswordLength()));
  }
}
