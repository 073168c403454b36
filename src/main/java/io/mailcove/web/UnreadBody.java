package io.mailcove.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refusals and redirects of requests whose body was not read (no session, no admin role, no API token, no such
 * page, a wrong method, the way to HTTPS): when such a response starts, a small body still unread is read and
 * dropped, so that the connection can carry the client's next request; a larger or chunked one is left unread and
 * the response says {@code Connection: close}. Without this, Jetty closed the connection after a response that had
 * not announced it, and a client that had already sent its next request on that connection got no answer
 * (RFC 9112, section 9.6: a server that closes should say so). The {@link Router} puts every response through it;
 * Jetty's error pages, which it writes past the handler's response, call {@link #beforeError} first.
 */
final class UnreadBody {
  /** The most a refusal reads only to drop it (before login, inputs stay tiny): 64 KiB. */
  static final long LIMIT = 64 * 1024;

  private UnreadBody() {}

  /** {@code response}, watched when {@code request} may have a body. */
  static Response watch(Request request, Response response) {
    return mayHaveBody(request) ? new Watched(request, response) : response;
  }

  private static boolean mayHaveBody(Request request) {
    String method = request.getMethod();
    return !HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method) && request.getLength() != 0;
  }

  private static void settle(Request request, Response response) {
    long length = request.getLength(); // -1: chunked, or until the connection closes
    if (length > 0 && length <= LIMIT) {
      try {
        Content.Source.consumeAll(request); // returns at once when the handler has read it all
        return;
      } catch (IOException e) {
        // the client went away or sent less than it announced: close
      }
    }
    response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
  }

  /**
   * For a response written past the {@link #watch watched} one (Jetty's error pages, {@code Response.writeError}):
   * call before writing it.
   */
  static void beforeError(Request request, Response response) {
    if (mayHaveBody(request)) {
      settle(request, response);
    }
  }

  /** Settles the body once, when a response other than a success starts. */
  private static final class Watched extends Response.Wrapper {
    private boolean started;

    Watched(Request request, Response wrapped) {
      super(request, wrapped);
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
      if (!started) {
        started = true;
        if (getStatus() >= 300) {
          settle(getRequest(), this);
        }
      }
      super.write(last, content, callback);
    }
  }
}
