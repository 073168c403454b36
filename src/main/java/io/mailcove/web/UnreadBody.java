package io.mailcove.web;

import java.io.IOException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * For a request refused before its body was read (no session, no admin role, an API token missing): the body is
 * read and dropped when it is small, so that the connection can carry the client's next request; a larger or
 * chunked one is left unread and the response says {@code Connection: close}. Without this, Jetty closed the
 * connection after a response that had not announced it, and a client that had already sent its next request on
 * that connection got no answer (RFC 9112, section 9.6: a server that closes should say so).
 */
public final class UnreadBody {
  /** What a refusal that knows no form limit (no such page, wrong method, go to HTTPS) reads to drop: 64 KiB. */
  public static final long SMALL = 64 * 1024;

  private UnreadBody() {}

  /** Call before writing the refusal; {@code limit} is the largest body worth reading only to drop it. */
  public static void settle(Request request, Response response, long limit) {
    String method = request.getMethod();
    if (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method)) {
      return;
    }
    long length = request.getLength(); // -1: chunked or until the connection closes
    if (length == 0) {
      return;
    }
    if (length > 0 && length <= limit) {
      try {
        Content.Source.consumeAll(request);
        return;
      } catch (IOException e) {
        // the client went away or sent less than it announced: fall through and close
      }
    }
    response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
  }
}
