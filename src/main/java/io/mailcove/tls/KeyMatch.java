package io.mailcove.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;

/**
 * Whether a private key is the one of a certificate's public key. A pair that does not match loads without complaint
 * and fails every handshake later (the client cannot verify the server's signature), so it is checked when read:
 * RSA by modulus and public exponent, EC by curve and by a signature the certificate's key verifies.
 */
final class KeyMatch {
  /** Thrown when the key belongs to another certificate. */
  static final class MismatchException extends GeneralSecurityException {
    MismatchException(String message) {
      super(message);
    }
  }

  private static final byte[] CHALLENGE = "mailcove certificate and key pair check".getBytes(StandardCharsets.US_ASCII);

  private KeyMatch() {}

  /** Fails with a {@link MismatchException} when {@code key} is not the private half of {@code certificateKey}. */
  static void require(PublicKey certificateKey, PrivateKey key) throws GeneralSecurityException {
    if (certificateKey instanceof RSAPublicKey rsa && key instanceof RSAPrivateKey rsaKey) {
      boolean exponentMatches = !(key instanceof RSAPrivateCrtKey crt)
          || crt.getPublicExponent().equals(rsa.getPublicExponent());
      if (!rsa.getModulus().equals(rsaKey.getModulus()) || !exponentMatches) {
        throw new MismatchException("the RSA private key is not the certificate's (the moduli differ)");
      }
      return;
    }
    if (certificateKey instanceof ECPublicKey ec && key instanceof ECPrivateKey ecKey) {
      if (!sameCurve(ec.getParams(), ecKey.getParams())) {
        throw new MismatchException("the EC private key is on another curve than the certificate's key");
      }
      if (!signatureVerifies("SHA256withECDSA", certificateKey, key)) {
        throw new MismatchException("the EC private key is not the certificate's (its signature does not verify)");
      }
      return;
    }
    if (isEdDsa(certificateKey.getAlgorithm()) && isEdDsa(key.getAlgorithm())) {
      if (!signatureVerifies(key.getAlgorithm(), certificateKey, key)) {
        throw new MismatchException("the " + key.getAlgorithm() + " private key is not the certificate's");
      }
      return;
    }
    throw new MismatchException("the private key is " + key.getAlgorithm() + " but the certificate's key is "
        + certificateKey.getAlgorithm());
  }

  private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
    return a.getCurve().equals(b.getCurve()) && a.getGenerator().equals(b.getGenerator())
        && a.getOrder().equals(b.getOrder()) && a.getCofactor() == b.getCofactor();
  }

  private static boolean isEdDsa(String algorithm) {
    return algorithm.equals("EdDSA") || algorithm.equals("Ed25519") || algorithm.equals("Ed448");
  }

  private static boolean signatureVerifies(String algorithm, PublicKey publicKey, PrivateKey privateKey)
      throws GeneralSecurityException {
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(privateKey);
    signer.update(CHALLENGE);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(publicKey);
    verifier.update(CHALLENGE);
    return verifier.verify(signature);
  }
}
