package io.mailcove.imap;

import io.mailcove.server.ServerContext;

/** What all IMAP sessions of one server share: the server context, settings and the \Recent bookkeeping. */
final class ImapContext {
  final ServerContext server;
  final ImapSettings settings;
  final RecentTracker recent = new RecentTracker();

  ImapContext(ServerContext server, ImapSettings settings) {
    this.server = server;
    this.settings = settings;
  }
}
