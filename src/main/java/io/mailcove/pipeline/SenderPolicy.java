package io.mailcove.pipeline;

import io.mailcove.mime.AddressParser;
import io.mailcove.store.Account;
import io.mailcove.store.Addresses;
import io.mailcove.store.Alias;
import io.mailcove.store.Directory;
import io.mailcove.store.StoreException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Spoof protection for submission: an authenticated account may use as envelope sender and in From only
 * addresses that are its own. Those are: its address (also with a {@code +tag}, RFC 5233), every alias whose
 * targets include it, and the extra addresses an administrator allowed for it ({@code @domain} there allows a
 * whole domain).
 */
final class SenderPolicy {
  private final Directory directory;

  SenderPolicy(Directory directory) {
    this.directory = directory;
  }

  boolean owns(Account account, String address) {
    String canonical;
    try {
      canonical = Addresses.canonical(address);
    } catch (StoreException e) {
      return false;
    }
    String mine = account.address();
    if (canonical.equals(mine) || Addresses.stripTag(canonical).equals(mine)) {
      return true;
    }
    if (aliasPointsTo(canonical, mine) || aliasPointsTo(Addresses.stripTag(canonical), mine)) {
      return true;
    }
    String domain = "@" + Addresses.domain(canonical);
    for (String allowed : directory.allowedSenders(account.id())) {
      String a = allowed.trim().toLowerCase(Locale.ROOT);
      if (a.equals(canonical) || a.equals(domain)) {
        return true;
      }
      if (!a.startsWith("@")) {
        try {
          if (Addresses.canonical(a).equals(canonical)) {
            return true;
          }
        } catch (StoreException ignored) {
          // an entry the directory accepted but that is not an address cannot match
        }
      }
    }
    return false;
  }

  private boolean aliasPointsTo(String source, String account) {
    Optional<Alias> alias = directory.alias(source);
    if (alias.isEmpty()) {
      return false;
    }
    for (String target : alias.get().targets()) {
      if (target.equalsIgnoreCase(account)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks every address of every From field (RFC 5322 §3.6.2). A message without a parsable From address is
   * refused too: it could not be attributed.
   */
  boolean ownsFrom(Account account, List<AddressParser.Address> from) {
    for (AddressParser.Address m : from) {
      String address = m.address();
      if (address == null || !owns(account, address)) {
        return false;
      }
    }
    return !from.isEmpty();
  }
}
