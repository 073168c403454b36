package io.mailcove.pipeline;

import io.mailcove.delivery.LocalDelivery;
import io.mailcove.server.MemoryBudget;
import io.mailcove.srs.Srs;
import io.mailcove.store.Account;
import io.mailcove.store.Store;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The one way in for every message: SMTP on port 25 (MX) and 587/465 (submission) open a {@link Session} per
 * connection; the queue hands mail for our own domains over through {@link #handoff}. The checks of each listener
 * kind come from {@link Checks}; the end of the way is a list of {@link Target}s per recipient, delivered to
 * mailboxes or queued through the {@link Outbox}.
 */
public final class Pipeline {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final Checks checks;
  private final Store store;
  private final Outbox outbox;
  private final Router router;
  private final Forwarding forwarding;
  private final Delivery delivery;
  private final String hostname;
  private final Clock clock;
  private final Path tempDir;
  private final MemoryBudget budget;

  /**
   * @param outbox  the outbound queue (every server has one)
   * @param notices the notices of outcomes decided here, or null (with no queue, there is nobody to send them)
   * @param srs     the SRS rewriting of forwarded mail, or null
   * @param tempDir where large messages rewritten by a check are spooled
   */
  public Pipeline(Checks checks, Store store, LocalDelivery local, Outbox outbox, Notices notices, Srs srs,
                  String hostname, Clock clock, Path tempDir, MemoryBudget budget) {
    this.checks = checks;
    this.store = store;
    this.outbox = java.util.Objects.requireNonNull(outbox, "outbox");
    this.forwarding = new Forwarding(srs, store.directory());
    this.router = new Router(store.directory(), forwarding, hostname);
    this.delivery = new Delivery(store, local, outbox, notices, clock);
    this.hostname = hostname;
    this.clock = clock;
    this.tempDir = tempDir;
    this.budget = budget;
  }

  /**
   * A client connected: its session, before the connect stage ({@link Session#connect}).
   *
   * @param trusted in {@code smtp.trusted_networks}
   * @param tls     the TLS protocol and cipher when the connection is already encrypted (implicit TLS), or null
   * @param cid     the connection id, for logs
   */
  public Session open(ListenerKind kind, InetAddress ip, boolean trusted, boolean secure, String tls, String cid) {
    return new Session(this, new Client(kind, ip, trusted, secure, tls), checks.of(kind), cid);
  }

  /** Hears of every message stored in an account's mailbox by delivery (not by IMAP APPEND or a copy). */
  public interface DeliveryListener {
    /** Called after the commit, on the delivering thread: it must not block. */
    void delivered(long accountId, long mailboxId, long uid);
  }

  /** Tells {@code listener} of every delivery from now on (the webhooks). */
  public void onDelivery(DeliveryListener listener) {
    delivery.listener(listener);
  }

  /** What {@link #handoff} did with one recipient. */
  public record Handoff(Verdict verdict, Route route, int mailboxes, int queued) {}

  /**
   * The queue's hand-off of one recipient of a message it holds (a report to a local sender, mail for one of our
   * addresses): the same stages as SMTP, as the LOCAL kind, from this host. The message gets no Received field
   * here (it has one from when it was received, or is our own report). The message is parsed once, here; its 8-bit
   * flag (RFC 6152) goes into the envelope, for copies that leave again.
   *
   * @param mailFrom "" for the null reverse-path
   */
  public Handoff handoff(String mailFrom, String address, byte[] message, String ref) throws IOException {
    try (MessageBuffer content = MessageBuffer.of(message, tempDir, budget)) {
      Session s = open(ListenerKind.LOCAL, LOOPBACK, false, true, null, ref);
      Verdict v = s.connect();
      if (!v.refuses()) {
        v = s.helo(hostname, true);
      }
      if (!v.refuses()) {
        v = s.mail(new Envelope(MailPath.of(mailFrom), message.length, content.parsed().eightBit(), false, null,
            null));
      }
      Route route = null;
      if (!v.refuses()) {
        v = s.rcpt(MailPath.of(address), Set.of(), null);
        route = s.lastRoute();
      }
      if (v.refuses()) {
        return new Handoff(v, route, 0, 0);
      }
      v = s.message(content);
      Delivery.Result r = s.lastDelivery();
      return new Handoff(v, route, r == null ? 0 : r.mailboxes(), r == null ? 0 : r.queued());
    }
  }

  /**
   * What {@link #submit} did: the refusal of the first stage that refused (with the recipient it was about, or
   * null), or the transaction id, how many local mailboxes got the message and the queue ids of its queued copies.
   */
  public record Submission(Verdict verdict, String refusedRecipient, String id, int mailboxes, List<Long> queueIds) {}

  /**
   * A message submitted by {@code account} from another door than SMTP (the REST API): the same stages and checks
   * as an authenticated client of the submission port gets (RFC 6409), over a secure channel from {@code ip}: the
   * sender's ownership of its addresses, the removal of header fields a client must not set, DKIM signing and the
   * queue for remote recipients, local delivery for ours. {@code message} is complete (header section and body).
   */
  public Submission submit(Account account, InetAddress ip, String mailFrom, List<String> recipients, byte[] message,
                           boolean smtpUtf8, String cid) throws IOException {
    try (MessageBuffer content = MessageBuffer.of(message, tempDir, budget)) {
      Session s = open(ListenerKind.SUBMISSION, ip, false, true, "HTTPS", cid);
      Verdict v = s.connect();
      if (!v.refuses()) {
        v = s.helo("api", true);
      }
      if (v.refuses()) {
        return new Submission(v, null, null, 0, List.of());
      }
      s.authenticated(account);
      Envelope e = new Envelope(MailPath.of(mailFrom), message.length, content.parsed().eightBit(), smtpUtf8, null,
          null);
      v = s.mail(e);
      if (v.refuses()) {
        return new Submission(v, null, null, 0, List.of());
      }
      for (String r : recipients) {
        v = s.rcpt(MailPath.of(r), Set.of(), null);
        if (v.refuses()) {
          s.reset();
          return new Submission(v, r, null, 0, List.of());
        }
      }
      v = s.message(content);
      Delivery.Result r = s.lastDelivery();
      if (v.refuses() || r == null) {
        return new Submission(v, null, null, 0, List.of());
      }
      return new Submission(v, null, e.id(), r.mailboxes(), r.queueIds());
    }
  }

  boolean hasRoom(Account a, long declaredSize) {
    if (a.quotaBytes() <= 0) {
      return true;
    }
    long used = store.mail().usedBytes(a.id());
    return used + Math.max(declaredSize, 1) <= a.quotaBytes();
  }

  Outbox outbox() {
    return outbox;
  }

  Router router() {
    return router;
  }

  Forwarding forwarding() {
    return forwarding;
  }

  Delivery delivery() {
    return delivery;
  }

  String hostname() {
    return hostname;
  }

  Clock clock() {
    return clock;
  }
}
