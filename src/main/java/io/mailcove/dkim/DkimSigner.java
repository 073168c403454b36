package io.mailcove.dkim;

import io.mailcove.mime.Header;
import io.mailcove.mime.HeaderField;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Signs a message with DKIM (RFC 6376 §5) with relaxed/relaxed canonicalization, one signature per key. Signs the
 * headers of {@link #SIGNED} that are present (every instance) and lists From once more than it occurs, so a From
 * added later breaks the signature (over-signing, RFC 6376 §8.15).
 */
public final class DkimSigner {
  /** Header fields we sign when present (RFC 6376 §5.4.1). */
  public static final List<String> SIGNED = List.of("from", "to", "cc", "subject", "date", "message-id",
      "mime-version", "content-type", "content-transfer-encoding", "reply-to", "in-reply-to", "references");

  /** A key ready to sign: the private key parsed once. */
  public static final class SigningKey {
    private final DkimKey key;
    private final PrivateKey rsa;
    private final Ed25519PrivateKeyParameters ed25519;

    public SigningKey(DkimKey key) throws IOException, GeneralSecurityException {
      this.key = key;
      if (key.algorithm() == DkimAlgorithm.RSA_SHA256) {
        this.rsa = DkimKeyGenerator.rsaPrivateKey(key.privateKeyPem());
        this.ed25519 = null;
      } else {
        this.rsa = null;
        this.ed25519 = DkimKeyGenerator.ed25519PrivateKey(key.privateKeyPem());
      }
    }

    public DkimKey key() {
      return key;
    }

    byte[] sign(byte[] data) throws GeneralSecurityException {
      if (rsa != null) {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(rsa);
        s.update(data);
        return s.sign();
      }
      // RFC 8463 §3: Ed25519 (PureEdDSA) over the SHA-256 hash of the data
      byte[] hash = sha256().digest(data);
      Ed25519Signer signer = new Ed25519Signer();
      signer.init(true, ed25519);
      signer.update(hash, 0, hash.length);
      return signer.generateSignature();
    }
  }

  private DkimSigner() {}

  /** The DKIM-Signature header fields (each ending in CRLF) to put on top of the message, one per key. */
  public static String sign(byte[] message, List<SigningKey> keys, Instant now) throws GeneralSecurityException {
    return sign(message, Header.of(message), keys, now);
  }

  /** As {@link #sign(byte[], List, Instant)}, with the message's header section already parsed. */
  public static String sign(byte[] message, Header header, List<SigningKey> keys, Instant now)
      throws GeneralSecurityException {
    List<String> headers = headers(header);
    int bodyStart = header.size();
    if (find(headers, "from") < 0) {
      throw new GeneralSecurityException("the message has no From header; DKIM requires one (RFC 6376 §5.4)");
    }
    MessageDigest bodyDigest = sha256();
    Canonicalizer.relaxedBody(message, bodyStart, message.length, bodyDigest);
    String bh = Base64.getEncoder().encodeToString(bodyDigest.digest());

    List<String> names = new ArrayList<>();
    Map<String, Integer> counts = new HashMap<>();
    for (String h : headers) {
      counts.merge(name(h), 1, Integer::sum);
    }
    for (String n : SIGNED) {
      int c = counts.getOrDefault(n, 0);
      for (int i = 0; i < c; i++) {
        names.add(n);
      }
    }
    names.add("from"); // over-signed
    // RFC 6376 §5.4.2: each listed name takes the next instance from the bottom up
    StringBuilder hashed = new StringBuilder();
    Map<String, Integer> used = new HashMap<>();
    for (String n : names) {
      int skip = used.merge(n, 1, Integer::sum) - 1;
      String h = nthFromBottom(headers, n, skip);
      if (h != null) {
        hashed.append(Canonicalizer.relaxedHeader(h));
      }
    }
    StringBuilder out = new StringBuilder();
    for (SigningKey k : keys) {
      String prefix = "DKIM-Signature: v=1; a=" + k.key().algorithm().tag() + "; c=relaxed/relaxed;\r\n\td="
          + k.key().domain() + "; s=" + k.key().selector() + "; t=" + now.getEpochSecond() + ";\r\n\th="
          + String.join(":", names) + ";\r\n\tbh=" + bh + ";\r\n\tb=";
      String canonical = Canonicalizer.relaxedHeader(prefix);
      canonical = canonical.substring(0, canonical.length() - 2); // hashed without its CRLF (§3.7)
      byte[] data = (hashed + canonical).getBytes(StandardCharsets.ISO_8859_1);
      String b = Base64.getEncoder().encodeToString(k.sign(data));
      out.append(prefix).append(fold(b)).append("\r\n");
    }
    return out.toString();
  }

  private static String fold(String b64) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < b64.length(); i += 72) {
      if (i > 0) {
        sb.append("\r\n\t ");
      }
      sb.append(b64, i, Math.min(b64.length(), i + 72));
    }
    return sb.toString();
  }

  /** Raw header fields with their folding (line breaks kept inside, none at the end). */
  static List<String> headers(Header header) {
    List<String> out = new ArrayList<>();
    for (HeaderField f : header.fields()) {
      out.add(header.rawText(f));
    }
    return out;
  }

  private static String name(String header) {
    return header.substring(0, header.indexOf(':')).trim().toLowerCase(Locale.ROOT);
  }

  private static int find(List<String> headers, String n) {
    for (int i = 0; i < headers.size(); i++) {
      if (name(headers.get(i)).equals(n)) {
        return i;
      }
    }
    return -1;
  }

  private static String nthFromBottom(List<String> headers, String n, int skip) {
    for (int i = headers.size() - 1; i >= 0; i--) {
      if (name(headers.get(i)).equals(n) && skip-- == 0) {
        return headers.get(i);
      }
    }
    return null;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
