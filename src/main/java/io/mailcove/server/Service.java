package io.mailcove.server;

import java.io.IOException;
import java.net.InetSocketAddress;

/** Something the server starts and stops: a listener, the outbound courier, a maintenance task. */
public interface Service {
  String name();

  void start() throws IOException;

  void stop();

  /** The bound address for the start-up banner, or null for a service that does not listen. */
  default InetSocketAddress address() {
    return null;
  }
}
