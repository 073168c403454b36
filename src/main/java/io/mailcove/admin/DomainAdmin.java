package io.mailcove.admin;

import io.mailcove.dkim.DkimKeys;
import io.mailcove.store.Alias;
import io.mailcove.store.Directory;
import io.mailcove.store.Domain;
import java.net.IDN;
import java.util.List;

/** The domains this server receives mail for, and their catch-all. Every operation needs the admin role. */
public final class DomainAdmin {
  private final Directory directory;
  private final Guard guard;
  private final DkimKeys dkimKeys;
  private final AliasAdmin aliases;

  DomainAdmin(Directory directory, Guard guard, DkimKeys dkimKeys, AliasAdmin aliases) {
    this.directory = directory;
    this.guard = guard;
    this.dkimKeys = dkimKeys;
    this.aliases = aliases;
  }

  /** Adds a domain (Unicode or punycode) and makes its DKIM keys, whose TXT records are then to be published. */
  public DomainView add(Actor actor, String name) {
    guard.requireAdmin(actor);
    String canonical = Guard.domain(name);
    if (!canonical.contains(".")) {
      throw AdminException.invalid("domain " + name + " has a single label; a mail domain needs at least two, "
          + "such as example.com");
    }
    Domain d = Guard.translate(() -> directory.addDomain(canonical));
    dkimKeys.ensureKeys(d.name());
    return view(d);
  }

  /**
   * Removes a domain. Refused (CONFLICT) while it has accounts or aliases, unless {@code force}, which deletes them
   * with their mail. Answers the domain as it was.
   */
  public DomainView remove(Actor actor, String name, boolean force) {
    guard.requireAdmin(actor);
    Domain d = existing(name);
    DomainView before = view(d);
    Guard.translate(() -> directory.removeDomain(d.name(), force));
    return before;
  }

  public List<DomainView> list(Actor actor) {
    guard.requireAdmin(actor);
    return Guard.translate(directory::domains).stream().map(this::view).toList();
  }

  public DomainView show(Actor actor, String name) {
    guard.requireAdmin(actor);
    return view(existing(name));
  }

  /**
   * Delivers mail for addresses of the domain that exist neither as account nor as alias to {@code targets}
   * (replacing the previous catch-all targets).
   */
  public DomainView setCatchAll(Actor actor, String name, List<String> targets) {
    guard.requireAdmin(actor);
    Domain d = existing(name);
    aliases.replace(actor, "@" + d.name(), targets);
    return view(d);
  }

  /** Removes the domain's catch-all: mail for unknown addresses is refused again. */
  public DomainView removeCatchAll(Actor actor, String name) {
    guard.requireAdmin(actor);
    Domain d = existing(name);
    if (directory.alias("@" + d.name()).isEmpty()) {
      throw AdminException.notFound("domain " + d.name() + " has no catch-all");
    }
    aliases.remove(actor, "@" + d.name(), List.of());
    return view(d);
  }

  /** The canonical name of an existing local domain, or NOT_FOUND. */
  Domain existing(String name) {
    String canonical = Guard.domain(name);
    return Guard.translate(() -> directory.domain(canonical))
        .orElseThrow(() -> AdminException.notFound("no local domain " + name));
  }

  private DomainView view(Domain d) {
    int accounts = directory.accounts(d.name()).size();
    List<Alias> domainAliases = directory.aliases(d.name());
    List<String> catchAll = domainAliases.stream().filter(Alias::isCatchAll).findFirst().map(Alias::targets)
        .map(List::copyOf).orElse(List.of());
    return new DomainView(d.name(), IDN.toUnicode(d.name()), accounts, domainAliases.size(), catchAll);
  }
}
