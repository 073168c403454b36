package io.mailcove.pipeline;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The message as the message-stage checks and delivery see it: its bytes as received (in memory, or spooled to a
 * file when large; never copied here) and its header section, read once when the message arrives (RFC 5322 §2.2:
 * From fields and their values, Date, Message-ID, whether the section is over the limit).
 */
public final class Message {
  /** Largest header section accepted (as Exim's header_maxsize); larger: 552 5.3.4. */
  static final int HEADER_LIMIT = 1024 * 1024;

  private final MessageBuffer content;
  private final HeaderSection headers;

  private Message(MessageBuffer content, HeaderSection headers) {
    this.content = content;
    this.headers = headers;
  }

  /** Reads the header section of {@code content}: from its array when in memory, else streamed from its file. */
  static Message parse(MessageBuffer content) throws IOException {
    try (InputStream in = content.inMemory() ? content.open() : new BufferedInputStream(content.open(), 8192)) {
      return new Message(content, HeaderSection.scan(in, HEADER_LIMIT, true));
    }
  }

  /** The bytes, as received (a check may rewrite them, see {@link LocalSenderMark}). */
  public MessageBuffer content() {
    return content;
  }

  public long size() {
    return content.size();
  }

  /** More header bytes than {@link #HEADER_LIMIT}: nothing past the limit was read. */
  public boolean headerTooLarge() {
    return headers.tooLarge();
  }

  /** How many From fields (RFC 5322 §3.6.2). */
  public int fromFields() {
    return headers.fromFields();
  }

  /** The unfolded values of the From fields. */
  public List<String> fromValues() {
    return headers.fromValues();
  }

  public boolean hasDate() {
    return headers.hasDate();
  }

  public boolean hasMessageId() {
    return headers.hasMessageId();
  }
}
