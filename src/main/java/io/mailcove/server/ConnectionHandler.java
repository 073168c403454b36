package io.mailcove.server;

import java.io.IOException;

/** A protocol's session loop for one connection, run on its own thread (see {@link ConnectionThreads}). */
public interface ConnectionHandler {
  enum Refusal { BANNED, TOO_MANY_CONNECTIONS, SHUTTING_DOWN }

  void handle(Connection connection) throws IOException;

  /** Tells the client in the protocol's words why it is refused, before the connection is closed. */
  void refuse(Connection connection, Refusal reason) throws IOException;
}
