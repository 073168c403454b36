package io.mailcove.delivery;

import io.mailcove.store.Account;
import java.util.List;

/**
 * Where mail for one recipient goes. {@code LOCAL}: to {@code accounts} (distinct, enabled) and/or
 * {@code remoteAddresses} (alias targets elsewhere). The other statuses name why the recipient is refused;
 * {@code detail} is a short reason fit for a log line or an SMTP reply text.
 */
public record Resolution(Status status, String address, List<Account> accounts, List<String> remoteAddresses,
                         String detail) {
  public enum Status {
    /** Deliverable: at least one local account or remote address. */
    LOCAL,
    /** The domain is not one of ours (SMTP: relay access denied). */
    NOT_LOCAL_DOMAIN,
    /** A local domain, but no account, alias or catch-all takes the address. */
    UNKNOWN_USER,
    /** Every account the address leads to is disabled. */
    DISABLED,
    /** The address is malformed or uses a refused form (source route, '%' hack, ...). */
    INVALID_ADDRESS
  }

  public boolean deliverable() {
    return status == Status.LOCAL;
  }
}
