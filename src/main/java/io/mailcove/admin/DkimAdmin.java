package io.mailcove.admin;

import io.mailcove.dkim.DkimKey;
import io.mailcove.dkim.DkimKeys;
import java.util.List;

/**
 * The DKIM keys of the local domains and the DNS records to publish. A rotation makes new signing keys and retires
 * the old ones, which stay listed until removed (their records must stay published while signed mail is in
 * transit). Every operation needs the admin role.
 */
public final class DkimAdmin {
  private final Guard guard;
  private final DomainAdmin domains;
  private final DkimKeys keys;

  DkimAdmin(Guard guard, DomainAdmin domains, DkimKeys keys) {
    this.guard = guard;
    this.domains = domains;
    this.keys = keys;
  }

  /** The newly made keys and all keys of the domain after a rotation. */
  public record Rotation(List<DkimKeyView> made, List<DkimKeyView> all) {}

  /** The domain's keys, signing ones first; made first when the domain has none that signs. */
  public List<DkimKeyView> list(Actor actor, String domain) {
    guard.requireAdmin(actor);
    String d = domains.existing(domain).name();
    keys.ensureKeys(d);
    return views(keys.keys(d));
  }

  /** New signing keys (one per algorithm); the previous ones stop signing but stay listed. */
  public Rotation rotate(Actor actor, String domain) {
    guard.requireAdmin(actor);
    String d = domains.existing(domain).name();
    List<DkimKey> made = keys.rotate(d);
    return new Rotation(views(made), views(keys.keys(d)));
  }

  /** Removes a retired key; a signing key is refused (CONFLICT): rotate first. Answers the removed key. */
  public DkimKeyView remove(Actor actor, String domain, String selector) {
    guard.requireAdmin(actor);
    String d = domains.existing(domain).name();
    DkimKey key = keys.keys(d).stream().filter(k -> k.selector().equals(selector)).findFirst()
        .orElseThrow(() -> AdminException.notFound("no DKIM key " + selector + " for " + d));
    if (key.active()) {
      throw AdminException.conflict("key " + selector + " still signs; rotate first");
    }
    keys.remove(d, selector);
    return DkimKeyView.of(key);
  }

  private static List<DkimKeyView> views(List<DkimKey> list) {
    return list.stream().map(DkimKeyView::of).toList();
  }
}
