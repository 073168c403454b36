package io.mailcove.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.dkim.DkimKey;
import io.mailcove.dkim.DkimKeys;
import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who gets our DKIM signature, and the envelope of forwarded mail, through real SMTP: mail from the world (a client
 * on 127.0.0.2, port 25, no login) forwarded by an alias leaves unsigned by us, untouched, with an SRS envelope
 * sender whose bounces come back and are sent on; a client claiming our domain without logging in is marked, never
 * signed; a logged-in submission is signed, and dkimpy verifies it. Only 127.0.0.1 is a trusted network here.
 */
class ForwardingDkimTest {
  private static final String MARK = "X-Mailcove-Unauthenticated-Local-Sender";
  private static final String SRS0 = "SRS0=[A-Za-z0-9+/]{4}=[A-Z2-7]{2}=outside\\.example=stranger@example\\.test";
  /** smtplib from a given source address: prints the reply code to MAIL, each RCPT and DATA. */
  private static final String SEND_FROM = """
      import smtplib, sys
      port, source, sender, path = sys.argv[1:5]
      s = smtplib.SMTP('127.0.0.1', int(port), local_hostname='outside.test', timeout=30,
                       source_address=(source, 0))
      s.ehlo()
      print('MAIL', s.mail(sender)[0])
      accepted = 0
      for r in sys.argv[5:]:
          code, text = s.rcpt(r)
          print('RCPT', r, code, text.decode())
          accepted += code == 250
      if accepted:
          code, text = s.data(open(path, 'rb').read())
          print('DATA', code)
      s.quit()
      """;

  private static String config(int mxPort) {
    return Outbox.config(mxPort, """
        [[dns.static]]
        name = "outside.example"
        mx = ["10 mx.example.net"]
        """).replace("trusted_networks = [\"127.0.0.0/8\"]", "trusted_networks = [\"127.0.0.1/32\"]");
  }

  /** Sends over the MX port from 127.0.0.2, a client of the world; returns what smtplib printed. */
  private static String fromOutside(TestServer server, String sender, String message, String... rcpts)
      throws Exception {
    Path file = Files.createTempFile("outside", ".eml");
    Files.writeString(file, message, StandardCharsets.UTF_8);
    try {
      List<Object> args = new ArrayList<>(List.of(server.port("smtp"), "127.0.0.2", sender, file));
      args.addAll(List.of(rcpts));
      return Python.output(SEND_FROM, args.toArray());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void mailFromOutsideToAForwardingAliasLeavesUnsignedWithAnSrsSenderAndItsBouncesComeBack() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         TestServer server = TestServer.start(config(mx.port()))) {
      server.store().directory().addAlias("fwd@example.test", List.of("friend@example.net"));
      String original = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=outside.example; s=sel;\r\n"
          + "\th=from:to:subject; bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=; b=c2lnbmF0dXJl\r\n"
          + Outbox.message("Stranger <stranger@outside.example>", "fwd@example.test", "from outside",
          "the original body\r\n.with a leading dot");
      String sent = fromOutside(server, "stranger@outside.example", original, "fwd@example.test");
      assertThat(sent).contains("RCPT fwd@example.test 250").contains("DATA 250");

      RecordingSmtpServer.Received forwarded = mx.await(1).get(0);
      assertThat(forwarded.rcpts()).containsExactly("friend@example.net");
      assertThat(forwarded.mailFrom()).as("SRS envelope at our domain").matches(SRS0);
      String text = forwarded.text();
      assertThat(text).as("the message and its sender's signature are untouched").endsWith(original);
      String added = text.substring(0, text.length() - original.length());
      assertThat(added).startsWith("Received: from outside.test ([127.0.0.2])");
      assertThat(added).as("no signature of ours").doesNotContainIgnoringCase("DKIM-Signature");
      assertThat(count(text, "DKIM-Signature:")).isEqualTo(1);
      assertThat(text).as("a stranger of another domain claims nothing of ours").doesNotContain(MARK);

      // a bounce to the SRS address (its case changed by the bouncing server) reaches the original sender
      String srs = forwarded.mailFrom().toLowerCase(java.util.Locale.ROOT);
      String forged = "SRS0=AAAA" + forwarded.mailFrom().substring(9);
      String report = "From: MAILER-DAEMON@example.net\r\nTo: " + srs + "\r\nSubject: Undelivered Mail\r\n\r\n"
          + "friend@example.net: mailbox full\r\n";
      String bounced = fromOutside(server, "", report, forged, srs);
      assertThat(bounced).contains("RCPT " + forged + " 550 5.1.1 Recipient address rejected: SRS hash does not "
          + "match (forged or expired SRS address)");
      assertThat(bounced).contains("RCPT " + srs + " 250").contains("DATA 250");
      RecordingSmtpServer.Received bounce = mx.await(2).get(1);
      assertThat(bounce.rcpts()).containsExactly("stranger@outside.example");
      assertThat(bounce.mailFrom()).as("a bounce keeps the null sender").isEmpty();
      assertThat(bounce.text()).endsWith(report).doesNotContainIgnoringCase("DKIM-Signature");

      // a forged address alone gets the 550 and nothing is sent anywhere
      String alone = fromOutside(server, "", report, "SRS0=abcd=ZZ=outside.example=admin@example.test");
      assertThat(alone).contains("550 5.1.1").contains("SRS").doesNotContain("DATA");
      assertThat(mx.received()).hasSize(2);
    }
  }

  @Test
  void aFailureReportForForwardedMailGoesBackThroughTheSrsAddress() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer()
        .rcptReply(r -> r.startsWith("gone@") ? "550 5.1.1 no such user" : "250 2.1.5 ok");
         TestServer server = TestServer.start(config(mx.port()))) {
      server.store().directory().addAlias("old@example.test", List.of("gone@example.net"));
      String message = Outbox.message("stranger@outside.example", "old@example.test", "to a gone address", "hi");
      assertThat(fromOutside(server, "stranger@outside.example", message, "old@example.test")).contains("DATA 250");
      // the refused attempt had the SRS envelope; our courier's report goes to that sender, which is ours: it is
      // decoded and sent on to the stranger
      RecordingSmtpServer.Received report = mx.await(1).get(0);
      assertThat(mx.commands()).anyMatch(c -> c.matches("MAIL FROM:<" + SRS0 + ">.*"));
      assertThat(report.rcpts()).containsExactly("stranger@outside.example");
      assertThat(report.mailFrom()).isEmpty();
      assertThat(report.text()).contains("Status: 5.1.1").contains("gone@example.net");
    }
  }

  @Test
  void aStrangerClaimingOurDomainIsMarkedInEveryCopyAndNeverSigned() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         TestServer server = TestServer.start(config(mx.port()))) {
      server.store().directory().addAlias("board@example.test", List.of(TestServer.BOB, "friend@example.net"));
      String body = Outbox.message("CEO <ceo@example.test>", "board@example.test", "wire the money", "urgent");
      // the client tries to pre-set the mark, folded over two lines
      String message = MARK + ": no,\r\n\tnothing to see\r\n" + body;
      String sent = fromOutside(server, "ceo@example.test", message, "board@example.test");
      assertThat(sent).contains("DATA 250");

      RecordingSmtpServer.Received forwarded = mx.await(1).get(0);
      assertThat(forwarded.rcpts()).containsExactly("friend@example.net");
      assertThat(forwarded.mailFrom()).as("a sender of our own domain is not rewritten").isEqualTo("ceo@example.test");
      String text = forwarded.text();
      assertThat(text).as("never signed as ours").doesNotContainIgnoringCase("DKIM-Signature");
      assertThat(text).contains(MARK + ": yes (ceo@example.test)\r\n").endsWith(body);
      assertThat(count(text, MARK)).as("only our mark: the client's is removed").isEqualTo(1);
      assertThat(text).doesNotContain("nothing to see");

      List<String> inbox = Outbox.inbox(server, TestServer.BOB);
      assertThat(inbox).hasSize(1);
      assertThat(inbox.get(0)).contains(MARK + ": yes (ceo@example.test)\r\n").endsWith(body);
      assertThat(count(inbox.get(0), MARK)).isEqualTo(1);

      // a foreign envelope with our domain in From is marked too
      String fromOnly = Outbox.message("Boss <boss@example.test>", TestServer.BOB, "from header only", "hi");
      assertThat(fromOutside(server, "someone@outside.example", fromOnly, TestServer.BOB)).contains("DATA 250");
      Outbox.await("the second message is in the inbox", () -> Outbox.inbox(server, TestServer.BOB).size() == 2);
      String second = Outbox.inbox(server, TestServer.BOB).get(1);
      assertThat(second).contains(MARK + ": yes (boss@example.test)\r\n").endsWith(fromOnly);
    }
  }

  @Test
  void aPreSetMarkIsRemovedFromAMessageTooLargeToBeKeptInMemory() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         TestServer server = TestServer.start(config(mx.port()))) {
      String line = "0123456789".repeat(7) + "\r\n";
      String body = Outbox.message("someone@outside.example", TestServer.BOB, "large", line.repeat(20_000));
      assertThat(body.length()).isGreaterThan(1024 * 1024); // past the in-memory limit of a session's buffer
      String sent = fromOutside(server, "someone@outside.example", MARK + ": yes (trust me)\r\n" + body,
          TestServer.BOB);
      assertThat(sent).contains("DATA 250");
      String stored = Outbox.inbox(server, TestServer.BOB).get(0);
      assertThat(stored).doesNotContain(MARK).endsWith(body);
    }
  }

  @Test
  void onlyAuthenticatedSubmissionsAreSignedAndTheirSignaturesVerify() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         TestServer server = TestServer.start(config(mx.port()))) {
      String body = Outbox.message(TestServer.ALICE, "carol@example.net", "submitted", "signed by us");
      // a header that would mislead, pre-set by the client: removed on submission too
      Outbox.submit(server, TestServer.ALICE, "carol@example.net", MARK + ": yes (someone else)\r\n" + body);
      RecordingSmtpServer.Received submitted = mx.await(1).get(0);
      assertThat(submitted.mailFrom()).isEqualTo(TestServer.ALICE);
      String text = submitted.text();
      assertThat(text).doesNotContain(MARK).endsWith(body);
      assertThat(count(text, "DKIM-Signature:")).isEqualTo(2);
      assertThat(text).contains("d=" + TestServer.DOMAIN);

      Map<String, String> dns = new LinkedHashMap<>();
      for (DkimKey k : server.app().queue().dkim().keys(TestServer.DOMAIN)) {
        dns.put(k.recordName(), k.recordValue());
      }
      assertThat(CliDkimTest.dkimpy(List.of(new CliDkimTest.Check("submitted", submitted.data(), dns))))
          .containsExactly("True True");

      // a network the administrator trusts (a local application) relays without logging in: vouched for, so
      // signed and not marked
      Outbox.relay(server, TestServer.ALICE, "carol@example.net",
          Outbox.message(TestServer.ALICE, "carol@example.net", "relayed", "signed"));
      RecordingSmtpServer.Received relayedMail = mx.await(2).get(1);
      assertThat(relayedMail.text()).doesNotContain(MARK).contains("d=" + TestServer.DOMAIN);
      assertThat(CliDkimTest.dkimpy(List.of(new CliDkimTest.Check("relayed", relayedMail.data(), dns))))
          .containsExactly("True True");
    }
  }
}
