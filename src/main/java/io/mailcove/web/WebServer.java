package io.mailcove.web;

import io.mailcove.server.ConnectionGate;
import io.mailcove.server.ListenerSettings;
import io.mailcove.server.ServerContext;
import io.mailcove.server.Service;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.eclipse.jetty.http.MimeTypes;

/**
 * The web listeners of the server: "https" (443) and "http" (80), serving the same {@link Routes}. The landing page
 * ({@code /}, with its stylesheet) and {@code /healthz} are registered by {@link #standardRoutes}; other features
 * add theirs before the server starts.
 */
public final class WebServer {
  private WebServer() {}

  /**
   * Sets up, on a thread of its own, what the web library sets up once per process and slowly (its table of media
   * types: a tenth of a second and more of a small machine's start), so that a server start does it while it opens
   * the store. Wait for the answer before the first use of the library: then no class of it is ever set up by two
   * threads at once.
   */
  public static Future<Void> prepareInBackground() {
    FutureTask<Void> task = new FutureTask<>(() -> {
      Objects.requireNonNull(MimeTypes.DEFAULTS);
      return null;
    });
    Thread.ofPlatform().daemon().name("web-prepare").start(task);
    return task;
  }

  /** Routes with the landing page, its stylesheet and the health check. */
  public static Routes standardRoutes(ServerContext ctx) {
    Routes routes = new Routes();
    routes.page("/", new LandingPage(routes, ctx.hostname()));
    routes.page(LandingPage.STYLESHEET, LandingPage.stylesheet());
    routes.page("/healthz", new Health(ctx.clock(), ctx.clock().instant()));
    return routes;
  }

  /** The configured listeners (none when both are off); https first, so that http knows its port for redirects. */
  public static List<Service> services(ServerContext ctx, ListenerSettings listeners, WebSettings settings,
                                       Routes routes) {
    List<Service> out = new ArrayList<>();
    InetSocketAddress httpsAddress = listeners.get("https");
    WebListener https = null;
    if (httpsAddress != null) {
      https = new WebListener("https", httpsAddress, ctx.tls(), settings, gate("https", settings, ctx), routes,
          ctx.hostname(), () -> 0);
      out.add(https);
    }
    InetSocketAddress httpAddress = listeners.get("http");
    if (httpAddress != null) {
      WebListener secure = https;
      out.add(new WebListener("http", httpAddress, null, settings, gate("http", settings, ctx), routes,
          ctx.hostname(), () -> secure == null ? 0 : secure.address().getPort()));
    }
    return out;
  }

  private static ConnectionGate gate(String name, WebSettings settings, ServerContext ctx) {
    return new ConnectionGate(name, settings.maxConnections(), settings.maxConnectionsPerIp(), ctx.authenticator());
  }
}
