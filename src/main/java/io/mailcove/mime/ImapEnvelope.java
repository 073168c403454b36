package io.mailcove.mime;

import java.util.List;

/**
 * Renders the IMAP ENVELOPE of a header (RFC 9051 §7.5.2): date, subject, from, sender, reply-to, to, cc, bcc,
 * in-reply-to, message-id. Header values are sent unfolded and undecoded (encoded-words stay as they are); Sender
 * and Reply-To default to From when absent or empty; an empty address list is NIL.
 */
public final class ImapEnvelope {
  private ImapEnvelope() {}

  public static String render(Header h) {
    StringBuilder sb = new StringBuilder(256);
    append(sb, h);
    return sb.toString();
  }

  static void append(StringBuilder sb, Header h) {
    List<AddressParser.Address> from = AddressParser.parse(h.get("From"));
    List<AddressParser.Address> sender = AddressParser.parse(h.get("Sender"));
    List<AddressParser.Address> replyTo = AddressParser.parse(h.get("Reply-To"));
    sb.append('(');
    ImapStrings.appendNString(sb, h.get("Date"));
    sb.append(' ');
    ImapStrings.appendNString(sb, h.get("Subject"));
    sb.append(' ');
    appendAddresses(sb, from);
    sb.append(' ');
    appendAddresses(sb, sender.isEmpty() ? from : sender);
    sb.append(' ');
    appendAddresses(sb, replyTo.isEmpty() ? from : replyTo);
    sb.append(' ');
    appendAddresses(sb, AddressParser.parse(h.get("To")));
    sb.append(' ');
    appendAddresses(sb, AddressParser.parse(h.get("Cc")));
    sb.append(' ');
    appendAddresses(sb, AddressParser.parse(h.get("Bcc")));
    sb.append(' ');
    ImapStrings.appendNString(sb, h.get("In-Reply-To"));
    sb.append(' ');
    ImapStrings.appendNString(sb, h.get("Message-ID"));
    sb.append(')');
  }

  /** {@code "(" 1*address ")"} or NIL; address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")". */
  static void appendAddresses(StringBuilder sb, List<AddressParser.Address> list) {
    if (list.isEmpty()) {
      sb.append("NIL");
      return;
    }
    sb.append('(');
    for (AddressParser.Address a : list) {
      sb.append('(');
      ImapStrings.appendNString(sb, a.name());
      sb.append(' ');
      ImapStrings.appendNString(sb, a.route());
      sb.append(' ');
      ImapStrings.appendNString(sb, a.mailbox());
      sb.append(' ');
      ImapStrings.appendNString(sb, a.host());
      sb.append(')');
    }
    sb.append(')');
  }
}
