package io.mailcove.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.dkim.DkimKeys;
import io.mailcove.testing.TestServer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code mailcove dkim show|rotate|remove} and {@code domain add} through the main class against a running server's
 * data folder. The TXT records the command prints are the DNS that dkimpy (an independent verifier) checks the
 * server's outgoing signatures against, before and after a rotation.
 */
class CliDkimTest {
  private static final Pattern RECORD = Pattern.compile("(?m)^(\\S+)\\. IN TXT (.+)$");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
  private static final Pattern SELECTOR = Pattern.compile("[;\\s]s=([^;\\s]+)");
  /** Verifies each (message file, DNS records) pair of the JSON argument; prints one line per pair. */
  private static final String VERIFY = """
      import dkim, json, sys
      for check in json.loads(sys.argv[1]):
          msg = open(check['file'], 'rb').read()
          records = {k.encode(): v.encode() for k, v in check['dns'].items()}
          def dnsfunc(name, timeout=5, records=records):
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

  /** One question to dkimpy: the verdicts on a message's signatures with only {@code dns} as DNS. */
  record Check(String what, byte[] message, Map<String, String> dns) {}

  /** name -> value of each TXT record the command printed, in order. */
  private static Map<String, String> records(String out) {
    Map<String, String> records = new LinkedHashMap<>();
    Matcher m = RECORD.matcher(out);
    while (m.find()) {
      StringBuilder value = new StringBuilder();
      Matcher q = QUOTED.matcher(m.group(2));
      while (q.find()) {
        value.append(q.group(1));
      }
      records.put(m.group(1), value.toString());
    }
    return records;
  }

  /** dkimpy's verdicts, one line per check ("True True": both signatures verify), in one Python run. */
  static List<String> dkimpy(List<Check> checks) throws Exception {
    StringBuilder json = new StringBuilder("[");
    List<Path> files = new ArrayList<>();
    for (Check c : checks) {
      Path file = Files.createTempFile("dkim", ".eml");
      Files.write(file, c.message());
      files.add(file);
      json.append(json.length() > 1 ? "," : "").append("{\"file\":\"").append(file).append("\",\"dns\":{");
      String sep = "";
      for (Map.Entry<String, String> e : c.dns().entrySet()) {
        json.append(sep).append('"').append(e.getKey()).append("\":\"").append(e.getValue()).append('"');
        sep = ",";
      }
      json.append("}}");
    }
    json.append(']');
    String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    Process p = new ProcessBuilder(python, "-c", VERIFY, json.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    p.waitFor(60, TimeUnit.SECONDS);
    for (Path f : files) {
      Files.deleteIfExists(f);
    }
    return List.of(out.split("\n"));
  }

  private static List<String> selectors(String message) {
    List<String> out = new ArrayList<>();
    String head = message.substring(0, message.indexOf("\r\n\r\n")).replace("\r\n\t", " ").replace("\r\n ", " ");
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase().startsWith("dkim-signature:")) {
        Matcher m = SELECTOR.matcher(line);
        assertThat(m.find()).isTrue();
        out.add(m.group(1));
      }
    }
    return out;
  }

  private static void assertValidRecords(Map<String, String> records, String domain) throws Exception {
    for (Map.Entry<String, String> e : records.entrySet()) {
      assertThat(e.getKey()).matches("mc\\d{6}[b-z]?-(rsa|ed)\\._domainkey\\." + Pattern.quote(domain));
      String value = e.getValue();
      byte[] p = Base64.getDecoder().decode(value.substring(value.indexOf("p=") + 2));
      if (e.getKey().contains("-rsa.")) {
        assertThat(value).startsWith("v=DKIM1; k=rsa; p=");
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(p));
        assertThat(key.getModulus().bitLength()).isEqualTo(2048);
        assertThat(key.getPublicExponent()).isEqualTo(BigInteger.valueOf(65537));
      } else {
        assertThat(value).startsWith("v=DKIM1; k=ed25519; p="); // RFC 8463 §4: the raw 32-byte key
        assertThat(p).hasSize(32);
      }
    }
  }

  private static RecordingSmtpServer.Received send(TestServer server, RecordingSmtpServer mx, String subject, int n)
      throws Exception {
    Outbox.submit(server, TestServer.ALICE, "carol@example.net",
        Outbox.message(TestServer.ALICE, "carol@example.net", subject, "signed body"));
    return mx.await(n).get(n - 1);
  }

  @Test
  void showRotateRemoveWithSignaturesCheckedByDkimpy() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         TestServer server = TestServer.start(Outbox.config(mx.port(), ""))) {
      Path config = CliRun.config(server);
      CliRun show = CliRun.run(config, "dkim", "show", TestServer.DOMAIN);
      assertThat(show.code()).isZero();
      Map<String, String> before = records(show.out());
      assertThat(before).hasSize(2);
      assertValidRecords(before, TestServer.DOMAIN);
      assertThat(show.out()).contains("; rsa-sha256, signing").contains("; ed25519-sha256, signing");

      List<Check> checks = new ArrayList<>();
      RecordingSmtpServer.Received first = send(server, mx, "before rotation", 1);
      checks.add(new Check("signed before the rotation", first.data(), before));
      List<String> oldSelectors = selectors(first.text());
      assertThat(oldSelectors).containsExactlyInAnyOrderElementsOf(
          before.keySet().stream().map(n -> n.substring(0, n.indexOf('.'))).toList());

      CliRun rotate = CliRun.run(config, "dkim", "rotate", TestServer.DOMAIN);
      assertThat(rotate.code()).isZero();
      Map<String, String> after = records(rotate.out());
      assertThat(after).hasSize(4).containsAllEntriesOf(before); // the old ones are still to be published
      assertValidRecords(after, TestServer.DOMAIN);
      assertThat(rotate.out()).contains("retired: keep published until mail signed with it has arrived");
      List<String> newSelectors = after.keySet().stream().filter(n -> !before.containsKey(n))
          .map(n -> n.substring(0, n.indexOf('.'))).toList();
      assertThat(newSelectors).hasSize(2);

      // the running server signs with the new keys from its next message on
      RecordingSmtpServer.Received second = send(server, mx, "after rotation", 2);
      assertThat(selectors(second.text())).containsExactlyInAnyOrderElementsOf(newSelectors);
      Map<String, String> onlyNew = new LinkedHashMap<>(after);
      before.keySet().forEach(onlyNew::remove);
      checks.add(new Check("signed after the rotation, records printed by rotate", second.data(), after));
      checks.add(new Check("signed after the rotation, new records only", second.data(), onlyNew));
      checks.add(new Check("signed before the rotation, records printed by rotate", first.data(), after));

      // a signing key cannot be removed; a retired one can, and then is no longer printed
      CliRun refused = CliRun.run(config, "dkim", "remove", TestServer.DOMAIN, newSelectors.get(0));
      assertThat(refused.code()).isEqualTo(1);
      assertThat(refused.err()).contains("still signs; rotate first");
      for (String old : oldSelectors) {
        CliRun removed = CliRun.run(config, "dkim", "remove", TestServer.DOMAIN, old);
        assertThat(removed.code()).isZero();
        assertThat(removed.out()).contains("removed key " + old + "; delete its TXT record " + old
            + "._domainkey." + TestServer.DOMAIN);
      }
      assertThat(records(CliRun.run(config, "dkim", "show", TestServer.DOMAIN).out())).isEqualTo(onlyNew);
      CliRun unknown = CliRun.run(config, "dkim", "remove", TestServer.DOMAIN, oldSelectors.get(0));
      assertThat(unknown.code()).isEqualTo(1);
      assertThat(unknown.err()).contains("no DKIM key " + oldSelectors.get(0));

      RecordingSmtpServer.Received third = send(server, mx, "after removal", 3);
      checks.add(new Check("signed after removing the old keys", third.data(), onlyNew));
      List<String> verdicts = dkimpy(checks);
      assertThat(verdicts).hasSize(checks.size());
      for (int i = 0; i < checks.size(); i++) {
        assertThat(verdicts.get(i)).as("dkimpy on the message %s", checks.get(i).what()).isEqualTo("True True");
      }
    }
  }

  @Test
  void signaturesStayValidWhenThe8BitBodyIsConvertedToQuotedPrintable() throws Exception {
    // the peer lacks 8BITMIME (RFC 6152): the body goes out quoted-printable, and the signatures must cover the
    // bytes that go out, not the ones that came in (RFC 6376 §5.3)
    try (RecordingSmtpServer mx = new RecordingSmtpServer().extensions("PIPELINING", "ENHANCEDSTATUSCODES");
         TestServer server = TestServer.start(Outbox.config(mx.port(), ""))) {
      Map<String, String> dns = records(CliRun.run(CliRun.config(server), "dkim", "show", TestServer.DOMAIN).out());
      assertThat(dns).hasSize(2);
      String msg = "From: alice@example.test\r\nTo: o@example.net\r\nSubject: 8bit signed\r\nMIME-Version: 1.0\r\n"
          + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
          + "Grüße aus Köln = ok\r\nzweite Zeile: Straße\r\n";
      Outbox.send(server.port("submission"), TestServer.ALICE, TestServer.ALICE_PASSWORD, TestServer.ALICE,
          List.of("o@example.net"), msg, List.of("BODY=8BITMIME"), List.of());
      RecordingSmtpServer.Received got = mx.await(1).get(0);
      assertThat(got.text()).contains("Content-Transfer-Encoding: quoted-printable")
          .contains("Gr=C3=BC=C3=9Fe aus K=C3=B6ln =3D ok");
      assertThat(selectors(got.text())).hasSize(2);
      assertThat(dkimpy(List.of(new Check("converted to quoted-printable", got.data(), dns))))
          .containsExactly("True True");
    }
  }

  @Test
  void domainAddMakesKeysAndUnknownDomainsAreRefused() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         TestServer server = TestServer.start(Outbox.config(mx.port(), ""))) {
      Path config = CliRun.config(server);
      CliRun add = CliRun.run(config, "domain", "add", "shop.example");
      assertThat(add.code()).isZero();
      assertThat(add.out()).contains("DKIM keys made; publish their TXT records: mailcove dkim show shop.example");
      DkimKeys keys = server.app().queue().dkim();
      assertThat(keys.keys("shop.example")).hasSize(2);
      Map<String, String> shown = records(CliRun.run(config, "dkim", "show", "shop.example").out());
      assertThat(shown).hasSize(2);
      assertValidRecords(shown, "shop.example");
      assertThat(keys.keys("shop.example")).as("show makes no new keys").hasSize(2);

      CliRun unknown = CliRun.run(config, "dkim", "show", "not-ours.example");
      assertThat(unknown.code()).isEqualTo(1);
      assertThat(unknown.err()).contains("no local domain not-ours.example; see: mailcove domain list");
      assertThat(CliRun.run(config, "dkim", "rotate", "not-ours.example").code()).isEqualTo(1);
    }
  }
}
