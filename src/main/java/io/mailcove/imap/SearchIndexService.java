package io.mailcove.imap;

import io.mailcove.search.SearchIndex;
import io.mailcove.server.ServerContext;
import io.mailcove.server.Service;

/**
 * Opens the server's full-text index ({@link SearchIndex}, used by SEARCH BODY and TEXT, RFC 9051 §6.4.4) before
 * the IMAP listeners start, hands it to the IMAP sessions, and closes it after they stopped.
 */
final class SearchIndexService implements Service {
  private final ServerContext server;
  private SearchIndex opened;

  SearchIndexService(ServerContext server) {
    this.server = server;
  }

  @Override
  public String name() {
    return "search-index";
  }

  @Override
  public synchronized void start() {
    if (opened == null) {
      opened = SearchIndex.open(server.store(), server.dataDir(), server.activity());
    }
  }

  /** The open index, or null before {@link #start} and after {@link #stop}. */
  synchronized SearchIndex index() {
    return opened;
  }

  @Override
  public synchronized void stop() {
    if (opened != null) {
      opened.close();
      opened = null;
    }
  }
}
