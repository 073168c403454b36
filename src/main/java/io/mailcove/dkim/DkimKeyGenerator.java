package io.mailcove.dkim;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** Makes DKIM key pairs (RSA-2048, Ed25519) and reads their private keys back from PEM. */
public final class DkimKeyGenerator {
  private static final SecureRandom RANDOM = new SecureRandom();

  private DkimKeyGenerator() {}

  /** A new key pair: {private PKCS#8 PEM, public p= value}. */
  public static String[] generate(DkimAlgorithm algorithm) {
    try {
      if (algorithm == DkimAlgorithm.RSA_SHA256) {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048, RANDOM);
        KeyPair pair = gen.generateKeyPair();
        // RFC 6376 §3.6.1: p= is the base64 of the DER SubjectPublicKeyInfo
        return new String[] {pem(pair.getPrivate().getEncoded()),
            Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())};
      }
      Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(RANDOM);
      PrivateKeyInfo info = PrivateKeyInfoFactory.createPrivateKeyInfo(key);
      // RFC 8463 §4.2: p= is the base64 of the raw 32-byte public key
      return new String[] {pem(info.getEncoded()),
          Base64.getEncoder().encodeToString(key.generatePublicKey().getEncoded())};
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot generate a " + algorithm.tag() + " key: " + e.getMessage(), e);
    }
  }

  /** The RSA private key of a PEM (PKCS#8 or PKCS#1). */
  static PrivateKey rsaPrivateKey(String pem) throws IOException, GeneralSecurityException {
    PrivateKeyInfo info = info(pem);
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
  }

  /** The Ed25519 private key of a PEM (PKCS#8). */
  static Ed25519PrivateKeyParameters ed25519PrivateKey(String pem) throws IOException {
    AsymmetricKeyParameter p = PrivateKeyFactory.createKey(info(pem));
    if (!(p instanceof Ed25519PrivateKeyParameters ed)) {
      throw new IOException("not an Ed25519 private key");
    }
    return ed;
  }

  private static PrivateKeyInfo info(String pem) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o = parser.readObject();
      if (o instanceof PrivateKeyInfo info) {
        return info;
      }
      if (o instanceof org.bouncycastle.openssl.PEMKeyPair kp) {
        return kp.getPrivateKeyInfo();
      }
      throw new IOException("no private key in PEM");
    }
  }

  private static String pem(byte[] pkcs8) throws IOException {
    StringWriter sw = new StringWriter();
    try (PemWriter w = new PemWriter(sw)) {
      w.writeObject(new PemObject("PRIVATE KEY", pkcs8));
    }
    return sw.toString();
  }
}
