package io.mailcove.pipeline;

import io.mailcove.log.Log;
import io.mailcove.store.Account;
import io.mailcove.store.Addresses;
import io.mailcove.store.StoreException;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One client's way through the pipeline, stage by stage, in SMTP's order: {@link #connect}, {@link #helo},
 * {@link #mail}, {@link #rcpt} (once per recipient), {@link #message}. Each stage runs the checks of the listener
 * kind in order, then does its own part: RCPT routes the recipient to its {@link Target}s, the message stage reads
 * the message once ({@link Message}), adds the trace fields and delivers ({@link Delivery}). The caller speaks the
 * protocol and turns a refusing {@link Verdict} into its reply. Not thread-safe: one session per connection.
 */
public final class Session {
  private static final Log LOG = Log.of(Session.class);

  private final Pipeline pipeline;
  private final Client client;
  private final List<Check> checks;
  private final String cid;
  /** Accepting verdicts of the connect and HELO stages with something to add: applied to each transaction. */
  private final List<Verdict> fromConnect = new ArrayList<>();
  private final List<Verdict> fromHelo = new ArrayList<>();
  private Envelope envelope;
  private Delivery.Result last;
  private Route lastRoute;

  Session(Pipeline pipeline, Client client, List<Check> checks, String cid) {
    this.pipeline = pipeline;
    this.client = client;
    this.checks = checks;
    this.cid = cid;
  }

  public Client client() {
    return client;
  }

  /** The transaction under way, or null. */
  public Envelope envelope() {
    return envelope;
  }

  // ---------------------------------------------------------------------------------------------- connect, HELO

  /** Stage 1, the connection (RFC 5321 §3.1). */
  public Verdict connect() {
    Verdict result = Verdict.ACCEPT;
    for (Check c : checks) {
      Verdict v = c.connect(client);
      if (v.refuses()) {
        return refused(Stage.CONNECT, c, v);
      }
      result = keep(fromConnect, v, result);
    }
    return result;
  }

  /** Stage 2, EHLO or HELO (RFC 5321 §4.1.1.1); ends any transaction (§4.1.4). */
  public Verdict helo(String name, boolean extended) {
    reset();
    client.helo(name, extended);
    fromHelo.clear();
    Verdict result = Verdict.ACCEPT;
    for (Check c : checks) {
      Verdict v = c.helo(client);
      if (v.refuses()) {
        client.helo(null, false);
        fromHelo.clear();
        return refused(Stage.HELO, c, v);
      }
      result = keep(fromHelo, v, result);
    }
    return result;
  }

  /** The client authenticated (RFC 4954): what it sends from now on is vouched for by {@code account}. */
  public void authenticated(Account account) {
    client.account(account);
  }

  /** TLS started (RFC 3207 §4.2): the client starts over, HELO and authentication forgotten. */
  public void secured(String tlsDescription) {
    reset();
    fromHelo.clear();
    client.secured(tlsDescription);
  }

  // ---------------------------------------------------------------------------------------------- MAIL, RCPT

  /** Stage 3, MAIL FROM (RFC 5321 §4.1.1.2): on acceptance {@code e} is the transaction under way. */
  public Verdict mail(Envelope e) {
    for (Verdict v : fromConnect) {
      e.apply(v, true);
    }
    for (Verdict v : fromHelo) {
      e.apply(v, true);
    }
    for (Check c : checks) {
      Verdict v = c.mail(client, e);
      if (v.refuses()) {
        return refused(Stage.MAIL, c, v);
      }
      e.apply(v, true);
    }
    envelope = e;
    return Verdict.ACCEPT;
  }

  /**
   * Stage 4, RCPT TO (RFC 5321 §4.1.1.3) with NOTIFY and ORCPT (RFC 3461 §4.1–4.2): routes the recipient, runs the
   * checks, and adds its targets to the transaction. A quarantine here sends this recipient's copies to Junk.
   */
  public Verdict rcpt(MailPath path, Set<String> notify, String orcpt) {
    Envelope e = envelope;
    if (notify.contains("SUCCESS") && !client.vouchedFor()) {
      // RFC 3461 §4.1 lets a client ask for success notices; for mail from strangers they would go to an
      // unverified sender (backscatter), so none is sent, here or by any later hop, until SPF can vouch for it
      notify = new LinkedHashSet<>(notify);
      notify.remove("SUCCESS");
      if (notify.isEmpty()) {
        notify.add("NEVER");
      }
    }
    String address = pipeline.router().address(path);
    Recipient r = new Recipient(path, address, Set.copyOf(notify), orcpt, pipeline.router().route(address));
    boolean junk = false;
    List<Verdict> kept = new ArrayList<>();
    for (Check c : checks) {
      Verdict v = c.rcpt(client, e, r);
      if (v.refuses()) {
        return refused(Stage.RCPT, c, v);
      }
      junk |= v.kind() == Verdict.Kind.QUARANTINE;
      kept.add(v);
    }
    Route route = r.route();
    lastRoute = route;
    Verdict outcome = switch (route.kind()) {
      case REFUSED -> Verdict.refuse(route.refusal());
      case REMOTE -> acceptRemote(e, path.address(), r);
      case SRS_BOUNCE -> acceptRemote(e, route.address(), r);
      case LOCAL -> acceptLocal(e, r, junk);
    };
    if (!outcome.refuses()) {
      for (Verdict v : kept) {
        e.apply(v, false);
      }
    }
    return outcome;
  }

  private Verdict acceptRemote(Envelope e, String address, Recipient r) {
    if (!Addresses.isValid(address)) {
      return Verdict.refuse(Refusals.BAD_RECIPIENT);
    }
    if (e.firstTime(address.toLowerCase(Locale.ROOT))) {
      e.accept(new Envelope.Accepted(address, r.notifyOn(), r.orcpt(),
          List.of(new Target.Remote(address, r.notifyOn(), r.orcpt(), e.sender().address())), false));
    }
    return Verdict.ACCEPT;
  }

  private Verdict acceptLocal(Envelope e, Recipient r, boolean junk) {
    Route route = r.route();
    boolean room = false;
    for (Account a : route.accounts()) {
      room |= pipeline.hasRoom(a, e.declaredSize());
    }
    if (!room && route.forwards().isEmpty()) {
      return Verdict.refuse(Refusals.QUOTA_FULL); // RFC 3463 X.2.2, a temporary failure: the user may make room
    }
    if (e.firstTime(route.address())) {
      // every account is a target, a full one too: should it still be full at the end of the message, its sender
      // hears of it in a failure notice rather than the message silently missing there
      List<Target> targets = new ArrayList<>();
      for (Account a : route.accounts()) {
        e.account(a);
        Target.Mailbox inbox = Target.Mailbox.inbox(a.id());
        targets.add(junk ? inbox.in("Junk") : inbox);
      }
      // RFC 3461 §4.2: a forwarded copy carries the recipient's ORCPT, or the address it was sent to when none
      String original = r.orcpt() != null ? r.orcpt() : "rfc822;" + route.address();
      String from = route.forwards().isEmpty() ? e.sender().address() : pipeline.forwarding().envelopeSender(
          e.sender(), Forwarding.source(client.account(), client.trusted()), Addresses.domain(route.address()));
      for (String target : route.forwards()) {
        targets.add(new Target.Remote(target, r.notifyOn(), original, from));
      }
      e.accept(new Envelope.Accepted(r.path().address(), r.notifyOn(), r.orcpt(), List.copyOf(targets),
          route.accounts().size() + route.forwards().size() > 1));
    }
    return Verdict.ACCEPT;
  }

  // ---------------------------------------------------------------------------------------------- message

  /**
   * Stage 5, the end of the message data: takes the message's model (parsed while its bytes were written, never
   * read back for it), runs the checks, adds the trace fields (a Received field, RFC 5321 §4.4, for mail from a
   * client; then the fields the checks added) and delivers to every target. Accepting means everything is durable
   * (RFC 5321 §6.1). The transaction is over either way.
   */
  public Verdict message(MessageBuffer content) throws IOException {
    Envelope e = envelope;
    envelope = null;
    last = null;
    Message m = Message.of(content);
    for (Check c : checks) {
      Verdict v = c.message(client, e, m);
      if (v.refuses()) {
        return refused(Stage.MESSAGE, c, v);
      }
      e.apply(v, true);
    }
    String trace = client.kind() == ListenerKind.LOCAL ? e.headerFields() : received(e) + e.headerFields();
    try {
      last = pipeline.delivery().deliver(client, e, m, trace, cid);
    } catch (IOException | StoreException x) {
      LOG.warn("pipeline.store_failed", "cid", cid, "id", e.id(), "error", x.getMessage());
      return Verdict.refuse(Refusals.LOCAL_ERROR);
    }
    if (last.verdict().refuses()) {
      LOG.info("pipeline.refused", "cid", cid, "ip", client.ip().getHostAddress(), "reason", last.verdict());
    } else if (!e.scores().isEmpty()) {
      LOG.info("pipeline.scored", "cid", cid, "id", e.id(), "score", e.score(), "reasons", e.scores());
    }
    return last.verdict();
  }

  /** How many mailboxes and queued copies the last accepted message went to (null before any). */
  Delivery.Result lastDelivery() {
    return last;
  }

  /** Where the last RCPT led, or null. */
  Route lastRoute() {
    return lastRoute;
  }

  /** RSET (RFC 5321 §4.1.1.5), or a refused message: the transaction is dropped. */
  public void reset() {
    envelope = null;
  }

  private String received(Envelope e) {
    List<Envelope.Accepted> rcpts = e.accepted();
    String single = rcpts.size() == 1 ? rcpts.get(0).address() : null;
    ZonedDateTime now = ZonedDateTime.now(pipeline.clock()).withZoneSameInstant(ZoneOffset.UTC);
    return TraceHeaders.received(client.helo(), client.ip().getHostAddress(), pipeline.hostname(),
        TraceHeaders.protocol(client.esmtp(), e.smtpUtf8(), client.secure(), client.account() != null),
        client.tls(), e.id(), single, now);
  }

  private static Verdict keep(List<Verdict> carried, Verdict v, Verdict result) {
    if (!v.headerFields().isEmpty() || !v.scores().isEmpty() || v.kind() == Verdict.Kind.QUARANTINE) {
      carried.add(v);
    }
    return v.kind() == Verdict.Kind.QUARANTINE ? v : result;
  }

  private Verdict refused(Stage stage, Check c, Verdict v) {
    LOG.info("pipeline.refused", "cid", cid, "ip", client.ip().getHostAddress(), "stage", stage, "check", c.name(),
        "reply", v.reply());
    return v;
  }
}
