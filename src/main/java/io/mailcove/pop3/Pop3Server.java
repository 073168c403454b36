package io.mailcove.pop3;

import io.mailcove.server.Connection;
import io.mailcove.server.ConnectionHandler;
import io.mailcove.server.ListenerSettings;
import io.mailcove.server.ServerContext;
import io.mailcove.server.Service;
import io.mailcove.server.TcpListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The POP3 listeners: "pop3" (port 110, STLS per RFC 2595) and "pop3s" (port 995, implicit TLS per RFC 8314).
 * Settings come from the {@code [pop3]} section ({@link Pop3Settings}).
 */
public final class Pop3Server implements ConnectionHandler {
  private final ServerContext ctx;
  private final Pop3Settings settings;

  Pop3Server(ServerContext ctx, Pop3Settings settings) {
    this.ctx = ctx;
    this.settings = settings;
  }

  public static List<Service> services(ServerContext ctx, ListenerSettings listeners, Pop3Settings settings) {
    Pop3Server handler = new Pop3Server(ctx, settings);
    List<Service> services = new ArrayList<>();
    InetSocketAddress plain = listeners.get("pop3");
    if (plain != null) {
      services.add(new TcpListener("pop3", plain, false, ctx.tls(), ctx.authenticator(), handler,
          ctx.defaultLimits(), ctx.activity()));
    }
    InetSocketAddress tls = listeners.get("pop3s");
    if (tls != null) {
      services.add(new TcpListener("pop3s", tls, true, ctx.tls(), ctx.authenticator(), handler,
          ctx.defaultLimits(), ctx.activity()));
    }
    return services;
  }

  @Override
  public void handle(Connection connection) throws IOException {
    new Pop3Session(ctx, settings, connection).run();
  }

  @Override
  public void refuse(Connection connection, Refusal reason) throws IOException {
    String text = switch (reason) {
      case BANNED -> "-ERR [SYS/TEMP] too many failed logins from your address, try again later";
      case TOO_MANY_CONNECTIONS -> "-ERR [SYS/TEMP] too many connections, try again later";
      case SHUTTING_DOWN -> "-ERR [SYS/TEMP] server is shutting down, try again later";
    };
    connection.writeLine(text);
    connection.flush();
  }
}
