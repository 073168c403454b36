package io.mailcove.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM blocks (RFC 7468) read with the JDK alone: certificates and PKCS#8 private keys ("BEGIN PRIVATE KEY", what
 * certbot and our self-signed certificate write). This is the start-up path; the older key formats ("BEGIN RSA/EC
 * PRIVATE KEY") are left to Bouncy Castle, which is slower to load.
 */
final class PemFiles {
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

  private PemFiles() {}

  /** One decoded block: its label ("CERTIFICATE", "PRIVATE KEY", ...) and its DER bytes. */
  record Block(String label, byte[] der) {}

  static List<Block> read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.ISO_8859_1);
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      try {
        blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": the " + m.group(1) + " block is not valid base64", e);
      }
    }
    return blocks;
  }

  /** Every certificate of the file, in order (leaf first for a certbot {@code fullchain.pem}). */
  static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    for (Block b : read(file)) {
      if (b.label().equals("CERTIFICATE")) {
        out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
      }
    }
    return out;
  }

  /**
   * The PKCS#8 private key of the file for a certificate whose public key uses {@code algorithm} ("RSA", "EC"), or
   * null when the file holds no such block (another key format, read by the caller in another way).
   */
  static PrivateKey pkcs8PrivateKey(Path file, String algorithm) throws IOException, GeneralSecurityException {
    for (Block b : read(file)) {
      if (b.label().equals("PRIVATE KEY")) {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(b.der()));
      }
    }
    return null;
  }
}
