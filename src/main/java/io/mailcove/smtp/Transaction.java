package io.mailcove.smtp;

import io.mailcove.queue.OutboundRecipient;
import io.mailcove.store.Account;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One mail transaction (RFC 5321 §3.3), from MAIL FROM to the end of DATA or BDAT LAST: the envelope with its
 * ESMTP parameters and where each accepted recipient goes.
 */
final class Transaction {
  final String id = TraceHeaders.newId();
  final MailPath sender;
  /** SIZE= (RFC 1870), 0 when not given. */
  final long declaredSize;
  /** BODY=8BITMIME (RFC 6152). */
  final boolean eightBit;
  /** SMTPUTF8 (RFC 6531 §3.4). */
  final boolean smtpUtf8;
  /** RET= (RFC 3461 §4.3): true FULL, false HDRS, null not given. */
  final Boolean returnFull;
  /** ENVID= (RFC 3461 §4.4), decoded from xtext, or null. */
  final String envId;

  /** Every RCPT TO the client tried, accepted or not (RFC 2920 §3.1: "no valid recipients" vs "send RCPT"). */
  int rcptAttempts;
  /** Accepted recipient addresses as given, in order. */
  final List<String> recipients = new ArrayList<>();
  /** Local accounts, each once. */
  final Map<Long, Account> localAccounts = new LinkedHashMap<>();
  /** Accepted local recipients as given, with their DSN parameters, for the notices owed after DATA. */
  final List<LocalRecipient> localRecipients = new ArrayList<>();
  /** Remote recipients (submission, trusted relay, remote alias targets), each address once. */
  final Map<String, OutboundRecipient> remote = new LinkedHashMap<>();
  /** Addresses already accepted, to answer a repeated RCPT without counting it twice. */
  final Set<String> seen = new LinkedHashSet<>();
  /** The domain of the first alias that forwards elsewhere: the SRS domain of the queued copy; null if none. */
  String forwardingDomain;

  /** BDAT state (RFC 3030): a chunk was received, so DATA is no longer allowed. */
  boolean chunking;
  /** The reply that will refuse the message, set by a failed chunk; null while all is well. */
  String chunkProblem;

  Transaction(MailPath sender, long declaredSize, boolean eightBit, boolean smtpUtf8, Boolean returnFull,
              String envId) {
    this.sender = sender;
    this.declaredSize = declaredSize;
    this.eightBit = eightBit;
    this.smtpUtf8 = smtpUtf8;
    this.returnFull = returnFull;
    this.envId = envId;
  }

  /**
   * One accepted local recipient: the address as given, NOTIFY (RFC 3461 §4.1: empty = not given) and ORCPT (§4.2,
   * xtext as given, or null), the accounts it leads to, and whether it expanded to several targets (an alias).
   */
  record LocalRecipient(String address, Set<String> notifyOn, String orcpt, List<Long> accounts, boolean expanded) {
    /** RFC 3461 §4.1: without NOTIFY, failures are reported; NEVER reports nothing. */
    boolean notifies(String what) {
      if (notifyOn.isEmpty()) {
        return what.equals("FAILURE") || what.equals("DELAY");
      }
      return notifyOn.contains(what);
    }
  }

  boolean hasRecipients() {
    return !recipients.isEmpty();
  }
}
