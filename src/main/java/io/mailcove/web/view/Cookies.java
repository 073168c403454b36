package io.mailcove.web.view;

import java.time.Duration;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * Reading and setting the door's cookies. Every cookie is {@code HttpOnly} and {@code SameSite=Lax}, for the whole
 * site, and {@code Secure} when the request came over https (over plain http on localhost a Secure cookie would
 * never come back).
 */
public final class Cookies {
  private Cookies() {}

  /** The value of the cookie {@code name}, or null. */
  public static String get(Request request, String name) {
    for (HttpCookie c : Request.getCookies(request)) {
      if (c.getName().equals(name)) {
        return c.getValue();
      }
    }
    return null;
  }

  /** Sets {@code name} to {@code value} for {@code maxAge} (null: until the browser closes). */
  public static void set(Request request, Response response, String name, String value, Duration maxAge) {
    HttpCookie.Builder b = HttpCookie.build(name, value).path("/").httpOnly(true).secure(request.isSecure())
        .sameSite(HttpCookie.SameSite.LAX);
    if (maxAge != null) {
      b.maxAge(maxAge.toSeconds());
    }
    Response.putCookie(response, b.build());
  }

  /** Tells the browser to forget {@code name}. */
  public static void clear(Request request, Response response, String name) {
    Response.putCookie(response, HttpCookie.build(name, "").path("/").httpOnly(true).secure(request.isSecure())
        .sameSite(HttpCookie.SameSite.LAX).maxAge(0).build());
  }
}
