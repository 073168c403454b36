package io.mailcove.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Error responses (404, 405, 413, 431, ...), including those the server writes before any handler runs (a header
 * section too large, a malformed request): with the {@link SecurityHeaders}, and without stack traces or causes;
 * under a prefix with an {@link Routes.ErrorBody} in that body instead of the error page.
 */
final class ErrorPages extends ErrorHandler {
  private final SecurityHeaders headers;
  private final boolean secure;
  private final Routes routes;

  ErrorPages(SecurityHeaders headers, boolean secure, Routes routes) {
    this.headers = headers;
    this.secure = secure;
    this.routes = routes;
    setShowStacks(false);
    setShowCauses(false);
    setShowMessageInTitle(false);
    setShowOrigin(false);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    headers.apply(response.getHeaders(), secure);
    Routes.ErrorBody own = routes.errorBody(Request.getPathInContext(request));
    if (own != null) {
      int status = request.getAttribute(ERROR_STATUS) instanceof Integer code ? code
          : response.getStatus() >= 400 ? response.getStatus() : 500;
      response.setStatus(status);
      byte[] body = own.render(status).getBytes(StandardCharsets.UTF_8);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, own.contentType());
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      response.write(true, ByteBuffer.wrap(body), callback);
      return true;
    }
    return super.handle(request, response, callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    headers.apply(fields, secure);
    return super.badMessageError(status, reason, fields);
  }
}
