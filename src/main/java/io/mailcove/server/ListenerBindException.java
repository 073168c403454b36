package io.mailcove.server;

import java.io.IOException;
import java.net.InetSocketAddress;

/** A listener could not bind its address (in use, not permitted, not local); start-up reports the config key. */
public final class ListenerBindException extends IOException {
  private final String listener;
  private final InetSocketAddress address;

  public ListenerBindException(String listener, InetSocketAddress address, IOException cause) {
    super(listener + " cannot listen on " + address.getHostString() + ":" + address.getPort() + " ("
        + cause.getMessage() + ")", cause);
    this.listener = listener;
    this.address = address;
  }

  public String listener() {
    return listener;
  }

  public InetSocketAddress address() {
    return address;
  }
}
