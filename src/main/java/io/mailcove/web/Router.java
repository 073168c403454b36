package io.mailcove.web;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.IntSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Sends each request to its route. Plain HTTP reaching a public address of the server is redirected to https
 * (301, same host, path and query) unless its path is one of {@link Routes#PLAIN_HTTP}, or https is off.
 *
 * <p>"Public" is decided by the local address the connection arrived at: only 127.0.0.1 and ::1, where a browser
 * on the same machine reaches the server as localhost, are served over plain HTTP; every other address, the rest of
 * 127.0.0.0/8 included, counts as public.
 */
final class Router extends Handler.Abstract {
  private final Routes routes;
  private final String hostname;
  /** The https listener's port, or 0 when https is off. */
  private final IntSupplier httpsPort;

  Router(Routes routes, String hostname, IntSupplier httpsPort) {
    super(InvocationType.BLOCKING);
    this.routes = routes;
    this.hostname = hostname;
    this.httpsPort = httpsPort;
  }

  @Override
  public boolean handle(Request request, Response original, Callback callback) throws Exception {
    Response response = UnreadBody.watch(request, original);
    String path = Request.getPathInContext(request);
    int port = httpsPort.getAsInt();
    if (!request.isSecure() && port > 0 && !isLocalhost(request.getConnectionMetaData().getLocalSocketAddress())
        && !Routes.servedOverPlainHttp(path)) {
      UnreadBody.beforeError(request, response);
      redirect(request, response, callback, port);
      return true;
    }
    Request.Handler handler = routes.find(path);
    if (handler == null || !handler.handle(request, response, callback)) {
      UnreadBody.beforeError(request, response);
      Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
    }
    return true;
  }

  private void redirect(Request request, Response response, Callback callback, int port) {
    String host = request.getHttpURI().getHost();
    if (host == null || host.isEmpty()) {
      host = hostname; // HTTP/1.0 without Host
    } else if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    String pathQuery = request.getHttpURI().getPathQuery();
    String location = "https://" + host + (port == 443 ? "" : ":" + port) + (pathQuery == null ? "/" : pathQuery);
    response.setStatus(HttpStatus.MOVED_PERMANENTLY_301);
    response.getHeaders().put(HttpHeader.LOCATION, location);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
    response.write(true, null, callback);
  }

  static boolean isLocalhost(SocketAddress local) {
    if (!(local instanceof InetSocketAddress socket)) {
      return false;
    }
    InetAddress address = socket.getAddress();
    if (address instanceof Inet4Address) {
      return address.getHostAddress().equals("127.0.0.1");
    }
    return address instanceof Inet6Address && address.isLoopbackAddress();
  }
}
