package io.mailcove.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailcove.server.Connection;
import io.mailcove.server.ConnectionHandler;
import io.mailcove.server.LineInputStream;
import io.mailcove.server.TcpListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS identity through a real TLS socket: a tiny echo listener on 127.0.0.1 serves the certificate of the
 * {@link TlsManager} under test, and real clients (the JDK, openssl s_client) connect to it.
 */
class TlsManagerTest {
  /** Lets openssl 3 offer TLS 1.0/1.1 and their SHA-1 suites at all. */
  private static final String LEGACY_CIPHERS = "DEFAULT:@SECLEVEL=0";

  @TempDir
  Path dir;

  private final List<TcpListener> listeners = new ArrayList<>();

  @AfterEach
  void stop() {
    listeners.forEach(TcpListener::stop);
  }

  @Test
  void selfSignedCertificateIsCreatedOnFirstStartAndKeptAfterwards() throws Exception {
    Path tls = dir.resolve("tls");
    TlsManager first = TlsManager.selfSigned(tls, "mx.example.test");
    assertThat(tls.resolve("fullchain.pem")).content().startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(tls.resolve("privkey.pem")).content().contains("PRIVATE KEY-----");
    X509Certificate served = peerCertificate(listen(first), "TLSv1.3");
    assertThat(served.getSubjectX500Principal().getName()).isEqualTo("CN=mx.example.test");
    assertThat(served.getSubjectAlternativeNames()).anySatisfy(san -> assertThat(san.get(1)).isEqualTo(
        "mx.example.test"));

    TlsManager second = TlsManager.selfSigned(tls, "mx.example.test");
    assertThat(second.certificate().getSerialNumber()).isEqualTo(first.certificate().getSerialNumber());
  }

  @Test
  void rsaCertificateWithPkcs8KeyIsServed() throws Exception {
    Path cert = dir.resolve("rsa-cert.pem");
    Path key = dir.resolve("rsa-key.pem");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=rsa.example.test",
        "-keyout", key.toString(), "-out", cert.toString());
    assertThat(key).content().startsWith("-----BEGIN PRIVATE KEY-----");
    X509Certificate served = peerCertificate(listen(TlsManager.fromFiles(cert, key)), "TLSv1.2");
    assertThat(served.getSubjectX500Principal().getName()).isEqualTo("CN=rsa.example.test");
    assertThat(served.getPublicKey().getAlgorithm()).isEqualTo("RSA");
  }

  @Test
  void rsaKeyInTraditionalFormatIsAccepted() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Path traditional = dir.resolve("key-rsa.pem");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=old.example.test",
        "-keyout", key.toString(), "-out", cert.toString());
    openssl("rsa", "-in", key.toString(), "-traditional", "-out", traditional.toString());
    assertThat(traditional).content().startsWith("-----BEGIN RSA PRIVATE KEY-----");
    X509Certificate served = peerCertificate(listen(TlsManager.fromFiles(cert, traditional)), "TLSv1.3");
    assertThat(served.getSubjectX500Principal().getName()).isEqualTo("CN=old.example.test");
  }

  @Test
  void ecCertificateIsServed() throws Exception {
    Path key = dir.resolve("ec-key.pem");
    Path cert = dir.resolve("ec-cert.pem");
    openssl("ecparam", "-genkey", "-name", "prime256v1", "-out", key.toString()); // EC PARAMETERS + EC PRIVATE KEY
    openssl("req", "-new", "-x509", "-key", key.toString(), "-days", "2", "-subj", "/CN=ec.example.test",
        "-out", cert.toString());
    assertThat(key).content().contains("-----BEGIN EC PRIVATE KEY-----");
    X509Certificate served = peerCertificate(listen(TlsManager.fromFiles(cert, key)), "TLSv1.2");
    assertThat(served.getSubjectX500Principal().getName()).isEqualTo("CN=ec.example.test");
    assertThat(served.getPublicKey().getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void renewedCertificateIsServedWithoutRestart() throws Exception {
    // certbot's layout: live/*.pem are symlinks into archive/, switched to new files on renewal
    Path archive = Files.createDirectories(dir.resolve("archive"));
    Path live = Files.createDirectories(dir.resolve("live"));
    TlsManager.writeSelfSigned(archive.resolve("fullchain1.pem"), archive.resolve("privkey1.pem"), "one.example.test");
    Files.createSymbolicLink(live.resolve("fullchain.pem"), archive.resolve("fullchain1.pem"));
    Files.createSymbolicLink(live.resolve("privkey.pem"), archive.resolve("privkey1.pem"));
    TlsManager tls = TlsManager.fromFiles(live.resolve("fullchain.pem"), live.resolve("privkey.pem"), Duration.ZERO);
    InetSocketAddress address = listen(tls);
    assertThat(peerCertificate(address, "TLSv1.3").getSubjectX500Principal().getName())
        .isEqualTo("CN=one.example.test");

    TlsManager.writeSelfSigned(archive.resolve("fullchain2.pem"), archive.resolve("privkey2.pem"), "two.example.test");
    relink(live.resolve("privkey.pem"), archive.resolve("privkey2.pem"));
    relink(live.resolve("fullchain.pem"), archive.resolve("fullchain2.pem"));

    assertThat(peerCertificate(address, "TLSv1.3").getSubjectX500Principal().getName())
        .isEqualTo("CN=two.example.test");
  }

  @Test
  void brokenRenewalKeepsServingThePreviousCertificate() throws Exception {
    Path cert = dir.resolve("fullchain.pem");
    Path key = dir.resolve("privkey.pem");
    TlsManager.writeSelfSigned(cert, key, "keep.example.test");
    TlsManager tls = TlsManager.fromFiles(cert, key, Duration.ZERO);
    InetSocketAddress address = listen(tls);
    Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");
    Files.setLastModifiedTime(cert, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    assertThat(peerCertificate(address, "TLSv1.3").getSubjectX500Principal().getName())
        .isEqualTo("CN=keep.example.test");
  }

  @Test
  void tls12AndTls13AreOfferedToOpenssl() throws Exception {
    InetSocketAddress address = listen(TlsManager.selfSigned(dir.resolve("tls"), "localhost"));
    assertThat(sClient(address, "-tls1_3")).contains("Protocol version: TLSv1.3");
    assertThat(sClient(address, "-tls1_2")).contains("Protocol version: TLSv1.2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-tls1", "-tls1_1"})
  void tls10And11ClientsAreRefused(String version) throws Exception {
    // SECLEVEL=0 lets this openssl offer TLS 1.0/1.1 at all; a control server that allows them proves the client
    // really speaks them, so the refusal below is the server's
    Path cert = dir.resolve("control-cert.pem");
    Path key = dir.resolve("control-key.pem");
    TlsManager.writeSelfSigned(cert, key, "localhost");
    String expected = version.equals("-tls1") ? "Protocol version: TLSv1\n" : "Protocol version: TLSv1.1\n";
    assertThat(controlHandshake(cert, key, version)).contains(expected);

    InetSocketAddress address = listen(TlsManager.selfSigned(dir.resolve("tls"), "localhost"));
    String out = sClient(address, version, "-cipher", LEGACY_CIPHERS);
    assertThat(out).doesNotContain("CONNECTION ESTABLISHED").doesNotContain("Protocol version:")
        .doesNotContain("no protocols available").containsIgnoringCase("alert protocol version");
  }

  @Test
  void tls12WithoutForwardSecrecyOrAeadIsRefused() throws Exception {
    InetSocketAddress address = listen(TlsManager.selfSigned(dir.resolve("tls"), "localhost"));
    String out = sClient(address, "-tls1_2", "-cipher", "AES128-SHA:AES256-SHA256");
    assertThat(out).doesNotContain("Protocol version").containsIgnoringCase("alert");
  }

  @Test
  void missingKeyFileIsAClearError() throws Exception {
    Path cert = dir.resolve("fullchain.pem");
    Path key = dir.resolve("privkey.pem");
    TlsManager.writeSelfSigned(cert, key, "x.example.test");
    Files.writeString(key, "not a key\n");
    assertThatThrownBy(() -> TlsManager.fromFiles(cert, key)).isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("privkey.pem").hasMessageContaining("no PEM private key");
  }

  @Test
  void mismatchedPairIsRefusedAtFirstStart() throws Exception {
    Pair rsaA = rsaPair("a");
    Pair rsaB = rsaPair("b");
    Pair ecA = ecPair("c");
    Pair ecB = ecPair("d");
    assertThatThrownBy(() -> TlsManager.fromFiles(rsaA.cert(), rsaB.key())).isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("does not match the certificate").hasMessageContaining("moduli differ");
    assertThatThrownBy(() -> TlsManager.fromFiles(ecA.cert(), ecB.key())).isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("does not match the certificate").hasMessageContaining("signature does not verify");
    assertThatThrownBy(() -> TlsManager.fromFiles(ecA.cert(), rsaA.key())).isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("holds no EC private key");
    Path traditionalEc = dir.resolve("d-key-traditional.pem");
    openssl("ec", "-in", ecB.key().toString(), "-out", traditionalEc.toString());
    assertThatThrownBy(() -> TlsManager.fromFiles(rsaA.cert(), traditionalEc))
        .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("the private key is EC but the "
            + "certificate's key is RSA");
    // the matching pairs load
    assertThat(TlsManager.fromFiles(rsaB.cert(), rsaB.key()).certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=b.example.test");
    assertThat(TlsManager.fromFiles(ecB.cert(), traditionalEc).certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=d.example.test");
  }

  @Test
  void renewalWithAMismatchedKeyKeepsServingThePreviousPair() throws Exception {
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    io.mailcove.log.LogSetup.configure(false, log);
    try {
      for (boolean rsa : new boolean[] {true, false}) {
        String name = rsa ? "rsa" : "ec";
        Pair old = rsa ? rsaPair("old-" + name) : ecPair("old-" + name);
        Pair renewed = rsa ? rsaPair("new-" + name) : ecPair("new-" + name);
        Path cert = Files.copy(old.cert(), dir.resolve(name + "-fullchain.pem"));
        Path key = Files.copy(old.key(), dir.resolve(name + "-privkey.pem"));
        TlsManager tls = TlsManager.fromFiles(cert, key, Duration.ZERO);
        InetSocketAddress address = listen(tls);
        assertThat(peerCertificate(address, "TLSv1.3").getSubjectX500Principal().getName())
            .isEqualTo("CN=old-" + name + ".example.test");

        // the new certificate arrives, its key does not (or not yet): the old pair stays in service
        Files.copy(renewed.cert(), cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(cert, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2", "TLSv1.3"}) {
          assertThat(peerCertificate(address, protocol).getSubjectX500Principal().getName())
              .isEqualTo("CN=old-" + name + ".example.test");
        }
        String errors = log.toString(StandardCharsets.UTF_8);
        assertThat(errors.lines().filter(l -> l.contains("ERROR tls.reload_failed") && l.contains(name
            + "-privkey.pem does not match the certificate"))).as(errors).hasSize(1);

        // with its key in place the renewed certificate is served
        Files.copy(renewed.key(), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(key, FileTime.fromMillis(System.currentTimeMillis() + 10000));
        assertThat(peerCertificate(address, "TLSv1.3").getSubjectX500Principal().getName())
            .isEqualTo("CN=new-" + name + ".example.test");
      }
    } finally {
      io.mailcove.log.LogSetup.configure(false);
    }
  }

  // ---- helpers

  private record Pair(Path cert, Path key) {}

  /** A self-signed RSA certificate for {@code <name>.example.test} with its PKCS#8 key, made by openssl. */
  private Pair rsaPair(String name) throws Exception {
    Path cert = dir.resolve(name + "-cert.pem");
    Path key = dir.resolve(name + "-key.pem");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + name + ".example.test",
        "-keyout", key.toString(), "-out", cert.toString());
    return new Pair(cert, key);
  }

  /** A self-signed EC P-256 certificate for {@code <name>.example.test} with its PKCS#8 key, made by openssl. */
  private Pair ecPair(String name) throws Exception {
    Path cert = dir.resolve(name + "-cert.pem");
    Path key = dir.resolve(name + "-key.pem");
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
        "-subj", "/CN=" + name + ".example.test", "-keyout", key.toString(), "-out", cert.toString());
    return new Pair(cert, key);
  }

  private static void relink(Path link, Path target) throws IOException {
    Path tmp = link.resolveSibling(link.getFileName() + ".new");
    Files.createSymbolicLink(tmp, target);
    Files.move(tmp, link, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption
        .REPLACE_EXISTING);
  }

  /** An implicit-TLS listener that greets and echoes one line. */
  private InetSocketAddress listen(TlsProvider tls) throws IOException {
    ConnectionHandler echo = new ConnectionHandler() {
      @Override
      public void handle(Connection c) throws IOException {
        c.writeLine("hello " + c.tlsDescription());
        c.flush();
        LineInputStream.Line line = c.readLine(1000);
        if (line != null) {
          c.writeLine(line.ascii());
          c.flush();
        }
      }

      @Override
      public void refuse(Connection c, Refusal reason) {}
    };
    TcpListener listener = new TcpListener("echo", new InetSocketAddress("127.0.0.1", 0), true, tls, null, echo,
        TcpListener.Limits.defaults(), null);
    listener.start();
    listeners.add(listener);
    return listener.address();
  }

  /** Connects with the JDK client limited to one protocol, checks the echo, answers the server's certificate. */
  private static X509Certificate peerCertificate(InetSocketAddress address, String protocol) throws Exception {
    SSLContext ctx = io.mailcove.testing.TrustAllTls.context();
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(address.getAddress(), address.getPort())) {
      s.setSoTimeout(10_000);
      s.setEnabledProtocols(new String[] {protocol});
      s.startHandshake();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      assertThat(in.readLine()).startsWith("hello " + protocol);
      OutputStream out = s.getOutputStream();
      out.write("ping\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(in.readLine()).isEqualTo("ping");
      return (X509Certificate) s.getSession().getPeerCertificates()[0];
    }
  }

  /**
   * One handshake of openssl s_client against an openssl s_server that allows only {@code version} with the legacy
   * ciphers; answers the client's output.
   */
  private static String controlHandshake(Path cert, Path key, String version) throws Exception {
    Process server = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:0", "-naccept", "1",
        "-cert", cert.toString(), "-key", key.toString(), version, "-cipher", LEGACY_CIPHERS)
        .redirectErrorStream(true).start();
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(),
          StandardCharsets.US_ASCII));
      String line = lines.readLine(); // "ACCEPT 127.0.0.1:PORT" once it listens
      while (line != null && !line.startsWith("ACCEPT ")) {
        line = lines.readLine();
      }
      assertThat(line).as("openssl s_server listening").isNotNull();
      int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
      return sClient(new InetSocketAddress("127.0.0.1", port), version, "-cipher", LEGACY_CIPHERS);
    } finally {
      server.destroyForcibly();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String sClient(InetSocketAddress address, String... options) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("s_client", "-brief", "-connect",
        address.getAddress().getHostAddress() + ":" + address.getPort()));
    cmd.addAll(List.of(options));
    return run(cmd, false);
  }

  private static void openssl(String... args) throws Exception {
    run(List.of(args), true);
  }

  private static String run(List<String> args, boolean mustSucceed) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("openssl finished").isTrue();
    if (mustSucceed) {
      assertThat(p.exitValue()).as("openssl %s: %s", args, out).isZero();
    }
    return out;
  }

  @SuppressWarnings("unused")
  private static BigInteger serial(X509Certificate c) {
    return c.getSerialNumber();
  }
}
