package io.mailcove.admin;

import io.mailcove.store.Addresses;
import io.mailcove.store.Alias;
import io.mailcove.store.Directory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Aliases: one address (or {@code @domain}, a catch-all) delivered to other addresses, local or remote. The source
 * must be of a local domain and not an account; targets that lead back to the source are refused (CONFLICT). Every
 * operation needs the admin role.
 */
public final class AliasAdmin {
  private final Directory directory;
  private final Guard guard;

  AliasAdmin(Directory directory, Guard guard) {
    this.directory = directory;
    this.guard = guard;
  }

  /** Adds the targets to the alias (creating it); targets it already has are kept once. */
  public AliasView add(Actor actor, String source, List<String> targets) {
    guard.requireAdmin(actor);
    String canonical = Guard.translate(() -> Addresses.canonicalAliasSource(source == null ? "" : source.trim()));
    List<String> canonicalTargets = targets(targets);
    return AliasView.of(Guard.translate(() -> directory.addAlias(canonical, canonicalTargets)));
  }

  /** Makes {@code targets} the alias's only targets; on a refusal the previous targets stay. */
  public AliasView replace(Actor actor, String source, List<String> targets) {
    guard.requireAdmin(actor);
    String canonical = Guard.translate(() -> Addresses.canonicalAliasSource(source == null ? "" : source.trim()));
    List<String> canonicalTargets = targets(targets);
    Optional<Alias> before = directory.alias(canonical);
    before.ifPresent(a -> Guard.translate(() -> directory.removeAlias(a.source())));
    return AliasView.of(addOrRestore(canonical, canonicalTargets, before));
  }

  /**
   * Removes some targets of an alias, or the whole alias when {@code targets} is empty (or names them all). Answers
   * what remains, empty when the alias is gone. NOT_FOUND when the alias or one of the targets does not exist.
   */
  public Optional<AliasView> remove(Actor actor, String source, List<String> targets) {
    guard.requireAdmin(actor);
    Alias existing = existing(source);
    List<String> remaining = new ArrayList<>(existing.targets());
    for (String t : targets == null ? List.<String>of() : targets) {
      String target = Addresses.isValid(t) ? Addresses.canonical(t) : t;
      if (!remaining.removeIf(r -> r.equalsIgnoreCase(target))) {
        throw AdminException.notFound(t + " is not a target of " + existing.source() + " ("
            + existing.source() + " -> " + String.join(", ", existing.targets()) + ")");
      }
    }
    Guard.translate(() -> directory.removeAlias(existing.source()));
    if (targets == null || targets.isEmpty() || remaining.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(AliasView.of(addOrRestore(existing.source(), remaining, Optional.of(existing))));
  }

  /** All aliases, or those of one local domain (NOT_FOUND when it is not one). */
  public List<AliasView> list(Actor actor, String domain) {
    guard.requireAdmin(actor);
    String name = guard.listedDomain(domain);
    return Guard.translate(() -> directory.aliases(name)).stream().map(AliasView::of).toList();
  }

  /** One alias with its targets. */
  public AliasView show(Actor actor, String source) {
    guard.requireAdmin(actor);
    return AliasView.of(existing(source));
  }

  private Alias existing(String source) {
    String canonical = Guard.translate(() -> Addresses.canonicalAliasSource(source == null ? "" : source.trim()));
    return directory.alias(canonical).orElseThrow(() -> AdminException.notFound("no alias " + source));
  }

  private static List<String> targets(List<String> targets) {
    if (targets == null || targets.isEmpty()) {
      throw AdminException.invalid("an alias needs at least one target");
    }
    return targets.stream().map(Guard::address).distinct().toList();
  }

  private Alias addOrRestore(String source, List<String> targets, Optional<Alias> before) {
    try {
      return Guard.translate(() -> directory.addAlias(source, targets));
    } catch (RuntimeException e) {
      before.ifPresent(a -> directory.addAlias(a.source(), a.targets()));
      throw e;
    }
  }
}
