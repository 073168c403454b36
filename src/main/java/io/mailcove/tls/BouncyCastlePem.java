package io.mailcove.tls;

import io.mailcove.store.PrivateFiles;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * What needs Bouncy Castle in TLS: the older private-key formats ("BEGIN RSA PRIVATE KEY", "BEGIN EC PRIVATE KEY")
 * and making the self-signed certificate. Kept apart from {@link TlsManager} so that an ordinary start (PKCS#8 key,
 * certificate already there) never loads Bouncy Castle, whose signed jars are slow to open.
 */
final class BouncyCastlePem {
  private BouncyCastlePem() {}

  static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
    JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
      Object o;
      while ((o = p.readObject()) != null) {
        if (o instanceof PEMKeyPair kp) {
          return conv.getPrivateKey(kp.getPrivateKeyInfo()); // "RSA/EC PRIVATE KEY", public part optional
        }
        if (o instanceof PrivateKeyInfo info) {
          return conv.getPrivateKey(info);
        }
      }
    }
    throw new GeneralSecurityException(file + " holds no PEM private key (expected RSA or EC, unencrypted)");
  }

  /** Writes a self-signed EC P-256 certificate valid for ten years, atomically. */
  static void writeSelfSigned(Path certFile, Path keyFile, String hostname)
      throws IOException, GeneralSecurityException {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = gen.generateKeyPair();
    X500Name name = new X500Name("CN=" + hostname);
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
        new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
        Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(new GeneralName(GeneralName.dNSName, hostname)));
    X509Certificate cert;
    try {
      cert = new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
    PrivateFiles.createDirectories(certFile.toAbsolutePath().getParent());
    writePem(keyFile, new JcaPKCS8Generator(pair.getPrivate(), null)); // "BEGIN PRIVATE KEY", as certbot writes
    writePem(certFile, cert);
  }

  private static void writePem(Path file, Object object) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    PrivateFiles.createFile(tmp); // 600 like everything in the data folder, where the self-signed pair lives
    try (JcaPEMWriter w = new JcaPEMWriter(Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII))) {
      if (object instanceof PemObjectGenerator generator) {
        w.writeObject(generator);
      } else {
        w.writeObject(object);
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
