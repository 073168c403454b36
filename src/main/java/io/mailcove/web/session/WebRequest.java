package io.mailcove.web.session;

import io.mailcove.web.view.Page;
import io.mailcove.web.view.View;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * One request to a page of the door, as {@link WebSessions} hands it to a {@link PageHandler}: the Jetty request,
 * response and callback, the logged-in {@link #user()} (null on an open page when nobody is), the {@link #page()}
 * model for the templates, and the fields of a submitted form (already read for the CSRF check). The handler
 * answers through exactly one of {@link #render}, {@link #redirect}, {@link #json} or the Jetty objects.
 */
public final class WebRequest {
  private final Request request;
  private final Response response;
  private final Callback callback;
  private final WebUser user;
  private final Page page;
  private final Fields form;
  private final View view;

  WebRequest(Request request, Response response, Callback callback, WebUser user, Page page, Fields form,
             View view) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.user = user;
    this.page = page;
    this.form = form;
    this.view = view;
  }

  public Request request() {
    return request;
  }

  public Response response() {
    return response;
  }

  public Callback callback() {
    return callback;
  }

  /** The logged-in account; never null behind {@link WebSessions#requireUser}. */
  public WebUser user() {
    return user;
  }

  public Page page() {
    return page;
  }

  public boolean isGet() {
    return HttpMethod.GET.is(request.getMethod()) || HttpMethod.HEAD.is(request.getMethod());
  }

  public boolean isPost() {
    return HttpMethod.POST.is(request.getMethod());
  }

  /** The value of the form field {@code name} of a submitted urlencoded form, or null. */
  public String field(String name) {
    return form == null ? null : form.getValue(name);
  }

  /** The value of the query parameter {@code name}, or null. */
  public String query(String name) {
    return Request.extractQueryParameters(request).getValue(name);
  }

  /** The address the request came from. */
  public InetAddress remote() {
    return request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress a
        ? a.getAddress() : InetAddress.getLoopbackAddress();
  }

  /** The User-Agent, or "". */
  public String userAgent() {
    String ua = request.getHeaders().get(HttpHeader.USER_AGENT);
    return ua == null ? "" : ua;
  }

  /** Answers 200 with {@code template} rendered with the page and {@code values}. */
  public void render(String template, Map<String, Object> values) {
    render(HttpStatus.OK_200, template, values);
  }

  public void render(int status, String template, Map<String, Object> values) {
    view.render(request, response, callback, status, template, page, values);
  }

  /** Answers 303 See Other to {@code path}. */
  public void redirect(String path) {
    View.redirect(request, response, callback, path);
  }

  /** Answers {@code status} with a JSON body (already encoded). */
  public void json(int status, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
