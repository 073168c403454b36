package io.mailcove.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /healthz}: {@code {"status":"ok","version":"...","uptime_seconds":N}} for monitors and load balancers.
 * The server answers it while its listeners run; the version is the jar's (a build from the source tree without a
 * jar says "development build"), the uptime counts from the assembly of the server.
 */
final class Health implements Request.Handler {
  private final Clock clock;
  private final Instant started;
  private final String version;

  Health(Clock clock, Instant started) {
    this.clock = clock;
    this.started = started;
    String v = Health.class.getPackage().getImplementationVersion();
    this.version = v == null ? "development build" : v;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!Pages.refuseUnlessGet(request, response, callback)) {
      long uptime = Math.max(0, Duration.between(started, clock.instant()).toSeconds());
      String json = "{\"status\":\"ok\",\"version\":\"" + version.replace("\\", "\\\\").replace("\"", "\\\"")
          + "\",\"uptime_seconds\":" + uptime + "}\n";
      Pages.send(request, response, callback, "application/json", "no-store", json);
    }
    return true;
  }
}
