package io.mailcove.app;

import io.mailcove.auth.AuthSettings;
import io.mailcove.config.Config;
import io.mailcove.config.ConfigSection;
import io.mailcove.dns.DnsSettings;
import io.mailcove.imap.ImapSettings;
import io.mailcove.pop3.Pop3Settings;
import io.mailcove.queue.QueueSettings;
import io.mailcove.queue.RelayRoute;
import io.mailcove.server.Housekeeping;
import io.mailcove.server.ListenerSettings;
import io.mailcove.smtp.SmtpSettings;
import io.mailcove.store.StoreSettings;
import io.mailcove.tls.TlsSettings;
import io.mailcove.web.WebSettings;
import io.mailcove.web.session.SessionSettings;
import io.mailcove.web.signup.SignupSettings;
import java.util.Map;

/**
 * Checks a whole configuration file the way the server reads it: every section through its own reader (so a wrong
 * type or a value out of range is refused with that reader's message), then any key nobody read (a typo, or a
 * section of another version) through {@link Config#rejectUnknownKeys()}. Every command runs it before it does
 * anything, so {@code serve}, {@code demo} and the administrative commands accept and refuse the same files with the
 * same message. Nothing is opened: certificate files, ports and the data folder are the server's to check when it
 * starts.
 */
public final class ConfigurationCheck {
  private ConfigurationCheck() {}

  /**
   * Reads every key of {@code config} as {@link Application} does, in the same order, and fails with a
   * {@link io.mailcove.config.ConfigException} on the first problem. {@code listenerDefaults} as for
   * {@link Application#create}.
   */
  public static void check(Config config, Map<String, String> listenerDefaults) {
    ConfigSection root = config.root();
    String hostname = root.string("hostname", null);
    root.path("data_dir", null);
    StoreSettings.from(config.section("store"));
    TlsSettings.from(config.section("tls"));
    AuthSettings.from(config.section("auth"));
    ListenerSettings.from(config.section("listeners"), listenerDefaults);
    Housekeeping.Settings.from(config.section("housekeeping"));
    QueueSettings.from(config.section("queue"), config.section("mta_sts"), hostname);
    DnsSettings.resolver(config.section("dns"));
    RelayRoute.from(root.tables("relay"));
    SmtpSettings.from(config.section("smtp"));
    ImapSettings.from(config.section("imap"));
    Pop3Settings.from(config.section("pop3"));
    WebSettings.from(config.section("web"));
    SessionSettings.from(config.section("web"));
    SignupSettings.from(config.section("web"));
    config.rejectUnknownKeys();
  }
}
