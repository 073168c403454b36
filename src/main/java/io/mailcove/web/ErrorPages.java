package io.mailcove.web;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Error responses (404, 405, 413, 431, ...), including those the server writes before any handler runs (a header
 * section too large, a malformed request): with the {@link SecurityHeaders}, and without stack traces or causes.
 */
final class ErrorPages extends ErrorHandler {
  private final SecurityHeaders headers;
  private final boolean secure;

  ErrorPages(SecurityHeaders headers, boolean secure) {
    this.headers = headers;
    this.secure = secure;
    setShowStacks(false);
    setShowCauses(false);
    setShowMessageInTitle(false);
    setShowOrigin(false);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    headers.apply(response.getHeaders(), secure);
    return super.handle(request, response, callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    headers.apply(fields, secure);
    return super.badMessageError(status, reason, fields);
  }
}
