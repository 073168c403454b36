package io.mailcove.imap;

import io.mailcove.server.ConnectionHandler;
import io.mailcove.server.ListenerSettings;
import io.mailcove.server.ServerContext;
import io.mailcove.server.Service;
import io.mailcove.server.TcpListener;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** The IMAP listeners: "imap" (143, STARTTLS, RFC 9051 §6.2.1) and "imaps" (993, implicit TLS, RFC 8314). */
public final class ImapServer {
  private ImapServer() {}

  public static List<Service> services(ServerContext ctx, ListenerSettings listeners, ImapSettings settings) {
    TcpListener.Limits limits = ctx.limits(settings.maxConnections(), settings.maxConnectionsPerIp());
    List<Service> services = new ArrayList<>();
    InetSocketAddress plain = listeners.get("imap");
    SearchIndexService index = null;
    if (plain != null || listeners.get("imaps") != null) {
      index = new SearchIndexService(ctx);
      services.add(index); // started before, stopped after the listeners
    }
    ImapContext imap = new ImapContext(ctx, settings, index);
    if (plain != null) {
      services.add(new TcpListener("imap", plain, false, ctx.tls(), ctx.authenticator(), handler(imap, false),
          limits, ctx.activity()));
    }
    InetSocketAddress tls = listeners.get("imaps");
    if (tls != null) {
      services.add(new TcpListener("imaps", tls, true, ctx.tls(), ctx.authenticator(), handler(imap, true),
          limits, ctx.activity()));
    }
    return services;
  }

  private static ConnectionHandler handler(ImapContext imap, boolean implicitTls) {
    return new ConnectionHandler() {
      @Override
      public void handle(io.mailcove.server.Connection connection) throws java.io.IOException {
        new ImapSession(imap, connection).run();
      }

      @Override
      public void refuse(io.mailcove.server.Connection connection, Refusal reason) throws java.io.IOException {
        // RFC 9051 §7.1.5: BYE as greeting refuses the connection
        String text = switch (reason) {
          case BANNED -> "* BYE [UNAVAILABLE] Too many failed logins from your address, try again later";
          case TOO_MANY_CONNECTIONS -> "* BYE [UNAVAILABLE] Too many connections";
          case SHUTTING_DOWN -> "* BYE [UNAVAILABLE] Server shutting down";
        };
        connection.writeLine(text);
        connection.flush();
      }
    };
  }
}
