package io.mailcove.store;

import java.io.IOException;
import java.io.InputStream;

/**
 * Content-addressed message bytes. After {@link #put} returns, the bytes are readable, and they are durable no later
 * than any store write made afterwards (the row that refers to them): the embedded store commits small blobs in the
 * database together with the next group commit, and writes larger ones to a temp file, fsync'd, renamed to
 * {@code ab/cd/<sha256>}, directory fsync'd, before returning. Storing the same bytes twice keeps one copy.
 */
public interface BlobStore {
  BlobRef put(InputStream in) throws IOException;

  BlobRef put(byte[] bytes) throws IOException;

  InputStream open(String id) throws IOException;

  byte[] read(String id) throws IOException;

  boolean exists(String id);

  /** Removes blobs no message or queue entry refers to; returns how many were removed. */
  int collectGarbage() throws IOException;
}
