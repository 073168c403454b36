package io.mailcove.smtp;

import io.mailcove.config.ConfigSection;
import java.time.Duration;
import java.util.List;

/**
 * The {@code [smtp]} section: limits of every SMTP session and who may relay.
 *
 * @param maxMessageSize         bytes of one message as received (announced in EHLO SIZE, RFC 1870)
 * @param maxLineLength          octets of a command line or a DATA text line, without CRLF
 * @param maxRecipients          RCPT TO per message (RFC 5321 §4.5.3.1.8 asks for at least 100)
 * @param maxConnectionsPerIp    simultaneous connections from one address, per listener
 * @param maxCommands            commands in one session before it is closed
 * @param maxErrors              refused commands in one session before it is closed
 * @param idleTimeout            time to wait for the next command or line (RFC 5321 §4.5.3.2.7: 5 minutes)
 * @param dataTimeout            total time one DATA or BDAT transfer may take
 * @param commandTimeout         time a command line may take once its first byte arrived; also the grace period
 *                               of a transfer before {@code minDataRate} applies
 * @param greetingTimeout        time from connect to the first MAIL FROM (greeting, EHLO, STARTTLS, AUTH)
 * @param minDataRate            bytes per second a DATA or BDAT transfer must average after its grace period (0: off)
 * @param trustedNetworks        clients that may relay without authentication (empty: nobody, never implied)
 * @param loopbackPlaintextAuth  offer AUTH without TLS to clients on the loopback interface
 */
public record SmtpSettings(long maxMessageSize, int maxLineLength, int maxRecipients, int maxConnectionsPerIp,
                           int maxCommands, int maxErrors, Duration idleTimeout, Duration dataTimeout,
                           Duration commandTimeout, Duration greetingTimeout, long minDataRate,
                           TrustedNetworks trustedNetworks, boolean loopbackPlaintextAuth) {
  public static SmtpSettings defaults() {
    return new SmtpSettings(25L * 1024 * 1024, 4096, 100, 20, 10_000, 20, Duration.ofMinutes(5),
        Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofMinutes(2), 500, TrustedNetworks.NONE, false);
  }

  public static SmtpSettings from(ConfigSection s) {
    SmtpSettings d = defaults();
    long maxSize = s.size("max_message_size", d.maxMessageSize());
    if (maxSize < 1024) {
      throw s.invalid("max_message_size", "is too small", "use at least 1K, e.g. \"25M\"");
    }
    int lineLength = s.intValue("max_line_length", d.maxLineLength());
    if (lineLength < 1000) {
      // RFC 5321 §4.5.3.1.6: a text line may hold 1000 octets including CRLF
      throw s.invalid("max_line_length", "is below 998", "use at least 998 (RFC 5321 §4.5.3.1.6), e.g. 4096");
    }
    List<String> cidrs = s.strings("trusted_networks", List.of());
    TrustedNetworks trusted;
    try {
      trusted = TrustedNetworks.parse(cidrs);
    } catch (IllegalArgumentException e) {
      throw s.invalid("trusted_networks", "holds " + e.getMessage(), "write networks as \"192.0.2.0/24\" or "
          + "\"2001:db8::/32\"");
    }
    return new SmtpSettings(maxSize, lineLength, positive(s, "max_recipients", d.maxRecipients()),
        positive(s, "max_connections_per_ip", d.maxConnectionsPerIp()),
        positive(s, "max_commands", d.maxCommands()), positive(s, "max_errors", d.maxErrors()),
        s.duration("idle_timeout", d.idleTimeout()), s.duration("data_timeout", d.dataTimeout()),
        s.duration("command_timeout", d.commandTimeout()), s.duration("greeting_timeout", d.greetingTimeout()),
        minDataRate(s, d.minDataRate()), trusted, s.bool("loopback_plaintext_auth", d.loopbackPlaintextAuth()));
  }

  private static long minDataRate(ConfigSection s, long defaultValue) {
    long v = s.size("min_data_rate", defaultValue);
    if (v < 0) {
      throw s.invalid("min_data_rate", "is negative", "use bytes per second, e.g. 500, or 0 to switch it off");
    }
    return v;
  }

  private static int positive(ConfigSection s, String key, int defaultValue) {
    int v = s.intValue(key, defaultValue);
    if (v <= 0) {
      throw s.invalid(key, "= " + v + " is not positive", "use a number above 0");
    }
    return v;
  }
}
