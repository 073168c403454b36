package io.mailcove.smtp;

import io.mailcove.pipeline.Pipeline;
import io.mailcove.server.ListenerSettings;
import io.mailcove.server.ServerContext;
import io.mailcove.server.Service;
import io.mailcove.server.TcpListener;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The SMTP listeners of the server, sharing one engine: "smtp" (MX, port 25), "submission" (587, STARTTLS, AUTH
 * only after TLS; RFC 6409) and "submissions" (465, implicit TLS; RFC 8314 §3.3). Every message they receive goes
 * through the {@link Pipeline}.
 */
public final class SmtpServer {
  private SmtpServer() {}

  /** Where SMTP spools large messages while they are received. */
  public static Path tempDir(ServerContext ctx) {
    return ctx.dataDir().resolve("tmp").resolve("smtp");
  }

  public static List<Service> services(ServerContext ctx, ListenerSettings listeners, SmtpSettings settings,
                                       Pipeline pipeline) {
    SmtpEngine engine = new SmtpEngine(settings, pipeline, ctx.hostname(), ctx.tls(), ctx.authenticator(),
        ctx.memoryBudget(), tempDir(ctx));
    TcpListener.Limits limits = ctx.limits(TcpListener.Limits.defaults().maxConnections(),
        settings.maxConnectionsPerIp());
    List<Service> out = new ArrayList<>();
    add(out, ctx, listeners, "smtp", false, engine, SmtpSession.Mode.MX, limits);
    add(out, ctx, listeners, "submission", false, engine, SmtpSession.Mode.SUBMISSION, limits);
    add(out, ctx, listeners, "submissions", true, engine, SmtpSession.Mode.SUBMISSIONS, limits);
    return out;
  }

  /**
   * Bans are the pipeline's connect stage; only an implicit-TLS listener screens them itself too, before the
   * handshake, so a banned client costs no key exchange.
   */
  private static void add(List<Service> out, ServerContext ctx, ListenerSettings listeners, String name,
                          boolean implicitTls, SmtpEngine engine, SmtpSession.Mode mode, TcpListener.Limits limits) {
    InetSocketAddress address = listeners.get(name);
    if (address == null) {
      return;
    }
    out.add(new TcpListener(name, address, implicitTls, ctx.tls(), implicitTls ? ctx.authenticator() : null,
        new SmtpHandler(engine, mode), limits, ctx.activity()));
  }
}
