package io.mailcove.admin;

import io.mailcove.auth.ApiTokens;
import io.mailcove.store.Account;
import io.mailcove.store.Directory;
import io.mailcove.store.WebhookRecords;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Webhooks: an account registers URLs that hear of its own events, an administrator also URLs that hear of every
 * account's. The signing secret is answered once, at creation. Another account's webhook is answered as not found,
 * so ids do not tell what exists.
 */
public final class WebhookAdmin {
  /** New mail delivered to a mailbox of the account. */
  public static final String MESSAGE_RECEIVED = "message.received";
  /** A recipient of a message the account sent was delivered, deferred or failed. */
  public static final String DELIVERY_STATUS = "delivery.status";
  public static final List<String> EVENTS = List.of(MESSAGE_RECEIVED, DELIVERY_STATUS);
  static final int MAX_URL = 2048;
  static final int MAX_HOOKS = 20;

  /** A webhook just made, with its secret: shown once. */
  public record Created(WebhookView webhook, String secret) {}

  private final Directory directory;
  private final WebhookRecords hooks;
  private final Guard guard;
  private final Clock clock;

  WebhookAdmin(Directory directory, WebhookRecords hooks, Guard guard, Clock clock) {
    this.directory = directory;
    this.hooks = hooks;
    this.guard = guard;
    this.clock = clock;
  }

  /**
   * Registers {@code url} for the events of {@code address}, or of every account when {@code address} is null (an
   * administrator only); {@code events} empty means all.
   */
  public Created create(Actor actor, String address, String url, List<String> events) {
    Account a = owner(actor, address);
    String u = url(url);
    Set<String> e = events(events);
    Long accountId = a == null ? null : a.id();
    if (hooks.list(accountId).size() >= MAX_HOOKS) {
      throw AdminException.conflict((a == null ? "the administrators have " : a.address() + " has ") + MAX_HOOKS
          + " webhooks already; delete one first");
    }
    String secret = ApiTokens.newSecret();
    WebhookRecords.Hook h = Guard.translate(() -> hooks.add(accountId, u, secret, e, clock.instant()));
    return new Created(view(h), secret);
  }

  /** The webhooks of {@code address}, or the administrators' own when it is null. */
  public List<WebhookView> list(Actor actor, String address) {
    Account a = owner(actor, address);
    return hooks.list(a == null ? null : a.id()).stream().map(this::view).toList();
  }

  /** Every webhook of the server (an administrator only). */
  public List<WebhookView> listAll(Actor actor) {
    guard.requireAdmin(actor);
    return hooks.all().stream().map(this::view).toList();
  }

  /** Deletes a webhook the actor may see (its own account's, or any for an administrator). */
  public WebhookView delete(Actor actor, long id) {
    WebhookView v = hooks.hook(id).filter(h -> visible(actor, h)).map(this::view)
        .orElseThrow(() -> AdminException.notFound("no webhook " + id));
    hooks.remove(id);
    return v;
  }

  private boolean visible(Actor actor, WebhookRecords.Hook h) {
    if (guard.isAdmin(actor)) {
      return true;
    }
    if (h.accountId() == null || actor.isLocalAdministrator()) {
      return false;
    }
    return directory.accountById(h.accountId()).map(a -> {
      try {
        guard.requireSelfOrAdmin(actor, a.address());
        return true;
      } catch (AdminException e) {
        return false;
      }
    }).orElse(false);
  }

  private Account owner(Actor actor, String address) {
    if (address == null) {
      guard.requireAdmin(actor);
      return null;
    }
    String canonical = Guard.address(address);
    guard.requireSelfOrAdmin(actor, canonical);
    return Guard.translate(() -> directory.account(canonical))
        .orElseThrow(() -> AdminException.notFound("no account " + canonical));
  }

  private WebhookView view(WebhookRecords.Hook h) {
    String account = h.accountId() == null ? null
        : directory.accountById(h.accountId()).map(Account::address).orElse(null);
    return new WebhookView(h.id(), account, h.url(), EVENTS.stream().filter(h.events()::contains).toList(),
        h.created());
  }

  /** An absolute http or https URL with a host and no credentials in it. */
  static String url(String url) {
    String u = url == null ? "" : url.strip();
    if (u.isEmpty() || u.length() > MAX_URL) {
      throw AdminException.invalid("a webhook URL is an http or https URL of at most " + MAX_URL + " characters");
    }
    try {
      URI uri = new URI(u);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null
          || uri.getRawFragment() != null) {
        throw AdminException.invalid("\"" + u + "\" is not an http or https URL with a host (and no user or "
            + "fragment)");
      }
      return uri.toString();
    } catch (URISyntaxException e) {
      throw AdminException.invalid("\"" + u + "\" is not a URL: " + e.getReason());
    }
  }

  static Set<String> events(List<String> names) {
    if (names == null || names.isEmpty()) {
      return new LinkedHashSet<>(EVENTS);
    }
    Set<String> out = new LinkedHashSet<>();
    for (String n : names) {
      String e = n == null ? "" : n.strip().toLowerCase(Locale.ROOT);
      if (!EVENTS.contains(e)) {
        throw AdminException.invalid("unknown event \"" + n + "\"; the events are " + String.join(", ", EVENTS));
      }
      out.add(e);
    }
    return out;
  }
}
