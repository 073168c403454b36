package io.mailcove.smtp;

import io.mailcove.delivery.LocalDelivery;
import io.mailcove.server.ListenerSettings;
import io.mailcove.server.ServerContext;
import io.mailcove.server.Service;
import io.mailcove.server.TcpListener;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The SMTP listeners of the server, sharing one engine: "smtp" (MX, port 25), "submission" (587, STARTTLS, AUTH
 * only after TLS; RFC 6409) and "submissions" (465, implicit TLS; RFC 8314 §3.3). Also registers
 * {@link LocalDelivery} in the context, for the outbound courier's bounces to local senders.
 */
public final class SmtpServer {
  private SmtpServer() {}

  public static List<Service> services(ServerContext ctx, ListenerSettings listeners) {
    SmtpSettings settings = SmtpSettings.from(ctx.config().section("smtp"));
    LocalDelivery delivery = ctx.componentOrNull(LocalDelivery.class);
    if (delivery == null) {
      delivery = new LocalDelivery(ctx.store(), ctx.clock());
      ctx.register(LocalDelivery.class, delivery);
    }
    SmtpEngine engine = new SmtpEngine(ctx, settings, delivery);
    TcpListener.Limits limits = new TcpListener.Limits(TcpListener.Limits.defaults().maxConnections(),
        settings.maxConnectionsPerIp(), TcpListener.Limits.defaults().handshakeTimeout());
    List<Service> out = new ArrayList<>();
    add(out, ctx, listeners, "smtp", false, engine, SmtpSession.Mode.MX, limits);
    add(out, ctx, listeners, "submission", false, engine, SmtpSession.Mode.SUBMISSION, limits);
    add(out, ctx, listeners, "submissions", true, engine, SmtpSession.Mode.SUBMISSIONS, limits);
    return out;
  }

  private static void add(List<Service> out, ServerContext ctx, ListenerSettings listeners, String name,
                          boolean implicitTls, SmtpEngine engine, SmtpSession.Mode mode, TcpListener.Limits limits) {
    InetSocketAddress address = listeners.get(name);
    if (address == null) {
      return;
    }
    out.add(new TcpListener(name, address, implicitTls, ctx.tls(), ctx.authenticator(),
        new SmtpHandler(engine, mode), limits, ctx.activity()));
  }
}
