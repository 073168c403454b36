package io.mailcove.imap;

import io.mailcove.server.ServerContext;

/**
 * What all IMAP sessions of one server share: the server context, settings, the \Recent bookkeeping, and the
 * caches of header sections, mailbox snapshots and search summaries.
 */
final class ImapContext {
  final ServerContext server;
  final ImapSettings settings;
  final RecentTracker recent = new RecentTracker();
  final HeaderCache headers = HeaderCache.sizedForHeap();
  final MailboxSnapshots snapshots = MailboxSnapshots.sizedForHeap();
  final SearchSummaries searchSummaries = SearchSummaries.sizedForHeap();
  final SearchMetas searchMetas = SearchMetas.sizedForHeap();

  /** The full-text index for SEARCH BODY/TEXT, or null when the server runs without one (messages are scanned). */
  io.mailcove.search.SearchIndex searchIndex() {
    return index == null ? null : index.index();
  }

  /** Where large APPEND messages are written as they arrive. */
  final java.nio.file.Path spoolDir;

  /** Opens and closes the full-text index; null when no IMAP listener runs. */
  private final SearchIndexService index;

  ImapContext(ServerContext server, ImapSettings settings, SearchIndexService index) {
    this.server = server;
    this.index = index;
    this.settings = settings;
    this.spoolDir = server.dataDir().resolve("tmp").resolve("imap");
    LiteralSpool.clean(spoolDir);
  }
}
