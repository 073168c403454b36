package io.mailcove.delivery;

import io.mailcove.store.Account;
import io.mailcove.store.Addresses;
import io.mailcove.store.Alias;
import io.mailcove.store.Directory;
import io.mailcove.store.StoreException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that decides where mail for an address goes. For an address of a local domain, in this order:
 * the exact account, the exact alias, then the same two without the {@code +tag} (RFC 5233 sub-addressing), and only
 * then the domain's catch-all ({@code @domain}). Everything is looked up at resolution time, so a catch-all never
 * shadows an account or alias, even one created after it. Local parts are case-insensitive and IDN domains may be
 * given in Unicode or punycode (both reduce to the canonical form of {@link Addresses}).
 *
 * <p>{@code postmaster} of a local domain is always deliverable (RFC 5321 §4.5.1): when no account, alias or
 * catch-all takes it, it goes to the administrators of that domain, else to all administrators.
 *
 * <p>Alias targets may be local accounts, further aliases (expanded recursively, at most {@link #MAX_DEPTH} levels,
 * each address at most once, so a loop ends instead of spinning) or remote addresses.
 */
public final class RecipientResolver {
  public static final int MAX_DEPTH = 10;

  private final Directory directory;

  public RecipientResolver(Directory directory) {
    this.directory = directory;
  }

  public Resolution resolve(String address) {
    String canonical;
    try {
      canonical = Addresses.canonical(address);
    } catch (StoreException e) {
      return new Resolution(Resolution.Status.INVALID_ADDRESS, address, List.of(), List.of(), e.getMessage());
    }
    Map<String, Boolean> localDomains = new LinkedHashMap<>();
    if (!isLocalDomain(Addresses.domain(canonical), localDomains)) {
      return new Resolution(Resolution.Status.NOT_LOCAL_DOMAIN, canonical, List.of(), List.of(),
          "domain " + Addresses.domain(canonical) + " is not local");
    }
    Expansion expansion = new Expansion(localDomains);
    expansion.expand(canonical, 0);
    List<Account> enabled = expansion.accounts.values().stream().filter(a -> !a.disabled()).toList();
    List<String> remote = List.copyOf(expansion.remote);
    if (!enabled.isEmpty() || !remote.isEmpty()) {
      return new Resolution(Resolution.Status.LOCAL, canonical, enabled, remote, "ok");
    }
    if (!expansion.accounts.isEmpty()) {
      return new Resolution(Resolution.Status.DISABLED, canonical, List.of(), List.of(), "account disabled");
    }
    if (Addresses.localPart(canonical).equals("postmaster")) {
      List<Account> admins = administrators(Addresses.domain(canonical));
      if (!admins.isEmpty()) {
        return new Resolution(Resolution.Status.LOCAL, canonical, admins, List.of(), "administrators");
      }
    }
    return new Resolution(Resolution.Status.UNKNOWN_USER, canonical, List.of(), List.of(),
        "no such user " + canonical);
  }

  /** The enabled administrators of {@code domain}, or of every domain when it has none. */
  private List<Account> administrators(String domain) {
    List<Account> own = directory.accounts(domain).stream().filter(a -> a.isAdmin() && !a.disabled()).toList();
    if (!own.isEmpty()) {
      return own;
    }
    List<Account> all = new ArrayList<>();
    for (io.mailcove.store.Domain d : directory.domains()) {
      directory.accounts(d.name()).stream().filter(a -> a.isAdmin() && !a.disabled()).forEach(all::add);
    }
    return all;
  }

  private boolean isLocalDomain(String domain, Map<String, Boolean> cache) {
    return cache.computeIfAbsent(domain, d -> directory.domain(d).isPresent());
  }

  private final class Expansion {
    final Map<Long, Account> accounts = new LinkedHashMap<>();
    final Set<String> remote = new LinkedHashSet<>();
    final Set<String> visited = new HashSet<>();
    final Map<String, Boolean> localDomains;

    Expansion(Map<String, Boolean> localDomains) {
      this.localDomains = localDomains;
    }

    /** Expands one canonical address of a local domain. */
    void expand(String address, int depth) {
      if (depth > MAX_DEPTH || !visited.add(address)) {
        return;
      }
      Optional<Account> account = directory.account(address);
      if (account.isPresent()) {
        accounts.putIfAbsent(account.get().id(), account.get());
        return;
      }
      Optional<Alias> alias = directory.alias(address);
      if (alias.isPresent()) {
        follow(alias.get(), depth);
        return;
      }
      String base = Addresses.stripTag(address);
      if (!base.equals(address)) {
        account = directory.account(base);
        if (account.isPresent()) {
          accounts.putIfAbsent(account.get().id(), account.get());
          return;
        }
        alias = directory.alias(base);
        if (alias.isPresent()) {
          follow(alias.get(), depth);
          return;
        }
      }
      String catchAll = "@" + Addresses.domain(address);
      if (visited.add(catchAll)) {
        directory.alias(catchAll).ifPresent(a -> follow(a, depth));
      }
    }

    private void follow(Alias alias, int depth) {
      for (String target : alias.targets()) {
        if (isLocalDomain(Addresses.domain(target), localDomains)) {
          expand(target, depth + 1);
        } else {
          remote.add(target);
        }
      }
    }
  }

  /** Distinct accounts of many resolutions, in order (one delivery per account even when addressed twice). */
  public static List<Account> distinctAccounts(List<Resolution> resolutions) {
    Map<Long, Account> result = new LinkedHashMap<>();
    for (Resolution resolution : resolutions) {
      for (Account account : resolution.accounts()) {
        result.putIfAbsent(account.id(), account);
      }
    }
    return new ArrayList<>(result.values());
  }
}
