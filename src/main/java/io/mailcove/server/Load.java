package io.mailcove.server;

/** What background work that can wait (full-text indexing) yields to: client activity and busy processors. */
public interface Load {
  /** Nanoseconds since a client last sent something. */
  long quietNanos();

  /** Idle processor capacity in cores, sampled over {@code sampleMillis}. */
  double spareCores(long sampleMillis) throws InterruptedException;
}
