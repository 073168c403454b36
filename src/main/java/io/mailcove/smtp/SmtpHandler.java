package io.mailcove.smtp;

import io.mailcove.server.Connection;
import io.mailcove.server.ConnectionHandler;
import java.io.IOException;

/** Runs an {@link SmtpSession} for each connection of one listener, and refuses connections in SMTP's words. */
final class SmtpHandler implements ConnectionHandler {
  private final SmtpEngine engine;
  private final SmtpSession.Mode mode;

  SmtpHandler(SmtpEngine engine, SmtpSession.Mode mode) {
    this.engine = engine;
    this.mode = mode;
  }

  @Override
  public void handle(Connection connection) throws IOException {
    new SmtpSession(engine, connection, mode).run();
  }

  /** RFC 5321 §3.1: a server may refuse a connection with a 421 greeting (here 4.7.0: ban, too many). */
  @Override
  public void refuse(Connection connection, Refusal reason) throws IOException {
    String reply = switch (reason) {
      case BANNED -> Replies.BANNED;
      case TOO_MANY_CONNECTIONS -> Replies.TOO_MANY_CONNECTIONS;
      case SHUTTING_DOWN -> Replies.SHUTTING_DOWN;
    };
    connection.writeLine(reply.replaceFirst("^421 ", "421 " + engine.hostname() + " "));
    connection.flush();
  }
}
