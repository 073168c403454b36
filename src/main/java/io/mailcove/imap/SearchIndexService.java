package io.mailcove.imap;

import io.mailcove.search.SearchIndex;
import io.mailcove.server.ServerContext;
import io.mailcove.server.Service;

/**
 * Opens the server's full-text index ({@link SearchIndex}, used by SEARCH BODY and TEXT, RFC 9051 §6.4.4) before
 * the IMAP listeners start, registers it in the server context, and closes it after they stopped. An index that
 * another package registered first is used as is and left to it.
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
    if (server.componentOrNull(SearchIndex.class) == null) {
      opened = SearchIndex.open(server.store(), server.dataDir(), server.activity());
      server.register(SearchIndex.class, opened);
    }
  }

  @Override
  public synchronized void stop() {
    if (opened != null) {
      opened.close();
      opened = null;
    }
  }
}
