package io.mailcove.smtp.client;

import java.io.IOException;
import java.io.InputStream;

/** The message bytes to send, which may be read more than once (retries on another host). */
public interface MessageContent {
  InputStream open() throws IOException;

  static MessageContent of(byte[] bytes) {
    return () -> new java.io.ByteArrayInputStream(bytes);
  }
}
