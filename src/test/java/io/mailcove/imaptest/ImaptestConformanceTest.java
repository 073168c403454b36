package io.mailcove.imaptest;

import static org.assertj.core.api.Assertions.fail;

import io.mailcove.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Dovecot's imaptest scripted tests replayed against Mailcove's IMAP server on loopback, once in IMAP4rev1 and once
 * in IMAP4rev2 mode (ENABLE IMAP4rev2). A script whose required capabilities Mailcove does not advertise is skipped;
 * every other script must pass, except those listed in {@link #EXCEPTIONS} with the reason (a listed script that
 * passes fails the test, so the list stays honest). A failure shows the first mismatches (expected reply and the
 * closest reply received) and the last lines of the conversation.
 */
class ImaptestConformanceTest {
  /** "rev1:script", "rev2:script" or "*:script" → why it does not pass yet. */
  static final Map<String, String> EXCEPTIONS = Map.ofEntries(
      Map.entry("*:append-binary", "IMAP: FETCH BODY[1] of a binary part holding NUL sends the raw bytes in a "
          + "plain literal; NUL is not allowed there (RFC 9051 §4.3), it must be encoded or refused (RFC 3516)"));

  private static TestServer server;
  private static ScriptRunner.Config config;
  private static final List<ScriptRunner.Result> RESULTS = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void start() {
    server = TestServer.start();
    config = new ScriptRunner.Config("127.0.0.1", server.port("imap"), TestServer.ALICE, TestServer.ALICE_PASSWORD,
        "imaptest", false, 10000, TestServer.BOB, TestServer.BOB_PASSWORD);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    synchronized (RESULTS) {
      RESULTS.stream().filter(r -> r.status() != ScriptRunner.Status.PASS)
          .forEach(r -> System.out.println("imaptest " + r.summary().replace("\n", "\n    ")));
    }
    for (boolean rev2 : new boolean[] {false, true}) {
      long pass = count(rev2, ScriptRunner.Status.PASS, false);
      long fail = count(rev2, ScriptRunner.Status.FAIL, false);
      long known = count(rev2, ScriptRunner.Status.FAIL, true);
      long skip = count(rev2, ScriptRunner.Status.SKIP, false);
      System.out.printf("imaptest %s: %d passed, %d failed, %d known exceptions, %d skipped (capability not "
          + "advertised)%n", rev2 ? "IMAP4rev2" : "IMAP4rev1", pass, fail, known, skip);
    }
  }

  private static long count(boolean rev2, ScriptRunner.Status status, boolean listed) {
    synchronized (RESULTS) {
      return RESULTS.stream().filter(r -> r.rev2() == rev2 && r.status() == status)
          .filter(r -> status != ScriptRunner.Status.FAIL || listed == (exception(r) != null)).count();
    }
  }

  @TestFactory
  Stream<DynamicTest> imap4rev1() {
    return scripts(false);
  }

  @TestFactory
  Stream<DynamicTest> imap4rev2() {
    return scripts(true);
  }

  private static Stream<DynamicTest> scripts(boolean rev2) {
    return ImaptestScripts.list(ImaptestScripts.defaultDirectory()).stream()
        .map(p -> DynamicTest.dynamicTest((rev2 ? "rev2 " : "rev1 ") + p.getFileName(), () -> replay(p, rev2)));
  }

  private static void replay(Path script, boolean rev2) {
    ScriptRunner.Result r = ScriptRunner.run(config.withRev2(rev2), script);
    RESULTS.add(r);
    String reason = exception(r);
    switch (r.status()) {
      case SKIP -> Assumptions.abort("skipped: " + r.reason());
      case PASS -> {
        if (reason != null) {
          fail(r.script() + " passes now: remove it from ImaptestConformanceTest.EXCEPTIONS (" + reason + ")");
        }
      }
      case FAIL -> {
        if (reason != null) {
          Assumptions.abort("known exception: " + reason + "; first mismatch: " + r.firstFailure());
        }
        StringBuilder sb = new StringBuilder(r.script() + (rev2 ? " (IMAP4rev2)" : " (IMAP4rev1)") + " failed:\n");
        r.failures().stream().limit(5).forEach(f -> sb.append(" - ").append(f).append('\n'));
        sb.append("last lines of the conversation:\n");
        r.transcript().forEach(t -> sb.append("   ").append(t).append('\n'));
        fail(sb.toString());
      }
      default -> throw new IllegalStateException();
    }
  }

  private static String exception(ScriptRunner.Result r) {
    String any = EXCEPTIONS.get("*:" + r.script());
    return any != null ? any : EXCEPTIONS.get((r.rev2() ? "rev2:" : "rev1:") + r.script());
  }
}
