package io.mailcove.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import org.junit.jupiter.api.Test;

/** Direct delivery (RFC 5321 §5.1): MX by preference with fallback, A records without MX, null MX, NXDOMAIN. */
class MxRoutingTest {
  private static String zone(String extra) {
    return extra;
  }

  @Test
  void secondMxTakesOverWhenTheFirstHasNoServer() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         TestServer server = TestServer.start(Outbox.config(mx.port(), zone("""
             [[dns.static]]
             name = "two.example"
             mx = ["10 mx1.two.example", "20 mx2.two.example"]
             [[dns.static]]
             name = "mx1.two.example"
             a = ["127.0.0.2"]
             [[dns.static]]
             name = "mx2.two.example"
             a = ["127.0.0.1"]
             """)))) {
      // nothing listens on 127.0.0.2 at the test port: the better MX refuses, the second one takes it
      Outbox.relay(server, TestServer.ALICE, "j@two.example",
          Outbox.message(TestServer.ALICE, "j@two.example", "mx fallback", "hi"));
      assertThat(mx.await(1).get(0).rcpts()).containsExactly("j@two.example");
    }
  }

  @Test
  void withoutMxTheDomainsAddressIsUsed() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         TestServer server = TestServer.start(Outbox.config(mx.port(), zone("""
             [[dns.static]]
             name = "plain.example"
             a = ["127.0.0.1"]
             """)))) {
      Outbox.relay(server, TestServer.ALICE, "k@plain.example",
          Outbox.message(TestServer.ALICE, "k@plain.example", "implicit mx", "hi"));
      assertThat(mx.await(1).get(0).rcpts()).containsExactly("k@plain.example");
    }
  }

  @Test
  void nullMxAndUnknownDomainFailAtOnce() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         TestServer server = TestServer.start(Outbox.config(mx.port(), zone("""
             [[dns.static]]
             name = "nomail.example"
             mx = ["0 ."]
             a = ["127.0.0.1"]
             """)))) {
      Outbox.relay(server, TestServer.ALICE, "l@nomail.example",
          Outbox.message(TestServer.ALICE, "l@nomail.example", "null mx", "hi"));
      Outbox.relay(server, TestServer.ALICE, "m@does-not-exist.example",
          Outbox.message(TestServer.ALICE, "m@does-not-exist.example", "nxdomain", "hi"));
      Outbox.await("two bounces arrived", () -> Outbox.inbox(server, TestServer.ALICE).size() == 2);
      String all = String.join("\n", Outbox.inbox(server, TestServer.ALICE));
      assertThat(all).contains("Status: 5.1.10").contains("does not accept mail (null MX, RFC 7505)")
          .contains("Status: 5.1.2").contains("domain does-not-exist.example does not exist");
      assertThat(mx.connections()).isZero();
    }
  }
}
