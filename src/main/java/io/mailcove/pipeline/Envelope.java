package io.mailcove.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One mail transaction (RFC 5321 §3.3) as the pipeline keeps it: the sender with its ESMTP parameters, the
 * recipients accepted so far with their delivery targets, and what checks decided along the way (header fields to
 * add, score, quarantine).
 */
public final class Envelope {
  /**
   * One accepted recipient: the address as given, NOTIFY (RFC 3461 §4.1: empty = not given) and ORCPT (§4.2,
   * "addr-type;address" decoded from xtext, or null), where it goes, and whether it expanded to several targets (an
   * alias).
   */
  public record Accepted(String address, Set<String> notifyOn, String orcpt, List<Target> targets,
                         boolean expanded) {
    /** RFC 3461 §4.1: without NOTIFY, failures are reported; NEVER reports nothing. */
    public boolean notifies(String what) {
      if (notifyOn.isEmpty()) {
        return what.equals("FAILURE") || what.equals("DELAY");
      }
      return notifyOn.contains(what);
    }
  }

  private final String id = TraceHeaders.newId();
  private final MailPath sender;
  private final long declaredSize;
  private final boolean eightBit;
  private final boolean smtpUtf8;
  private final Boolean returnFull;
  private final String envId;
  private final List<Accepted> accepted = new ArrayList<>();
  /** Recipient addresses (and alias addresses) already accepted, so a repeated RCPT is not counted twice. */
  private final Set<String> seen = new LinkedHashSet<>();
  private final StringBuilder headerFields = new StringBuilder();
  private final List<Verdict.Score> scores = new ArrayList<>();
  private String quarantine;
  /** The address of each local account reached, as it was at RCPT (for notices, even if it is gone since). */
  private final java.util.Map<Long, String> accountAddresses = new java.util.HashMap<>();

  /**
   * @param declaredSize SIZE= (RFC 1870), 0 when not given
   * @param eightBit     BODY=8BITMIME (RFC 6152)
   * @param smtpUtf8     SMTPUTF8 (RFC 6531 §3.4)
   * @param returnFull   RET= (RFC 3461 §4.3): true FULL, false HDRS, null not given
   * @param envId        ENVID= (RFC 3461 §4.4), decoded from xtext, or null
   */
  public Envelope(MailPath sender, long declaredSize, boolean eightBit, boolean smtpUtf8, Boolean returnFull,
                  String envId) {
    this.sender = sender;
    this.declaredSize = declaredSize;
    this.eightBit = eightBit;
    this.smtpUtf8 = smtpUtf8;
    this.returnFull = returnFull;
    this.envId = envId;
  }

  /** The transaction id: in the Received field, the 250 reply, the logs. */
  public String id() {
    return id;
  }

  public MailPath sender() {
    return sender;
  }

  public long declaredSize() {
    return declaredSize;
  }

  public boolean eightBit() {
    return eightBit;
  }

  public boolean smtpUtf8() {
    return smtpUtf8;
  }

  public Boolean returnFull() {
    return returnFull;
  }

  public String envId() {
    return envId;
  }

  public List<Accepted> accepted() {
    return Collections.unmodifiableList(accepted);
  }

  public boolean hasRecipients() {
    return !accepted.isEmpty();
  }

  /** The reason the message goes to Junk, or null. */
  public String quarantine() {
    return quarantine;
  }

  public List<Verdict.Score> scores() {
    return Collections.unmodifiableList(scores);
  }

  public double score() {
    double total = 0;
    for (Verdict.Score s : scores) {
      total += s.points();
    }
    return total;
  }

  /** The header fields checks added, CRLF-terminated, in the order of the checks. */
  public String headerFields() {
    return headerFields.toString();
  }

  /** False when {@code key} (a lower-cased address) was accepted before. */
  boolean firstTime(String key) {
    return seen.add(key);
  }

  /** The address of a local account this message goes to, as it was when the recipient was accepted. */
  public String accountAddress(long accountId) {
    return accountAddresses.get(accountId);
  }

  void account(io.mailcove.store.Account a) {
    accountAddresses.putIfAbsent(a.id(), a.address());
  }

  void accept(Accepted recipient) {
    accepted.add(recipient);
  }

  /** Records what an accepting verdict adds; a quarantine of the whole message when {@code whole}. */
  void apply(Verdict v, boolean whole) {
    headerFields.append(v.headerFields());
    scores.addAll(v.scores());
    if (whole && v.kind() == Verdict.Kind.QUARANTINE && quarantine == null) {
      quarantine = v.text() == null ? "quarantined" : v.text();
    }
  }
}
