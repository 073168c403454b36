package io.mailcove.pipeline;

import io.mailcove.delivery.LocalDelivery;
import io.mailcove.log.Log;
import io.mailcove.mime.HeldMessage;
import io.mailcove.store.Account;
import io.mailcove.store.AppendResult;
import io.mailcove.store.BlobRef;
import io.mailcove.store.DeliveryTarget;
import io.mailcove.store.Directory;
import io.mailcove.store.Store;
import io.mailcove.store.StoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The last step: the accepted message goes to its {@link Target}s. Mailbox targets are delivered together through
 * {@link LocalDelivery} (one blob, one commit), remote targets are queued through the {@link Outbox} (one copy per
 * envelope sender), and the notices owed for the outcomes are queued (RFC 3461). Nothing is acknowledged before all
 * of it is durable (RFC 5321 §6.1).
 */
final class Delivery {
  private static final Log LOG = Log.of(Delivery.class);
  private static final String JUNK = "Junk";

  /**
   * What happened, for the caller's reply: a refusal, or how many mailboxes and queued copies took it, with the
   * queue ids of the copies.
   */
  record Result(Verdict verdict, int mailboxes, int queued, List<Long> queueIds) {
    Result(Verdict verdict, int mailboxes, int queued) {
      this(verdict, mailboxes, queued, List.of());
    }
  }

  /** Why one account did not get the message: RFC 3463 status, the reply it would have had, a diagnosis. */
  private record LocalFailure(String status, String reply, String diagnostic) {}

  private static final LocalFailure OVER_QUOTA = new LocalFailure("5.2.2", Refusals.QUOTA_FULL,
      "mailbox full: the account's storage quota is exceeded");
  private static final LocalFailure DISABLED = new LocalFailure("5.2.1", Refusals.MAILBOX_DISABLED,
      "mailbox disabled");
  private static final LocalFailure GONE = new LocalFailure("5.1.1", Refusals.USER_UNKNOWN,
      "mailbox no longer exists");

  private final Store store;
  private final Directory directory;
  private final LocalDelivery local;
  private final Outbox outbox;
  private final Notices notices;
  private final Clock clock;
  private volatile Pipeline.DeliveryListener listener;

  Delivery(Store store, LocalDelivery local, Outbox outbox, Notices notices, Clock clock) {
    this.store = store;
    this.directory = store.directory();
    this.local = local;
    this.outbox = outbox;
    this.notices = notices;
    this.clock = clock;
  }

  void listener(Pipeline.DeliveryListener l) {
    this.listener = l;
  }

  Result deliver(Client client, Envelope e, Message m, String trace, String cid) throws IOException {
    // every account once, in the order of the recipients; a quarantined message goes to Junk
    Map<Long, Target.Mailbox> mailboxes = new LinkedHashMap<>();
    Map<String, Target.Remote> remote = new LinkedHashMap<>();
    for (Envelope.Accepted r : e.accepted()) {
      for (Target t : r.targets()) {
        if (t instanceof Target.Mailbox b) {
          mailboxes.putIfAbsent(b.accountId(), e.quarantine() != null && b.mailbox() == null ? b.in(JUNK) : b);
        } else if (t instanceof Target.Remote x) {
          remote.putIfAbsent(x.address().toLowerCase(Locale.ROOT), x);
        }
      }
    }
    if (e.quarantine() != null) {
      LOG.info("pipeline.quarantined", "cid", cid, "id", e.id(), "reason", e.quarantine());
    }
    byte[] message = m.content().inMemory() ? m.content().array() : null;
    int delivered = 0;
    List<Notices.Recipient> owed = new ArrayList<>();
    if (!mailboxes.isEmpty()) {
      Map<Long, LocalFailure> failures = deliverLocally(e, m, trace, message, mailboxes);
      if (failures.size() == mailboxes.size() && remote.isEmpty()) {
        // a temporary refusal when one of them is only full: the client may try again later. RFC 5321 §6.1: no
        // notice is owed for a message that was refused.
        LocalFailure worst = failures.values().stream().filter(f -> f == OVER_QUOTA).findFirst()
            .orElse(failures.values().iterator().next());
        return new Result(Verdict.refuse(worst.reply()), 0, 0);
      }
      if (!failures.isEmpty()) {
        LOG.info("pipeline.partly_delivered", "cid", cid, "id", e.id(), "failed_accounts", failures.keySet());
      }
      delivered = mailboxes.size() - failures.size();
      owed = notices(e, failures);
    }
    List<Long> queueIds = remote.isEmpty() ? List.of()
        : queueRemote(client, e, m, trace, message, remote.values());
    if (!owed.isEmpty()) {
      sendNotices(e, m, trace, owed);
    }
    return new Result(Verdict.ACCEPT, delivered, queueIds.size(), queueIds);
  }

  /** Delivers to the accounts, rechecking each (disabled or removed since RCPT); returns those that failed. */
  private Map<Long, LocalFailure> deliverLocally(Envelope e, Message m, String trace, byte[] message,
                                                 Map<Long, Target.Mailbox> mailboxes) throws IOException {
    Map<Long, LocalFailure> failures = new LinkedHashMap<>();
    List<DeliveryTarget> targets = new ArrayList<>();
    for (Target.Mailbox b : mailboxes.values()) {
      Account now = directory.accountById(b.accountId()).orElse(null);
      if (now == null) {
        failures.put(b.accountId(), GONE);
      } else if (now.disabled()) {
        failures.put(b.accountId(), DISABLED);
      } else {
        targets.add(new DeliveryTarget(b.accountId(), b.mailbox(), flags(b)));
      }
    }
    if (!targets.isEmpty()) {
      LocalDelivery.Outcome outcome = message != null
          ? local.deliver(e.sender().address(), trace, message, (int) m.size(), m.parsed().mime(), targets)
          : local.deliver(e.sender().address(), trace, m.content()::open, m.parsed().mime(), targets);
      Pipeline.DeliveryListener l = listener;
      for (AppendResult r : outcome.results()) {
        if (!r.ok()) {
          failures.put(r.accountId(), r.error() == StoreException.Code.QUOTA_EXCEEDED ? OVER_QUOTA : GONE);
        } else if (l != null) {
          try {
            l.delivered(r.accountId(), r.mailboxId(), r.uid());
          } catch (RuntimeException x) {
            LOG.warn("pipeline.delivery_listener_failed", x, "account", r.accountId());
          }
        }
      }
    }
    return failures;
  }

  /** The store keeps system flags and keywords in one set (RFC 9051 §2.3.2). */
  private static Set<String> flags(Target.Mailbox b) {
    if (b.keywords().isEmpty()) {
      return b.flags();
    }
    Set<String> all = new LinkedHashSet<>(b.flags());
    all.addAll(b.keywords());
    return all;
  }

  /**
   * The notices owed after local delivery (RFC 3461 §5.2.2, RFC 3464): a failure for each account that did not get
   * the message (one account of an alias too, while the alias's others got it), unless every recipient leading to it
   * said NOTIFY=NEVER (or only SUCCESS/DELAY); a success for each recipient with NOTIFY=SUCCESS that reached a
   * mailbox ("expanded" for an alias of several targets). Never any for the null sender.
   */
  private static List<Notices.Recipient> notices(Envelope e, Map<Long, LocalFailure> failures) {
    List<Notices.Recipient> out = new ArrayList<>();
    if (e.sender().isNull()) {
      return out;
    }
    for (Map.Entry<Long, LocalFailure> f : failures.entrySet()) {
      for (Envelope.Accepted r : e.accepted()) {
        if (accounts(r).contains(f.getKey()) && r.notifies("FAILURE")) {
          LocalFailure why = f.getValue();
          String account = e.accountAddress(f.getKey());
          out.add(Notices.Recipient.failed(account, originalRecipient(r, account), why.status(), why.diagnostic()));
          break;
        }
      }
    }
    for (Envelope.Accepted r : e.accepted()) {
      List<Long> accounts = accounts(r);
      if (accounts.isEmpty() || !r.notifies("SUCCESS")
          || failures.keySet().containsAll(accounts) && !r.expanded()) {
        continue;
      }
      if (r.expanded()) {
        out.add(Notices.Recipient.delivered(r.address(), r.orcpt(), true)); // RFC 3461 §6.2.7.2
      } else {
        out.add(Notices.Recipient.delivered(e.accountAddress(accounts.get(0)), r.orcpt(), false));
      }
    }
    return out;
  }

  /**
   * The Original-Recipient of a report on {@code account} (RFC 3464 §2.3.1): the ORCPT given, else the address the
   * sender used when an alias or a catch-all led it to another account, so the sender can tell which of its
   * recipients it was (RFC 3461 §4.2 lets the receiving MTA supply it).
   */
  private static String originalRecipient(Envelope.Accepted r, String account) {
    if (r.orcpt() != null) {
      return r.orcpt();
    }
    return r.address().equalsIgnoreCase(account) ? null : "rfc822;" + r.address();
  }

  private static List<Long> accounts(Envelope.Accepted r) {
    List<Long> ids = new ArrayList<>();
    for (Target t : r.targets()) {
      if (t instanceof Target.Mailbox b) {
        ids.add(b.accountId());
      }
    }
    return ids;
  }

  /** Queues one notice for the outcomes of this transaction, durably, before the reply goes out. */
  private void sendNotices(Envelope e, Message m, String trace, List<Notices.Recipient> owed) throws IOException {
    if (notices == null) {
      throw new IOException("delivery notices need the outbound queue");
    }
    byte[] head = trace.getBytes(StandardCharsets.UTF_8);
    Notices.Message about = new Notices.Message(e.id(), e.sender().address(), e.envId(), e.returnFull(),
        e.smtpUtf8(), clock.instant(), head.length + m.size());
    notices.report(about, owed, () -> new SequenceInputStream(new ByteArrayInputStream(head), m.content().open()));
  }

  /**
   * One queued copy per envelope sender (the sender as given, or its SRS form for an alias's forwarding); answers
   * their queue ids.
   */
  private List<Long> queueRemote(Client client, Envelope e, Message m, String trace, byte[] message,
                          Iterable<Target.Remote> remote) throws IOException {
    if (outbox == null) {
      throw new IOException("the outbound queue went away");
    }
    Map<String, List<Target.Remote>> bySender = new LinkedHashMap<>();
    for (Target.Remote r : remote) {
      bySender.computeIfAbsent(r.envelopeFrom(), k -> new ArrayList<>()).add(r);
    }
    byte[] head = trace.getBytes(StandardCharsets.UTF_8);
    Outbox.Source source = Forwarding.source(client.account(), client.trusted());
    List<Long> ids = new ArrayList<>();
    String submitter = client.account() == null ? null : client.account().address();
    for (Map.Entry<String, List<Target.Remote>> g : bySender.entrySet()) {
      BlobRef blob;
      HeldMessage held = null;
      if (message != null) {
        int length = (int) m.size();
        byte[] full = new byte[head.length + length];
        System.arraycopy(head, 0, full, 0, head.length);
        System.arraycopy(message, 0, full, head.length, length);
        blob = store.blobs().put(full);
        held = new HeldMessage(full, m.parsed().withPrefix(full, head.length));
      } else {
        try (InputStream in = new SequenceInputStream(new ByteArrayInputStream(head), m.content().open())) {
          blob = store.blobs().put(in);
        }
      }
      ids.add(outbox.enqueue(new Outbox.Copy(blob, g.getKey(), List.copyOf(g.getValue()), e.envId(),
          e.returnFull(), e.smtpUtf8(), e.eightBit(), submitter, source, held)));
    }
    return ids;
  }
}
