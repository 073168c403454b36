package io.mailcove.imaptest;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The interpreter must see a wrong server: the same script runs through a proxy in front of Mailcove that passes
 * every reply on unchanged (the control: PASS), and through one that answers one thing wrongly (a STORE of
 * {@code \Draft} reported as {@code \Flagged}): the runner must report FAIL and name the reply it expected.
 */
class ImaptestSelfTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static ScriptRunner.Result runThrough(UnaryOperator<String> rewrite) throws Exception {
    try (LyingProxy proxy = new LyingProxy(server.port("imap"), rewrite)) {
      ScriptRunner.Config config = new ScriptRunner.Config("127.0.0.1", proxy.port(), TestServer.ALICE,
          TestServer.ALICE_PASSWORD, "selftest", false, 10000, TestServer.BOB, TestServer.BOB_PASSWORD);
      return ScriptRunner.run(config, ImaptestScripts.defaultDirectory().resolve("store"));
    }
  }

  @Test
  void aFaithfulProxyPasses() throws Exception {
    ScriptRunner.Result r = runThrough(UnaryOperator.identity());
    assertThat(r.status()).as(r.summary()).isEqualTo(ScriptRunner.Status.PASS);
  }

  @Test
  void oneWrongReplyIsReportedAsAFailure() throws Exception {
    ScriptRunner.Result r = runThrough(line -> line.contains(" FETCH ") ? line.replace("\\Draft", "\\Flagged")
        : line);
    assertThat(r.status()).as(r.summary()).isEqualTo(ScriptRunner.Status.FAIL);
    assertThat(r.failures()).isNotEmpty();
    assertThat(r.firstFailure()).containsIgnoringCase("\\draft");
  }

  /** Forwards a client to the IMAP server, passing each line the server sends through {@code rewrite}. */
  private static final class LyingProxy implements AutoCloseable {
    private final ServerSocket socket;

    LyingProxy(int target, UnaryOperator<String> rewrite) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread.ofVirtual().start(() -> {
        while (!socket.isClosed()) {
          try {
            Socket client = socket.accept();
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
            Thread.ofVirtual().start(() -> pump(client, upstream, UnaryOperator.identity()));
            Thread.ofVirtual().start(() -> pump(upstream, client, rewrite));
          } catch (IOException e) {
            return;
          }
        }
      });
    }

    int port() {
      return socket.getLocalPort();
    }

    private static void pump(Socket from, Socket to, UnaryOperator<String> rewrite) {
      try (from; to) {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
          line.write(c);
          if (c == '\n' || in.available() == 0) {
            String text = line.toString(StandardCharsets.ISO_8859_1);
            out.write((c == '\n' ? rewrite.apply(text) : text).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            line.reset();
          }
        }
      } catch (IOException e) {
        // one side closed
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
