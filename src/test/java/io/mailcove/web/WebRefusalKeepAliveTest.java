package io.mailcove.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A request refused before its body was read, on a raw HTTP/1.1 connection whose client sends the body a moment
 * after the headers (as the JDK's HTTP client does): the refusal waits for a small body and the connection then
 * answers the next request; a body of unknown length (chunked) is not read, and the refusal says
 * {@code Connection: close}. (Larger bodies than the listener takes are refused before, with 413.) Before, the
 * refusal went out at once, Jetty closed the connection afterwards without having said so, and the next request on
 * it got no answer.
 */
class WebRefusalKeepAliveTest {
  @RegisterExtension
  static final TestServerExtension server = TestServerExtension.web();

  @Test
  void aConsoleActionWithoutASessionKeepsTheConnectionForTheNextRequest() throws Exception {
    assertNextRequestAnswered("/admin/domains", "application/x-www-form-urlencoded", "name=new.test&csrf=x", 401);
  }

  @Test
  void anApiCallWithoutATokenKeepsTheConnectionForTheNextRequest() throws Exception {
    assertNextRequestAnswered("/api/v1/messages", "application/json", "{\"to\":[\"a@example.test\"]}", 401);
  }

  @Test
  void aPostToNoSuchPageKeepsTheConnectionForTheNextRequest() throws Exception {
    assertNextRequestAnswered("/no-such-page", "application/x-www-form-urlencoded", "a=b", 404);
  }

  @Test
  void aPostToAPageThatOnlyShowsKeepsTheConnectionForTheNextRequest() throws Exception {
    assertNextRequestAnswered("/healthz", "application/x-www-form-urlencoded", "a=b", 405);
  }

  @Test
  void aBodyOfUnknownLengthIsNotReadAndTheRefusalSaysTheConnectionCloses() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port("http"))) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /admin/domains HTTP/1.1\r\nHost: mx.example.test\r\n"
          + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Reply reply = Reply.read(socket.getInputStream());
      assertThat(reply.status).isEqualTo(401);
      assertThat(reply.headers.get("connection")).isEqualToIgnoringCase("close");
      assertThat(socket.getInputStream().read()).as("the server closed the connection").isEqualTo(-1);
    }
  }

  private static void assertNextRequestAnswered(String path, String type, String body, int refusal)
      throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port("http"))) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      out.write(("POST " + path + " HTTP/1.1\r\nHost: mx.example.test\r\nContent-Type: " + type
          + "\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(300); // the body a moment later: the server has decided by then
      out.write(bytes);
      out.write("GET /healthz HTTP/1.1\r\nHost: mx.example.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      Reply first = Reply.read(in);
      assertThat(first.status).isEqualTo(refusal);
      assertThat(first.headers.get("connection")).as("a refusal that keeps the connection").isNull();
      Reply second = Reply.read(in);
      assertThat(second.status).as("the next request on the same connection").isEqualTo(200);
      assertThat(second.body).contains("\"status\":\"ok\"");
    }
  }

  /** One HTTP/1.1 response with a Content-Length body (what these refusals and /healthz send). */
  private record Reply(int status, Map<String, String> headers, String body) {
    static Reply read(InputStream in) throws IOException {
      String statusLine = line(in);
      assertThat(statusLine).as("a status line, not the end of the connection").startsWith("HTTP/1.1 ");
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        int colon = h.indexOf(':');
        headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      byte[] body = in.readNBytes(length);
      return new Reply(Integer.parseInt(statusLine.substring(9, 12)), headers,
          new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          return line.size() == 0 ? "" : line.toString(StandardCharsets.ISO_8859_1);
        }
        if (b != '\r') {
          line.write(b);
        }
      }
      return line.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
