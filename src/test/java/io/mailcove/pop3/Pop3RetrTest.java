package io.mailcove.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.TestServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** STAT, LIST, RETR and TOP (RFC 1939 §5, §7): sizes, byte-stuffing, line endings, the maildrop snapshot. */
class Pop3RetrTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension();

  @Test
  void retrRoundTripsThroughPoplibWithDotStuffing() throws Exception {
    String user = Pop3Fixture.account(server.get(), "dots", 0);
    String body = ".starts with a dot\r\n..two dots\r\n.\r\nplain line\r\n";
    String msg = Pop3Fixture.message("dots", body);
    Pop3Fixture.store(server.get(), user, msg);
    Python.Result r = Python.run("""
        import poplib, sys
        p = poplib.POP3('127.0.0.1', int(sys.argv[1]))
        p.user(sys.argv[2]); p.pass_(sys.argv[3])
        resp, lines, octets = p.retr(1)
        sys.stdout.write(repr(b'\\r\\n'.join(lines) + b'\\r\\n'))
        p.quit()
        """, server.port("pop3"), user, "secret-dots");
    assertThat(r.exit()).as(r.out()).isZero();
    // poplib undoes the byte-stuffing: the client sees exactly the stored message
    assertThat(r.out()).isEqualTo(pythonBytes(msg));
  }

  @Test
  void retrSendsExactStuffedBytesAndSize() throws Exception {
    String user = Pop3Fixture.account(server.get(), "raw", 0);
    String msg = Pop3Fixture.message("raw", ".hidden\r\nend\r\n");
    Pop3Fixture.store(server.get(), user, msg);
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      pop.login(user, "secret-raw");
      int size = msg.getBytes(StandardCharsets.UTF_8).length;
      assertThat(pop.command("STAT")).isEqualTo("+OK 1 " + size);
      assertThat(pop.command("LIST 1")).isEqualTo("+OK 1 " + size);
      assertThat(pop.command("LIST")).startsWith("+OK");
      assertThat(pop.multilineLines()).containsExactly("1 " + size);
      assertThat(pop.command("RETR 1")).isEqualTo("+OK " + size + " octets");
      String wire = new String(pop.multiline(), StandardCharsets.UTF_8);
      assertThat(wire).isEqualTo(msg.replace("\r\n.hidden", "\r\n..hidden") + ".\r\n");
    }
  }

  @Test
  void bareLineFeedsInStoredMailAreSentAsCrlf() throws Exception {
    String user = Pop3Fixture.account(server.get(), "barelf", 0);
    Pop3Fixture.store(server.get(), user, "Subject: lf\nX: y\n\nline one\n.dot\nno final newline");
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      pop.login(user, "secret-barelf");
      assertThat(pop.command("RETR 1")).startsWith("+OK");
      assertThat(new String(pop.multiline(), StandardCharsets.UTF_8))
          .isEqualTo("Subject: lf\r\nX: y\r\n\r\nline one\r\n..dot\r\nno final newline\r\n.\r\n");
    }
  }

  @Test
  void topSendsTheHeaderAndTheFirstLinesOfTheBody() throws Exception {
    String user = Pop3Fixture.account(server.get(), "top", 0);
    String header = "From: a@example.org\r\nSubject: top\r\n";
    Pop3Fixture.store(server.get(), user, header + "\r\nb1\r\n.b2\r\nb3\r\nb4\r\n");
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      pop.login(user, "secret-top");
      assertThat(pop.command("TOP 1 0")).startsWith("+OK");
      assertThat(new String(pop.multiline(), StandardCharsets.UTF_8)).isEqualTo(header + "\r\n.\r\n");
      assertThat(pop.command("TOP 1 2")).startsWith("+OK");
      assertThat(new String(pop.multiline(), StandardCharsets.UTF_8)).isEqualTo(header + "\r\nb1\r\n..b2\r\n.\r\n");
      assertThat(pop.command("TOP 1 100")).startsWith("+OK");
      assertThat(pop.multilineLines()).endsWith("b3", "b4");
    }
  }

  @Test
  void curlRetrievesAMessage() throws Exception {
    String user = Pop3Fixture.account(server.get(), "curlretr", 0);
    String msg = Pop3Fixture.message("curl retr", "hello curl\r\n");
    Pop3Fixture.store(server.get(), user, msg);
    Python.Result r = Python.exec(List.of("curl", "-sS", "--max-time", "20", "-u",
        user + ":secret-curlretr", "pop3://127.0.0.1:" + server.port("pop3") + "/1"), null);
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).isEqualTo(msg);
  }

  @Test
  void mailArrivingDuringASessionShowsAtTheNextLogin() throws Exception {
    String user = Pop3Fixture.account(server.get(), "snapshot", 0);
    Pop3Fixture.store(server.get(), user, Pop3Fixture.message("first", "1\r\n"));
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      pop.login(user, "secret-snapshot");
      Pop3Fixture.store(server.get(), user, Pop3Fixture.message("second", "2\r\n"));
      assertThat(pop.command("STAT")).startsWith("+OK 1 ");
      assertThat(pop.command("RETR 2")).startsWith("-ERR");
      assertThat(pop.command("QUIT")).startsWith("+OK");
    }
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      pop.login(user, "secret-snapshot");
      assertThat(pop.command("STAT")).startsWith("+OK 2 ");
    }
  }

  @Test
  void mailDeliveredBySmtpIsRetrievedByPop3() throws Exception {
    String user = Pop3Fixture.account(server.get(), "viasmtp", 0);
    Python.Result sent = Python.run("""
        import smtplib, sys
        s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]))
        s.sendmail('sender@example.org', [sys.argv[2]],
                   'From: sender@example.org\\r\\nTo: ' + sys.argv[2] + '\\r\\nSubject: via smtp\\r\\n\\r\\n.dot line\\r\\nbye\\r\\n')
        s.quit()
        """, server.port("smtp"), user);
    assertThat(sent.exit()).as(sent.out()).isZero();
    Python.Result r = Python.run("""
        import poplib, sys
        p = poplib.POP3('127.0.0.1', int(sys.argv[1]))
        p.user(sys.argv[2]); p.pass_(sys.argv[3])
        print(p.stat()[0])
        for l in p.retr(1)[1]:
            print(l.decode())
        p.quit()
        """, server.port("pop3"), user, "secret-viasmtp");
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).startsWith("1\n").contains("Subject: via smtp\n").contains("\n.dot line\nbye\n");
  }

  private static String pythonBytes(String s) {
    StringBuilder sb = new StringBuilder("b'");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\r' -> sb.append("\\r");
        case '\n' -> sb.append("\\n");
        case '\'' -> sb.append("\\'");
        case '\\' -> sb.append("\\\\");
        default -> sb.append(c);
      }
    }
    return sb.append("'").toString();
  }
}
