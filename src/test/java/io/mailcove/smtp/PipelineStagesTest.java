package io.mailcove.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mailcove.mime.AddressParser;
import io.mailcove.mime.ParsedMessage;
import io.mailcove.pipeline.Check;
import io.mailcove.pipeline.Client;
import io.mailcove.pipeline.Envelope;
import io.mailcove.pipeline.ListenerKind;
import io.mailcove.pipeline.Message;
import io.mailcove.pipeline.Recipient;
import io.mailcove.pipeline.Stage;
import io.mailcove.pipeline.Verdict;
import io.mailcove.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every way in passes the receive pipeline's stages once each, in order, and a check's verdict at any stage decides
 * the SMTP reply (reject 5xx, tempfail 4xx) or the mailbox (quarantine: Junk). Checks are installed through the
 * application builder, after the standard ones, as any later check (SPF, spam rules) will be.
 */
class PipelineStagesTest {
  /**
   * What one check saw: the listener kind, the stage, and at the message stage the message and its model as the
   * check saw it (the buffer behind a message is reused by the next transaction).
   */
  record Seen(ListenerKind kind, Stage stage, String detail, Message message, ParsedMessage parsed) {
    Seen(ListenerKind kind, Stage stage, String detail) {
      this(kind, stage, detail, null, null);
    }
  }

  /** Records every stage it is asked about. */
  static final class Recorder implements Check {
    final List<Seen> seen = new CopyOnWriteArrayList<>();

    @Override
    public Verdict connect(Client client) {
      seen.add(new Seen(client.kind(), Stage.CONNECT, client.ip().getHostAddress()));
      return Verdict.ACCEPT;
    }

    @Override
    public Verdict helo(Client client) {
      seen.add(new Seen(client.kind(), Stage.HELO, client.helo()));
      return Verdict.ACCEPT;
    }

    @Override
    public Verdict mail(Client client, Envelope envelope) {
      seen.add(new Seen(client.kind(), Stage.MAIL, envelope.sender().address()));
      return Verdict.ACCEPT;
    }

    @Override
    public Verdict rcpt(Client client, Envelope envelope, Recipient recipient) {
      seen.add(new Seen(client.kind(), Stage.RCPT, recipient.address()));
      return Verdict.ACCEPT;
    }

    @Override
    public Verdict message(Client client, Envelope envelope, Message message) {
      seen.add(new Seen(client.kind(), Stage.MESSAGE, envelope.sender().address(), message, message.parsed()));
      return Verdict.ACCEPT;
    }

    List<Seen> of(ListenerKind kind) {
      return seen.stream().filter(s -> s.kind() == kind).toList();
    }

    List<Stage> stages(ListenerKind kind) {
      return of(kind).stream().map(Seen::stage).toList();
    }

    Message message(ListenerKind kind) {
      return atMessage(kind).message();
    }

    ParsedMessage parsed(ListenerKind kind) {
      return atMessage(kind).parsed();
    }

    private Seen atMessage(ListenerKind kind) {
      return of(kind).stream().filter(s -> s.stage() == Stage.MESSAGE).findFirst().orElseThrow();
    }
  }

  /** Says {@link #verdict} at {@link #stage}, and accepts elsewhere. */
  static final class Script implements Check {
    volatile Stage stage;
    volatile Verdict verdict;

    void set(Stage s, Verdict v) {
      stage = s;
      verdict = v;
    }

    private Verdict at(Stage s) {
      return s == stage ? verdict : Verdict.ACCEPT;
    }

    @Override
    public Verdict connect(Client client) {
      return at(Stage.CONNECT);
    }

    @Override
    public Verdict helo(Client client) {
      return at(Stage.HELO);
    }

    @Override
    public Verdict mail(Client client, Envelope envelope) {
      return at(Stage.MAIL);
    }

    @Override
    public Verdict rcpt(Client client, Envelope envelope, Recipient recipient) {
      return at(Stage.RCPT);
    }

    @Override
    public Verdict message(Client client, Envelope envelope, Message message) {
      return at(Stage.MESSAGE);
    }
  }

  private static final List<Stage> ALL = List.of(Stage.CONNECT, Stage.HELO, Stage.MAIL, Stage.RCPT, Stage.MESSAGE);
  private static final Recorder FIRST = new Recorder();
  private static final Recorder SECOND = new Recorder();
  private static final Script SCRIPT = new Script();
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start("", List.of(FIRST, SCRIPT, SECOND));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void clear() {
    FIRST.seen.clear();
    SECOND.seen.clear();
    SCRIPT.set(null, null);
  }

  @Test
  void mxPassesEveryStageOnceWithOneParsedMessage() throws Exception {
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      assertThat(c.read()).startsWith("220 ");
      assertThat(c.cmd("EHLO client.example")).startsWith("250 ");
      assertThat(c.cmd("MAIL FROM:<carol@remote.test>")).startsWith("250 ");
      assertThat(c.cmd("RCPT TO:<alice@example.test>")).startsWith("250 ");
      assertThat(c.cmd("DATA")).startsWith("354");
      assertThat(c.cmd("From: Carol <carol@remote.test>\r\nSubject: stages\r\n\r\nhello\r\n.")).startsWith("250 ");
      assertThat(c.cmd("QUIT")).startsWith("221");
    }
    assertThat(FIRST.stages(ListenerKind.MX)).isEqualTo(ALL);
    assertThat(SECOND.stages(ListenerKind.MX)).isEqualTo(ALL);
    assertThat(FIRST.of(ListenerKind.MX).get(1).detail()).isEqualTo("client.example");
    assertThat(FIRST.of(ListenerKind.MX).get(3).detail()).isEqualTo(TestServer.ALICE);
    Message m = FIRST.message(ListenerKind.MX);
    assertThat(SECOND.message(ListenerKind.MX)).as("every check reads the same parsed message").isSameAs(m);
    ParsedMessage parsed = FIRST.parsed(ListenerKind.MX);
    assertThat(SECOND.parsed(ListenerKind.MX)).as("parsed once: one model for every check").isSameAs(parsed);
    assertThat(parsed.header().from()).extracting(AddressParser.Address::address, AddressParser.Address::name)
        .containsExactly(tuple("carol@remote.test", "Carol"));
    assertThat(parsed.fromFields()).isEqualTo(1);
    assertThat(parsed.header().get("Subject")).isEqualTo("stages");
    assertThat(parsed.headerSize()).isEqualTo("From: Carol <carol@remote.test>\r\nSubject: stages\r\n\r\n".length());
    assertThat(parsed.size()).isEqualTo(parsed.headerSize() + "hello\r\n".length());
    assertThat(parsed.eightBit()).isFalse();
    assertThat(Mailboxes.inbox(server, TestServer.ALICE)).anyMatch(s -> s.contains("Subject: stages"));
  }

  @Test
  void submissionAndTheQueuesLocalHandoffPassEveryStageOnce() throws Exception {
    try (RawSmtp c = RawSmtp.tls(server.port("submissions"))) {
      assertThat(c.read()).startsWith("220 ");
      assertThat(c.cmd("EHLO client.example")).startsWith("250 ");
      assertThat(c.cmd("AUTH PLAIN " + SmtpAuthTest.plain(TestServer.ALICE, TestServer.ALICE_PASSWORD)))
          .startsWith("235");
      assertThat(c.cmd("MAIL FROM:<alice@example.test>")).startsWith("250 ");
      // NOTIFY=SUCCESS: a success notice to alice is queued, and the queue hands it back to the pipeline (LOCAL)
      assertThat(c.cmd("RCPT TO:<bob@example.test> NOTIFY=SUCCESS")).startsWith("250 ");
      assertThat(c.cmd("DATA")).startsWith("354");
      assertThat(c.cmd("From: <alice@example.test>\r\nSubject: submitted\r\n\r\nhi bob\r\n.")).startsWith("250 ");
      assertThat(c.cmd("QUIT")).startsWith("221");
    }
    assertThat(FIRST.stages(ListenerKind.SUBMISSION)).isEqualTo(ALL);
    assertThat(SECOND.stages(ListenerKind.SUBMISSION)).isEqualTo(ALL);
    assertThat(SECOND.message(ListenerKind.SUBMISSION)).isSameAs(FIRST.message(ListenerKind.SUBMISSION));
    assertThat(SECOND.parsed(ListenerKind.SUBMISSION)).isSameAs(FIRST.parsed(ListenerKind.SUBMISSION));
    assertThat(FIRST.parsed(ListenerKind.SUBMISSION).header().from()).extracting(AddressParser.Address::address)
        .containsExactly("alice@example.test");

    long deadline = System.nanoTime() + 15_000_000_000L;
    while (SECOND.stages(ListenerKind.LOCAL).size() < ALL.size() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(FIRST.stages(ListenerKind.LOCAL)).isEqualTo(ALL);
    assertThat(SECOND.stages(ListenerKind.LOCAL)).isEqualTo(ALL);
    assertThat(FIRST.of(ListenerKind.LOCAL).get(2).detail()).as("a notice has the null sender").isEmpty();
    assertThat(FIRST.of(ListenerKind.LOCAL).get(3).detail()).isEqualTo(TestServer.ALICE);
    assertThat(SECOND.message(ListenerKind.LOCAL)).isSameAs(FIRST.message(ListenerKind.LOCAL));
    assertThat(SECOND.parsed(ListenerKind.LOCAL)).isSameAs(FIRST.parsed(ListenerKind.LOCAL));
    assertThat(FIRST.parsed(ListenerKind.LOCAL).header().get("Content-Type")).startsWith("multipart/report");
    // the checks ran before the delivery: the notice lands in alice's INBOX a moment later
    while (Mailboxes.inbox(server, TestServer.ALICE).stream().noneMatch(s -> s.contains("multipart/report"))
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(Mailboxes.inbox(server, TestServer.ALICE)).anyMatch(s -> s.contains("multipart/report"));
  }

  @Test
  void rejectAndTempfailAtEachStageAreTheReply() throws Exception {
    for (Stage stage : ALL) {
      for (Verdict v : List.of(Verdict.reject(550, "5.7.1", "Refused by policy at " + stage),
          Verdict.tempfail(451, "4.7.1", "Try again later, " + stage))) {
        SCRIPT.set(stage, v);
        String expected = stage == Stage.CONNECT
            ? v.code() + " mx.example.test " + v.enhanced() + " " + v.text() // RFC 5321 §3.1, naming the server
            : v.reply();
        assertThat(transaction(stage)).as(stage + " " + v.kind()).isEqualTo(expected);
      }
    }
  }

  @Test
  void quarantineAtEachStageDeliversToJunk() throws Exception {
    for (Stage stage : ALL) {
      SCRIPT.set(stage, Verdict.quarantine("test rule at " + stage));
      int inbox = Mailboxes.inbox(server, TestServer.BOB).size();
      String subject = "quarantined at " + stage;
      assertThat(send(subject)).startsWith("250 2.0.0 OK queued as");
      assertThat(Mailboxes.mailbox(server, TestServer.BOB, "Junk")).as(stage.toString())
          .anyMatch(s -> s.contains("Subject: " + subject));
      assertThat(Mailboxes.inbox(server, TestServer.BOB)).as(stage.toString()).hasSize(inbox);
    }
    SCRIPT.set(null, null);
    assertThat(send("not quarantined")).startsWith("250 2.0.0 OK queued as");
    assertThat(Mailboxes.inbox(server, TestServer.BOB)).anyMatch(s -> s.contains("Subject: not quarantined"));
  }

  @Test
  void headerFieldsAndScoresOfAcceptingVerdictsReachTheMessage() throws Exception {
    SCRIPT.set(Stage.MESSAGE, Verdict.addHeader("X-Test-Check: seen\r\n").withScore(2.5, "test-rule"));
    assertThat(send("with a field")).startsWith("250 ");
    assertThat(Mailboxes.inbox(server, TestServer.BOB)).filteredOn(s -> s.contains("Subject: with a field"))
        .singleElement().satisfies(s -> assertThat(s.indexOf("X-Test-Check: seen\r\n"))
            .isPositive().isLessThan(s.indexOf("Subject: with a field")));
  }

  /** One MX transaction to bob that stops at the first refusal; returns that reply (or the last one). */
  private static String transaction(Stage refusedAt) throws Exception {
    List<String> replies = new ArrayList<>();
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      replies.add(c.read());
      if (refusedAt != Stage.CONNECT) {
        replies.add(c.cmd("EHLO client.example"));
      }
      if (refusedAt.compareTo(Stage.MAIL) >= 0) {
        replies.add(c.cmd("MAIL FROM:<carol@remote.test>"));
      }
      if (refusedAt.compareTo(Stage.RCPT) >= 0) {
        replies.add(c.cmd("RCPT TO:<bob@example.test>"));
      }
      if (refusedAt == Stage.MESSAGE) {
        assertThat(c.cmd("DATA")).startsWith("354");
        replies.add(c.cmd("Subject: refused\r\n\r\nbody\r\n."));
      }
    }
    for (String r : replies) {
      if (!r.startsWith("2")) {
        return r;
      }
    }
    return replies.get(replies.size() - 1);
  }

  private static String send(String subject) throws Exception {
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      assertThat(c.read()).startsWith("220 ");
      assertThat(c.cmd("EHLO client.example")).startsWith("250 ");
      assertThat(c.cmd("MAIL FROM:<carol@remote.test>")).startsWith("250 ");
      assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
      assertThat(c.cmd("DATA")).startsWith("354");
      return c.cmd("From: <carol@remote.test>\r\nSubject: " + subject + "\r\n\r\nbody\r\n.");
    }
  }
}
