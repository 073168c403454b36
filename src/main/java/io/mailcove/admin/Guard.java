package io.mailcove.admin;

import io.mailcove.store.Account;
import io.mailcove.store.Addresses;
import io.mailcove.store.Directory;
import io.mailcove.store.Role;
import io.mailcove.store.StoreException;
import java.util.function.Supplier;

/** The checks every part of the service shares: who may do what, and the store's refusals as admin errors. */
final class Guard {
  private final Directory directory;

  Guard(Directory directory) {
    this.directory = directory;
  }

  /** Refuses (FORBIDDEN) unless the actor is the local administrator or an enabled account with the admin role. */
  void requireAdmin(Actor actor) {
    if (!isAdmin(actor)) {
      throw AdminException.forbidden(actor + " is not an administrator");
    }
  }

  /** Refuses (FORBIDDEN) unless the actor is an administrator or the enabled account {@code canonicalAddress}. */
  void requireSelfOrAdmin(Actor actor, String canonicalAddress) {
    if (isAdmin(actor)) {
      return;
    }
    Account self = enabledAccount(actor);
    if (self == null || !self.address().equals(canonicalAddress)) {
      throw AdminException.forbidden(actor + " may not manage the account " + canonicalAddress);
    }
  }

  boolean isAdmin(Actor actor) {
    if (actor.isLocalAdministrator()) {
      return true;
    }
    Account a = enabledAccount(actor);
    return a != null && a.role() == Role.ADMIN;
  }

  private Account enabledAccount(Actor actor) {
    if (actor.isLocalAdministrator()) {
      return null;
    }
    try {
      return directory.account(actor.account()).filter(a -> !a.disabled()).orElse(null);
    } catch (StoreException e) {
      return null; // not an address: no account, no rights
    }
  }

  /** The canonical form of an address (IDN domains as punycode), or INVALID. */
  static String address(String address) {
    return translate(() -> Addresses.canonical(address == null ? "" : address.trim()));
  }

  /** The canonical form of a domain name (punycode), or INVALID. */
  /**
   * The canonical name of {@code domain} for a listing filtered by it: null for no filter, NOT_FOUND when it is not
   * one of ours.
   */
  String listedDomain(String domain) {
    if (domain == null) {
      return null;
    }
    String d = domain(domain);
    if (directory.domain(d).isEmpty()) {
      throw AdminException.notFound("unknown domain " + domain);
    }
    return d;
  }

  static String domain(String domain) {
    return translate(() -> Addresses.canonicalDomain(domain == null ? "" : domain.trim()));
  }

  /** Runs a store operation, turning its refusals into admin errors with the same message. */
  static <T> T translate(Supplier<T> work) {
    try {
      return work.get();
    } catch (StoreException e) {
      throw translated(e);
    }
  }

  static void translate(Runnable work) {
    translate(() -> {
      work.run();
      return null;
    });
  }

  private static RuntimeException translated(StoreException e) {
    AdminException.Kind kind = switch (e.code()) {
      case NOT_FOUND, UNKNOWN_DOMAIN, NO_SUCH_MAILBOX -> AdminException.Kind.NOT_FOUND;
      case INVALID_ADDRESS, NOT_LOCAL, INVALID_MAILBOX_NAME -> AdminException.Kind.INVALID;
      case DUPLICATE, DOMAIN_NOT_EMPTY, ALIAS_LOOP, QUOTA_EXCEEDED, MAILBOX_EXISTS, CANNOT_DELETE ->
          AdminException.Kind.CONFLICT;
      case SCHEMA_TOO_NEW, IO -> null;
    };
    if (kind == null) {
      return e; // not a refusal: the store itself failed
    }
    AdminException a = new AdminException(kind, e.getMessage());
    a.initCause(e);
    return a;
  }
}
