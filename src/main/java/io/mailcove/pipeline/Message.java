package io.mailcove.pipeline;

import io.mailcove.mime.AddressParser;
import io.mailcove.mime.Header;
import io.mailcove.mime.ParsedMessage;
import java.io.IOException;
import java.util.List;

/**
 * The message as the message-stage checks and delivery see it: its bytes as received (in memory, or spooled to a
 * file when large; never copied here) and its model ({@link ParsedMessage}), parsed once while the bytes arrived:
 * the header fields with their raw bytes and offsets, the decoded From, Date, Message-ID..., the 8-bit flag.
 */
public final class Message {
  /** Largest header section accepted (as Exim's header_maxsize); larger: 552 5.3.4. */
  static final int HEADER_LIMIT = ParsedMessage.HEADER_LIMIT;

  private final MessageBuffer content;

  private Message(MessageBuffer content) {
    this.content = content;
  }

  /** The message whose every byte is in {@code content}: its model is the one built while it was written. */
  static Message of(MessageBuffer content) throws IOException {
    content.finish();
    return new Message(content);
  }

  /** The bytes, as received (a check may rewrite them, see {@link LocalSenderMark}). */
  public MessageBuffer content() {
    return content;
  }

  /** The parsed model of the bytes {@link #content()} holds now. */
  public ParsedMessage parsed() {
    return content.parsed();
  }

  public Header header() {
    return parsed().header();
  }

  public long size() {
    return content.size();
  }

  /** More header bytes than {@link #HEADER_LIMIT}: nothing past the limit was kept. */
  public boolean headerTooLarge() {
    return parsed().headerTooLarge();
  }

  /** How many From fields (RFC 5322 §3.6.2). */
  public int fromFields() {
    return parsed().fromFields();
  }

  /** The mailboxes of the From fields (RFC 5322 §3.6.2), groups flattened. */
  public List<AddressParser.Address> from() {
    return header().from();
  }

  public boolean hasDate() {
    return header().get("Date") != null;
  }

  public boolean hasMessageId() {
    return header().get("Message-ID") != null;
  }
}
