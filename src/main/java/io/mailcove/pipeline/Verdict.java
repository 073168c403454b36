package io.mailcove.pipeline;

import java.util.List;

/**
 * What a {@link Check} says at one stage. {@link Kind#ACCEPT} lets the message go on; {@link Kind#REJECT} (5xx) and
 * {@link Kind#TEMPFAIL} (4xx) refuse it with an SMTP reply (code, RFC 3463 enhanced code, text);
 * {@link Kind#QUARANTINE} accepts it for the Junk mailbox instead of INBOX. An accepting verdict may add header fields
 * (CRLF-terminated, put above the message with the trace fields) and points to the message's score, each with a
 * named reason.
 */
public final class Verdict {
  public enum Kind { ACCEPT, QUARANTINE, TEMPFAIL, REJECT }

  /** One contribution to the score, with the name of its reason (e.g. "local-sender-unauthenticated"). */
  public record Score(double points, String reason) {}

  public static final Verdict ACCEPT = new Verdict(Kind.ACCEPT, 0, null, null, "", List.of());

  private final Kind kind;
  private final int code;
  private final String enhanced;
  private final String text;
  private final String headerFields;
  private final List<Score> scores;

  private Verdict(Kind kind, int code, String enhanced, String text, String headerFields, List<Score> scores) {
    this.kind = kind;
    this.code = code;
    this.enhanced = enhanced;
    this.text = text;
    this.headerFields = headerFields;
    this.scores = scores;
  }

  public static Verdict accept() {
    return ACCEPT;
  }

  /** A permanent refusal: {@code code} 5xx, {@code enhanced} like "5.7.1" (RFC 3463). */
  public static Verdict reject(int code, String enhanced, String text) {
    if (code < 500 || code > 599) {
      throw new IllegalArgumentException("a rejection has a 5xx code: " + code);
    }
    return new Verdict(Kind.REJECT, code, enhanced, text, "", List.of());
  }

  /** A temporary refusal: {@code code} 4xx, {@code enhanced} like "4.7.1" (RFC 3463). */
  public static Verdict tempfail(int code, String enhanced, String text) {
    if (code < 400 || code > 499) {
      throw new IllegalArgumentException("a temporary failure has a 4xx code: " + code);
    }
    return new Verdict(Kind.TEMPFAIL, code, enhanced, text, "", List.of());
  }

  /** A refusal written as one SMTP reply line, "550 5.7.1 text": 4xx is a tempfail, 5xx a reject. */
  public static Verdict refuse(String reply) {
    int code = Integer.parseInt(reply.substring(0, 3));
    String rest = reply.length() > 4 ? reply.substring(4) : "";
    String enhanced = null;
    int space = rest.indexOf(' ');
    String first = space < 0 ? rest : rest.substring(0, space);
    if (first.matches("[245]\\.[0-9]{1,3}\\.[0-9]{1,3}")) {
      enhanced = first;
      rest = space < 0 ? "" : rest.substring(space + 1);
    }
    return code >= 500 ? reject(code, enhanced, rest) : tempfail(code, enhanced, rest);
  }

  /** Delivers the message to the Junk mailbox of its local recipients (remote copies are not affected). */
  public static Verdict quarantine(String reason) {
    return new Verdict(Kind.QUARANTINE, 0, null, reason, "", List.of());
  }

  /** Accepts and adds header fields ({@code fields}: complete fields, each ending in CRLF). */
  public static Verdict addHeader(String fields) {
    return ACCEPT.withHeader(fields);
  }

  /** Accepts and adds {@code points} to the message's score for {@code reason}. */
  public static Verdict score(double points, String reason) {
    return ACCEPT.withScore(points, reason);
  }

  /** This verdict with more header fields (CRLF-terminated); only an accepting verdict carries them. */
  public Verdict withHeader(String fields) {
    requireAccepting();
    return new Verdict(kind, code, enhanced, text, headerFields + fields, scores);
  }

  /** This verdict with a contribution to the score. */
  public Verdict withScore(double points, String reason) {
    requireAccepting();
    List<Score> more = new java.util.ArrayList<>(scores);
    more.add(new Score(points, reason));
    return new Verdict(kind, code, enhanced, text, headerFields, List.copyOf(more));
  }

  private void requireAccepting() {
    if (refuses()) {
      throw new IllegalStateException("a refusal carries no header fields or score");
    }
  }

  public Kind kind() {
    return kind;
  }

  /** Whether this verdict ends the stage with a refusal (reject or tempfail). */
  public boolean refuses() {
    return kind == Kind.REJECT || kind == Kind.TEMPFAIL;
  }

  public int code() {
    return code;
  }

  /** The RFC 3463 code, or null. */
  public String enhanced() {
    return enhanced;
  }

  /** The reply text of a refusal, or the reason of a quarantine. */
  public String text() {
    return text;
  }

  public String headerFields() {
    return headerFields;
  }

  public List<Score> scores() {
    return scores;
  }

  /** The SMTP reply line of a refusal: "550 5.7.1 text". */
  public String reply() {
    if (!refuses()) {
      throw new IllegalStateException("only a refusal has a reply");
    }
    StringBuilder sb = new StringBuilder().append(code);
    if (enhanced != null) {
      sb.append(' ').append(enhanced);
    }
    if (!text.isEmpty()) {
      sb.append(' ').append(text);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return refuses() ? kind + " " + reply() : kind + (text == null ? "" : " " + text);
  }
}
