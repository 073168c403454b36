package io.mailcove.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * DKIM signatures (RFC 6376, RFC 8463 Ed25519) checked by an independent verifier: Python dkimpy (Debian
 * python3-dkim) with the public keys fed through its DNS hook; also with the keys of dkimpy's own test data.
 */
class DkimSignTest {
  /** dkimpy's test messages and keys, copied into the test resources (dkimpy-testdata/SOURCE.md). */
  private static final Path TESTDATA = testdata();
  private static final String VERIFY = """
      import dkim, sys
      msg = open(sys.argv[1], 'rb').read()
      records = {}
      for arg in sys.argv[2:]:
          name, value = arg.split('=', 1)
          records[name.encode()] = value.encode()
      def dnsfunc(name, timeout=5):
          return records.get(name.rstrip(b'.'), b'')
      count = sum(1 for line in msg.split(b'\\n') if line.lower().startswith(b'dkim-signature:'))
      results = []
      for i in range(count):
          try:
              results.append(str(dkim.DKIM(msg).verify(idx=i, dnsfunc=dnsfunc)))
          except dkim.ValidationError:
              results.append('False')
      print(' '.join(results))
      """;

  private static Path testdata() {
    java.net.URL url = DkimSignTest.class.getResource("/dkimpy-testdata/data/test.message");
    if (url == null) {
      throw new IllegalStateException("dkimpy test data is not on the class path (dkimpy-testdata/data)");
    }
    try {
      return Path.of(url.toURI()).getParent();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The system Python has dkimpy (python3-dkim); a python3 earlier on PATH may not. */
  private static String python() {
    return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
  }

  private static String verify(byte[] message, List<DkimKey> keys) throws Exception {
    Path file = Files.createTempFile("dkim", ".eml");
    Files.write(file, message);
    List<String> cmd = new ArrayList<>(List.of(python(), "-c", VERIFY, file.toString()));
    for (DkimKey k : keys) {
      cmd.add(k.recordName() + "=" + k.recordValue());
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    p.waitFor(60, TimeUnit.SECONDS);
    Files.deleteIfExists(file);
    return out;
  }

  private static byte[] signed(byte[] message, List<DkimKey> keys) throws Exception {
    List<DkimSigner.SigningKey> signing = new ArrayList<>();
    for (DkimKey k : keys) {
      signing.add(new DkimSigner.SigningKey(k));
    }
    byte[] head = DkimSigner.sign(message, signing, Instant.now()).getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[head.length + message.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(message, 0, out, head.length, message.length);
    return out;
  }

  private static List<DkimKey> freshKeys(String domain) {
    List<DkimKey> keys = new ArrayList<>();
    for (DkimAlgorithm a : DkimAlgorithm.values()) {
      String[] pair = DkimKeyGenerator.generate(a);
      keys.add(new DkimKey(domain, "mc202611-" + a.selectorSuffix(), a, pair[0], pair[1], Instant.now(), true));
    }
    return keys;
  }

  @Test
  void rsaAndEd25519SignaturesVerifyWithDkimpy() throws Exception {
    List<DkimKey> keys = freshKeys("example.test");
    String msg = "From: Alice <alice@example.test>\r\nTo: bob@example.net\r\nCc: carol@example.net\r\n"
        + "Subject:   folded\r\n  subject  line \r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\n"
        + "Message-ID: <1@example.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        + "X-Not-Signed: whatever\r\n\r\nHello  world \t\r\n.leading dot\r\n\r\n\r\n";
    byte[] out = signed(msg.getBytes(StandardCharsets.UTF_8), keys);
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(text).contains("a=rsa-sha256").contains("a=ed25519-sha256").contains("c=relaxed/relaxed")
        .contains("s=mc202611-rsa").contains("s=mc202611-ed")
        .contains("h=from:to:cc:subject:date:message-id:mime-version:content-type:from;");
    assertThat(verify(out, keys)).isEqualTo("True True");

    // a changed body breaks both signatures; a second From (over-signed) too
    byte[] tampered = text.replace("Hello  world", "Hello there").getBytes(StandardCharsets.UTF_8);
    assertThat(verify(tampered, keys)).isEqualTo("False False");
    byte[] extraFrom = text.replace("X-Not-Signed", "From: mallory@evil.test\r\nX-Not-Signed")
        .getBytes(StandardCharsets.UTF_8);
    assertThat(verify(extraFrom, keys)).isEqualTo("False False");
  }

  @Test
  void signingWithDkimpyTestKeysVerifies() throws Exception {
    // RSA: test.private / test.txt (d=example.com s=test); Ed25519: ed25519test.key / ed25519test.dns (d=example.net)
    String rsaPem = Files.readString(TESTDATA.resolve("test.private"));
    String rsaTxt = Files.readString(TESTDATA.resolve("test.txt")).trim();
    String rsaP = rsaTxt.substring(rsaTxt.indexOf("p=") + 2).replaceAll("[\\s\"]", "");
    DkimKey rsa = new DkimKey("example.com", "test", DkimAlgorithm.RSA_SHA256, rsaPem, rsaP, Instant.now(), true);
    byte[] message = Files.readAllBytes(TESTDATA.resolve("test.message"));
    message = new String(message, StandardCharsets.ISO_8859_1).replaceAll("(?<!\r)\n", "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(verify(signed(message, List.of(rsa)), List.of(rsa))).isEqualTo("True");

    String edKey = Files.readString(TESTDATA.resolve("ed25519test.key")).trim();
    String edDns = Files.readString(TESTDATA.resolve("ed25519test.dns")).trim();
    String edP = edDns.substring(edDns.indexOf("p=") + 2).replaceAll("[\\s\";]", "");
    byte[] seed = java.util.Base64.getDecoder().decode(edKey);
    var params = new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(seed, 0);
    String pem = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getEncoder().encodeToString(
        org.bouncycastle.crypto.util.PrivateKeyInfoFactory.createPrivateKeyInfo(params).getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    DkimKey ed = new DkimKey("example.net", "test", DkimAlgorithm.ED25519_SHA256, pem, edP, Instant.now(), true);
    byte[] edMsg = new String(Files.readAllBytes(TESTDATA.resolve("ed25519test.msg")), StandardCharsets.ISO_8859_1)
        .replaceAll("(?<!\r)\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    assertThat(verify(signed(edMsg, List.of(ed)), List.of(ed))).isEqualTo("True");
  }

  @Test
  void messageWithoutFromIsNotSigned() throws Exception {
    byte[] message = Files.readAllBytes(TESTDATA.resolve("test_nofrom.message"));
    List<DkimSigner.SigningKey> keys = List.of(new DkimSigner.SigningKey(freshKeys("example.test").get(1)));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DkimSigner.sign(message, keys, Instant.now()))
        .hasMessageContaining("no From header");
  }
}
