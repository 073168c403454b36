package io.mailcove.smtp;

import io.mailcove.auth.Authenticator;
import io.mailcove.pipeline.Pipeline;
import io.mailcove.server.MemoryBudget;
import io.mailcove.server.Watchdog;
import io.mailcove.tls.TlsProvider;
import java.nio.file.Path;

/**
 * What the three SMTP listeners share: settings, the receive pipeline every message goes through, TLS,
 * authentication, the memory budget and one watchdog that enforces the deadlines of every session.
 */
final class SmtpEngine {
  final SmtpSettings settings;
  final Pipeline pipeline;
  final TlsProvider tls;
  final Authenticator authenticator;
  final MemoryBudget budget;
  final Path tempDir;
  private final String hostname;
  /**
   * One watchdog thread for the whole process: it closes the sessions whose command, greeting phase or transfer ran
   * past its deadline.
   */
  private static final Watchdog WATCHDOG = new Watchdog("smtp-watchdog", 250);
  final Watchdog watchdog = WATCHDOG;

  SmtpEngine(SmtpSettings settings, Pipeline pipeline, String hostname, TlsProvider tls, Authenticator authenticator,
             MemoryBudget budget, Path tempDir) {
    this.settings = settings;
    this.pipeline = pipeline;
    this.hostname = hostname;
    this.tls = tls;
    this.authenticator = authenticator;
    this.budget = budget;
    this.tempDir = tempDir;
  }

  String hostname() {
    return hostname;
  }
}
