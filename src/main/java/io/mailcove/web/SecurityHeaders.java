package io.mailcove.web;

import java.time.Duration;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The header fields every response carries, pages, errors and redirects alike: a Content-Security-Policy that
 * allows only the server's own scripts, styles and images and no framing (CSP Level 3), no content-type sniffing,
 * no Referer to other sites, and on https Strict-Transport-Security (RFC 6797 §6.1; never over plain HTTP, §7.2).
 */
final class SecurityHeaders {
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final String strictTransportSecurity;

  SecurityHeaders(Duration hstsMaxAge) {
    this.strictTransportSecurity = "max-age=" + hstsMaxAge.toSeconds();
  }

  /** A handler that sets the header fields before {@code next} answers (error pages set them again). */
  Handler around(Handler next, boolean secure) {
    return new Handler.Wrapper(next) {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        apply(response.getHeaders(), secure);
        return super.handle(request, response, callback);
      }
    };
  }

  void apply(HttpFields.Mutable headers, boolean secure) {
    headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Referrer-Policy", "no-referrer");
    if (secure) {
      headers.put("Strict-Transport-Security", strictTransportSecurity);
    }
  }
}
