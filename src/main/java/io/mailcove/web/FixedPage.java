package io.mailcove.web;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A page whose body never changes (a stylesheet, a description), answered to GET and HEAD; any other method gets 405.
 * A class rather than a lambda: a lambda of Jetty's {@link Request.Handler} is made at every start (the start-up
 * cache keeps no lambda of an interface that has static state, as Jetty's handlers have), a class comes from the
 * cache.
 */
public final class FixedPage implements Request.Handler {
  private final String contentType;
  private final String cacheControl;
  private final String body;

  public FixedPage(String contentType, String cacheControl, String body) {
    this.contentType = contentType;
    this.cacheControl = cacheControl;
    this.body = body;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!Pages.refuseUnlessGet(request, response, callback)) {
      Pages.send(request, response, callback, contentType, cacheControl, body);
    }
    return true;
  }
}
