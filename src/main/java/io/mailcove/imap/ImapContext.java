package io.mailcove.imap;

import io.mailcove.server.ServerContext;

/** What all IMAP sessions of one server share: the server context, settings and the \Recent bookkeeping. */
final class ImapContext {
  final ServerContext server;
  final ImapSettings settings;
  final RecentTracker recent = new RecentTracker();
  /**
   * Password checks run at most one per core at a time: each Argon2id verification is CPU-bound and takes ~19 MiB,
   * so a burst of logins waits here instead of multiplying heap use without finishing any sooner.
   */
  final java.util.concurrent.Semaphore logins =
      new java.util.concurrent.Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));

  ImapContext(ServerContext server, ImapSettings settings) {
    this.server = server;
    this.settings = settings;
  }
}
