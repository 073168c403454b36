package io.mailcove.tls;

import io.mailcove.log.Log;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * Certificates from PEM files ({@code fullchain.pem} + {@code privkey.pem}, RSA or EC) or a self-signed certificate
 * made on first start. The files are checked for changes (at most every few seconds, on use) and re-read without a
 * restart, so a certificate renewed by certbot or ACME is served at once. A renewal that fails to parse, or whose
 * private key does not match its certificate, keeps the previous pair and logs why; at first start either is an
 * error.
 */
public final class TlsManager implements TlsProvider {
  private static final Log LOG = Log.of(TlsManager.class);
  /** How often, at most, the files are looked at for a renewal. */
  public static final Duration CHECK_INTERVAL = Duration.ofSeconds(5);
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
  /** Forward-secret AEAD suites only (TLS 1.3 suites plus ECDHE with AES-GCM / ChaCha20 for TLS 1.2). */
  static final String[] CIPHER_SUITES = {
      "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"};

  /** The protocol versions every TLS listener offers (the web listener's server sets them on its own engines). */
  public static String[] protocols() {
    return PROTOCOLS.clone();
  }

  /** The cipher suites every TLS listener offers, in order of preference. */
  public static String[] cipherSuites() {
    return CIPHER_SUITES.clone();
  }

  private final Path certFile;
  private final Path keyFile;
  private final Duration checkInterval;
  /** Where the pair last found to match is remembered, or null to check every pair read. */
  private final CheckedPair checked;
  private volatile Loaded current;
  private volatile long nextCheckNanos;
  /** The last reload failure logged, so that a pair that stays broken is reported once, not at every check. */
  private String lastFailure;

  private record Loaded(SSLContext context, FileTime certTime, FileTime keyTime, X509Certificate leaf) {}

  private TlsManager(Path certFile, Path keyFile, Duration checkInterval, Path checkedPairFile) {
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.checkInterval = checkInterval;
    this.checked = checkedPairFile == null ? null : new CheckedPair(checkedPairFile);
  }

  /** Serves the given PEM files; fails with a clear message when they are missing or unreadable. */
  public static TlsManager fromFiles(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
    return fromFiles(certFile, keyFile, CHECK_INTERVAL);
  }

  /** As {@link #fromFiles(Path, Path)}, checking the files for changes at most every {@code checkInterval}. */
  public static TlsManager fromFiles(Path certFile, Path keyFile, Duration checkInterval)
      throws IOException, GeneralSecurityException {
    return fromFiles(certFile, keyFile, checkInterval, null);
  }

  /**
   * As {@link #fromFiles(Path, Path, Duration)}, remembering in {@code checkedPairFolder} (the data folder's
   * {@code tls/}) the pair last found to match its certificate, so that a restart with the same pair skips the check.
   */
  public static TlsManager fromFiles(Path certFile, Path keyFile, Duration checkInterval, Path checkedPairFolder)
      throws IOException, GeneralSecurityException {
    TlsManager m = new TlsManager(certFile, keyFile, checkInterval,
        checkedPairFolder == null ? null : checkedPairFolder.resolve(CheckedPair.FILE_NAME));
    m.current = m.load();
    return m;
  }

  /** Uses {@code dir/fullchain.pem} and {@code dir/privkey.pem}, creating a self-signed pair for hostname if absent. */
  public static TlsManager selfSigned(Path dir, String hostname) throws IOException, GeneralSecurityException {
    Path cert = dir.resolve("fullchain.pem");
    Path key = dir.resolve("privkey.pem");
    if (!Files.exists(cert) || !Files.exists(key)) {
      writeSelfSigned(cert, key, hostname);
      LOG.info("tls.self_signed_created", "hostname", hostname, "file", cert);
    }
    return fromFiles(cert, key, CHECK_INTERVAL, dir);
  }

  @Override
  public SSLContext serverContext() {
    maybeReload();
    return current.context();
  }

  @Override
  public X509Certificate certificate() {
    maybeReload();
    return current.leaf();
  }

  @Override
  public SSLSocket wrapServer(Socket plain, boolean autoClose) throws IOException {
    SSLContext ctx = serverContext();
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, null, plain.getPort(), autoClose);
    s.setUseClientMode(false);
    SSLParameters params = s.getSSLParameters();
    params.setProtocols(PROTOCOLS);
    params.setCipherSuites(supported(s.getSupportedCipherSuites()));
    params.setUseCipherSuitesOrder(true);
    s.setSSLParameters(params);
    s.startHandshake();
    return s;
  }

  private static String[] supported(String[] available) {
    List<String> out = new ArrayList<>();
    List<String> have = List.of(available);
    for (String suite : CIPHER_SUITES) {
      if (have.contains(suite)) {
        out.add(suite);
      }
    }
    return out.toArray(String[]::new);
  }

  private void maybeReload() {
    long now = System.nanoTime();
    if (now - nextCheckNanos < 0) {
      return;
    }
    synchronized (this) {
      if (now - nextCheckNanos < 0) {
        return;
      }
      nextCheckNanos = now + checkInterval.toNanos();
      try {
        FileTime c = Files.getLastModifiedTime(certFile);
        FileTime k = Files.getLastModifiedTime(keyFile);
        if (c.equals(current.certTime()) && k.equals(current.keyTime())) {
          return;
        }
        current = load();
        lastFailure = null;
        LOG.info("tls.reloaded", "file", certFile, "not_after", current.leaf().getNotAfter().toInstant());
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        reportReloadFailure(e);
      }
    }
  }

  /**
   * Logs a failed reload as an error, once per distinct failure: the files are tried again at every check until they
   * load, and a pair caught halfway through a renewal (new key, old certificate) loads at a later check.
   */
  private void reportReloadFailure(Exception e) {
    String failure = e.getClass().getName() + ": " + e.getMessage();
    if (failure.equals(lastFailure)) {
      return;
    }
    lastFailure = failure;
    LOG.error("tls.reload_failed", null, "file", certFile, "key", keyFile, "error", e.getMessage(), "action",
        "keeping the previous certificate");
  }

  private Loaded load() throws IOException, GeneralSecurityException {
    FileTime certTime = Files.getLastModifiedTime(certFile);
    FileTime keyTime = Files.getLastModifiedTime(keyFile);
    List<X509Certificate> chain = PemFiles.certificates(certFile);
    if (chain.isEmpty()) {
      throw new GeneralSecurityException(certFile + " holds no PEM certificate");
    }
    PublicKey certificateKey = chain.get(0).getPublicKey();
    PrivateKey key;
    try {
      key = PemFiles.pkcs8PrivateKey(keyFile, certificateKey.getAlgorithm());
    } catch (InvalidKeySpecException e) {
      throw new KeyMatch.MismatchException(keyFile + " holds no " + certificateKey.getAlgorithm() + " private key, "
          + "but the certificate in " + certFile + " has an " + certificateKey.getAlgorithm() + " key ("
          + e.getMessage() + ")");
    }
    if (key == null) {
      key = BouncyCastlePem.readPrivateKey(keyFile); // "RSA/EC PRIVATE KEY" and other formats: Bouncy Castle
    }
    try {
      if (checked == null) {
        KeyMatch.require(certificateKey, key);
      } else {
        checked.require(chain.get(0), key);
      }
    } catch (KeyMatch.MismatchException e) {
      throw new KeyMatch.MismatchException("the private key in " + keyFile + " does not match the certificate in "
          + certFile + ": " + e.getMessage());
    }
    // One identity, held directly: no key store in between (PKCS12 would encrypt the key with PBKDF2 for nothing).
    // No trust managers: the server never asks a client for a certificate, and the JDK's default one would read and
    // parse its ~150 trusted roots at every start for nothing.
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(new KeyManager[] {new SingleKeyManager(key, chain.toArray(X509Certificate[]::new))},
        new TrustManager[0], new SecureRandom());
    return new Loaded(ctx, certTime, keyTime, chain.get(0));
  }

  /** Writes a self-signed EC P-256 certificate valid for ten years, atomically. */
  public static void writeSelfSigned(Path certFile, Path keyFile, String hostname)
      throws IOException, GeneralSecurityException {
    BouncyCastlePem.writeSelfSigned(certFile, keyFile, hostname);
  }
}
