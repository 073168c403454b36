package io.mailcove.web.console;

import io.mailcove.admin.AccountView;
import java.util.List;
import java.util.Locale;

/**
 * One page of the console's account list: the accounts whose address contains {@code query} (any case), sorted by
 * address, {@link #SIZE} to a page, so that a server with thousands of accounts stays usable.
 */
public record AccountPage(List<AccountView> accounts, String query, int page, int pages, int total) {
  public static final int SIZE = 50;
  /** Longest search text taken; a longer one matches nothing anyway. */
  static final int MAX_QUERY = 320;

  /** Page {@code page} (from 1; clamped to the pages there are) of {@code all} filtered by {@code query}. */
  public static AccountPage of(List<AccountView> all, String query, int page) {
    String q = query == null ? "" : query.strip();
    if (q.length() > MAX_QUERY) {
      q = q.substring(0, MAX_QUERY);
    }
    String needle = q.toLowerCase(Locale.ROOT);
    List<AccountView> matching = all.stream()
        .filter(a -> needle.isEmpty() || a.address().toLowerCase(Locale.ROOT).contains(needle))
        .sorted(java.util.Comparator.comparing(AccountView::address))
        .toList();
    int pages = Math.max(1, (matching.size() + SIZE - 1) / SIZE);
    int p = Math.min(Math.max(page, 1), pages);
    int from = (p - 1) * SIZE;
    return new AccountPage(matching.subList(from, Math.min(matching.size(), from + SIZE)), q, p, pages,
        matching.size());
  }

  public boolean hasPrevious() {
    return page > 1;
  }

  public boolean hasNext() {
    return page < pages;
  }

  /** The link to page {@code p} of the same search. */
  public String link(int p) {
    return "/admin/accounts?page=" + p + (query.isEmpty() ? ""
        : "&q=" + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8));
  }
}
