package io.mailcove.queue;

import io.mailcove.dkim.DkimKeys;
import io.mailcove.dkim.DkimSigner;
import io.mailcove.log.Log;
import io.mailcove.mime.Header;
import io.mailcove.mime.ParsedMessage;
import io.mailcove.smtp.client.EightBitDowngrade;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;

/**
 * The bytes of one queued message as they go on the wire: DKIM-signed when we vouch for it ({@link #keysFor}), after
 * any 8-bit to quoted-printable conversion, so the signature covers exactly what is sent; computed once per variant
 * and attempt.
 */
final class Payload {
  private static final Log LOG = Log.of(Payload.class);
  private final byte[] raw;
  private final List<DkimSigner.SigningKey> keys;
  private final Instant now;
  private final boolean eightBit;
  private byte[] eightBitForm;
  private byte[] sevenBitForm;

  private final Header header;

  /** {@code parsed}: the model of {@code raw}, parsed once for the 8-bit flag, the signer and {@link #keysFor}. */
  Payload(byte[] raw, ParsedMessage parsed, List<DkimSigner.SigningKey> keys, Instant now) {
    this.raw = raw;
    this.header = parsed.header();
    this.keys = keys;
    this.now = now;
    this.eightBit = parsed.eightBit();
  }

  /**
   * Which keys sign this message: those of its From domain when that domain is ours and the message is one we vouch
   * for, by where it came from ({@link Origin}): an authenticated submission, mail from a network the administrator
   * named as trusted (a local application, like OpenDKIM's internal hosts), or a report this server wrote. Mail
   * received from the world is never signed, whatever its envelope or From says: it keeps the signatures it came
   * with (RFC 6376 §1.1: a signature claims responsibility, which we cannot take for a stranger's message).
   */
  static List<DkimSigner.SigningKey> keysFor(QueuedMessage m, Header header, DkimKeys dkim,
                                             java.util.function.Predicate<String> isLocalDomain) {
    if (dkim == null) {
      return List.of();
    }
    boolean vouched = m.origin() == Origin.SUBMISSION || m.origin() == Origin.RELAY
        || m.origin() == Origin.LOCAL && m.isDsn();
    if (!vouched) {
      return List.of();
    }
    String from = header.fromDomain();
    if (from == null || !isLocalDomain.test(from)) {
      return List.of();
    }
    List<DkimSigner.SigningKey> keys = dkim.signingKeys(from);
    if (keys.isEmpty() && isLocalDomain.test(from) && dkim.keys(from).isEmpty()) {
      dkim.ensureKeys(from); // every domain of ours has keys; one added without the CLI gets them on first use
      keys = dkim.signingKeys(from);
    }
    return keys;
  }

  boolean eightBit() {
    return eightBit;
  }

  /** The bytes for a peer with (true) or without (false) 8BITMIME. */
  byte[] bytes(boolean peerHas8BitMime) {
    if (!eightBit || peerHas8BitMime) {
      if (eightBitForm == null) {
        eightBitForm = sign(raw, header);
      }
      return eightBitForm;
    }
    if (sevenBitForm == null) {
      byte[] sevenBit = EightBitDowngrade.toSevenBit(raw);
      sevenBitForm = sign(sevenBit, Header.of(sevenBit)); // other bytes: a Content-Transfer-Encoding may change
    }
    return sevenBitForm;
  }

  private byte[] sign(byte[] message, Header header) {
    if (keys.isEmpty()) {
      return message;
    }
    try {
      byte[] head = DkimSigner.sign(message, header, keys, now).getBytes(StandardCharsets.US_ASCII);
      byte[] out = new byte[head.length + message.length];
      System.arraycopy(head, 0, out, 0, head.length);
      System.arraycopy(message, 0, out, head.length, message.length);
      return out;
    } catch (GeneralSecurityException e) {
      LOG.warn("dkim.sign_failed", "domain", keys.get(0).key().domain(), "error", e.getMessage());
      return message;
    }
  }
}
