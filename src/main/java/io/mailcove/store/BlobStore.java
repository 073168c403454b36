package io.mailcove.store;

import java.io.IOException;
import java.io.InputStream;

/**
 * Content-addressed message bytes. {@link #put} returns only once the bytes are durable
 * (written to a temp file, fsync'd, renamed to {@code ab/cd/<sha256>}, directory fsync'd). Storing the same bytes
 * twice keeps one copy.
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
