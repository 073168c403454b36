package io.mailcove.web.signup;

import io.mailcove.config.ConfigSection;
import java.util.Locale;

/**
 * The sign-up keys of the {@code [web]} section.
 * <ul>
 *   <li>{@code signup} (default {@code "closed"}): {@code "closed"}, only administrators make accounts;
 *   {@code "invite"}, anyone with a single-use invite code an administrator made; {@code "approval"}, anyone may
 *   ask and an administrator approves. Either way only at the domains marked open for sign-up.</li>
 *   <li>{@code signup_rate_per_ip} (default 5, 1–1000): sign-up forms one address may send per hour.</li>
 * </ul>
 */
public record SignupSettings(Policy policy, int ratePerIpPerHour) {
  /** Who may make an account on the web. */
  public enum Policy { CLOSED, INVITE, APPROVAL }

  public static SignupSettings defaults() {
    return new SignupSettings(Policy.CLOSED, 5);
  }

  public static SignupSettings from(ConfigSection web) {
    SignupSettings d = defaults();
    String value = web.string("signup", "closed");
    Policy policy;
    try {
      policy = Policy.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw web.invalid("signup", "= \"" + value + "\" is not a sign-up policy",
          "use \"closed\", \"invite\" or \"approval\"");
    }
    int rate = web.intValue("signup_rate_per_ip", d.ratePerIpPerHour());
    if (rate < 1 || rate > 1000) {
      throw web.invalid("signup_rate_per_ip", "= " + rate + " is out of range", "use a number from 1 to 1000");
    }
    return new SignupSettings(policy, rate);
  }

  public boolean open() {
    return policy != Policy.CLOSED;
  }
}
