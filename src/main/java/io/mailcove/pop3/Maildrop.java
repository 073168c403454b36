package io.mailcove.pop3;

import io.mailcove.store.FlagMode;
import io.mailcove.store.MailStore;
import io.mailcove.store.Mailbox;
import io.mailcove.store.MessageMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The INBOX of one account as a POP3 session sees it: a snapshot taken at login (RFC 1939 §4: the maildrop is fixed
 * for the session; mail arriving later shows at the next login), numbered from 1, with the messages marked by DELE
 * and those retrieved. The unique-id (UIDL, RFC 1939 §7) is "UIDVALIDITY.UID" of the INBOX, so it is the same
 * message identity IMAP uses and stays stable across sessions.
 */
final class Maildrop {
  private final long mailboxId;
  private final long uidValidity;
  private final List<MessageMeta> messages;
  private final boolean[] deleted;
  private final boolean[] retrieved;

  private Maildrop(Mailbox inbox, List<MessageMeta> messages) {
    this.mailboxId = inbox.id();
    this.uidValidity = inbox.uidValidity();
    this.messages = List.copyOf(messages);
    this.deleted = new boolean[messages.size()];
    this.retrieved = new boolean[messages.size()];
  }

  /** The current INBOX of the account, or null when it has none. */
  static Maildrop open(MailStore store, long accountId) {
    Mailbox inbox = store.mailbox(accountId, "INBOX").orElse(null);
    if (inbox == null) {
      return null;
    }
    return new Maildrop(inbox, store.messages(inbox.id()));
  }

  /** Number of messages in the snapshot, deleted ones included (message numbers run from 1 to this). */
  int size() {
    return messages.size();
  }

  MessageMeta message(int number) {
    return messages.get(number - 1);
  }

  boolean exists(int number) {
    return number >= 1 && number <= messages.size();
  }

  boolean isDeleted(int number) {
    return deleted[number - 1];
  }

  void delete(int number) {
    deleted[number - 1] = true;
  }

  void retrieved(int number) {
    retrieved[number - 1] = true;
  }

  /** RSET (RFC 1939 §5): unmarks every message. */
  void undeleteAll() {
    java.util.Arrays.fill(deleted, false);
  }

  int liveCount() {
    int n = 0;
    for (boolean d : deleted) {
      n += d ? 0 : 1;
    }
    return n;
  }

  long liveOctets() {
    long sum = 0;
    for (int i = 0; i < messages.size(); i++) {
      sum += deleted[i] ? 0 : messages.get(i).size();
    }
    return sum;
  }

  String uniqueId(int number) {
    return uidValidity + "." + messages.get(number - 1).uid();
  }

  int deletedCount() {
    return messages.size() - liveCount();
  }

  /**
   * The UPDATE state (RFC 1939 §6): expunges the messages marked deleted and sets \Seen on those retrieved.
   * Returns how many marked messages could not be removed (0 when all went, including ones another session already
   * removed).
   */
  int commit(MailStore store) {
    List<Long> expunge = new ArrayList<>();
    List<Long> seen = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      MessageMeta m = messages.get(i);
      if (deleted[i]) {
        expunge.add(m.uid());
      } else if (retrieved[i] && !m.hasFlag("\\Seen")) {
        seen.add(m.uid());
      }
    }
    if (!seen.isEmpty()) {
      store.storeFlags(mailboxId, seen, FlagMode.ADD, Set.of("\\Seen"), Long.MAX_VALUE);
    }
    if (expunge.isEmpty()) {
      return 0;
    }
    store.expunge(mailboxId, expunge);
    List<MessageMeta> left = store.messages(mailboxId, expunge.get(0), expunge.get(expunge.size() - 1));
    Set<Long> wanted = new java.util.HashSet<>(expunge);
    int notRemoved = 0;
    for (MessageMeta m : left) {
      if (wanted.contains(m.uid())) {
        notRemoved++;
      }
    }
    return notRemoved;
  }
}
