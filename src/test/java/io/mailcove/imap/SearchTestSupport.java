package io.mailcove.imap;

/** Shared SEARCH helper. */
final class SearchTestSupport {
  private SearchTestSupport() {}

  static String search(ImapClient c, String criteria) throws Exception {
    return ImapSearchTest.search(c, criteria);
  }
}
