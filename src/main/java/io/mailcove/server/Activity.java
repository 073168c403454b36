package io.mailcove.server;

/**
 * When a client last sent the server something (a command line of any protocol). Background work that can wait,
 * such as full-text indexing, asks {@link #quietNanos()} and yields to the clients while they are being served.
 */
public final class Activity {
  private volatile long last = System.nanoTime();

  /** Records that a client sent a line just now. */
  public void touch() {
    last = System.nanoTime();
  }

  /** Nanoseconds since a client last sent a line. */
  public long quietNanos() {
    return System.nanoTime() - last;
  }
}
