package io.mailcove.mime;

import java.util.Map;

/**
 * Renders IMAP BODYSTRUCTURE (with extension data) and BODY (without) from a parsed {@link MimePart}
 * (RFC 9051 §7.5.2, grammar in §9: body-type-1part, body-type-mpart, body-ext-1part, body-ext-mpart).
 * A text part without parameters reports {@code ("charset" "us-ascii")} (RFC 2045 §5.2 default); a multipart
 * without parts reports one empty text/plain part, since the grammar requires at least one.
 */
public final class ImapBodyStructure {
  static final String EMPTY_PART = "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0)";
  static final String EMPTY_PART_EXT =
      "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0 NIL NIL NIL NIL)";

  private ImapBodyStructure() {}

  public static String render(MimePart part, boolean extended) {
    StringBuilder sb = new StringBuilder(256);
    append(sb, part, extended);
    return sb.toString();
  }

  static void append(StringBuilder sb, MimePart part, boolean ext) {
    ContentType ct = part.contentType;
    Header h = part.header;
    if (ct.isMultipart()) {
      sb.append('(');
      if (part.children.isEmpty()) {
        sb.append(ext ? EMPTY_PART_EXT : EMPTY_PART);
      }
      for (MimePart child : part.children) {
        append(sb, child, ext);
      }
      sb.append(' ');
      ImapStrings.appendString(sb, ct.subtype());
      if (ext) {
        // body-ext-mpart = body-fld-param [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc]]]
        sb.append(' ');
        appendParams(sb, ct.params(), false);
        appendDispositionLanguageLocation(sb, h);
      }
      sb.append(')');
      return;
    }
    sb.append('(');
    ImapStrings.appendString(sb, ct.type());
    sb.append(' ');
    ImapStrings.appendString(sb, ct.subtype());
    sb.append(' ');
    appendParams(sb, ct.params(), ct.isText());
    // body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP body-fld-octets
    sb.append(' ');
    ImapStrings.appendNString(sb, h.get("Content-ID"));
    sb.append(' ');
    ImapStrings.appendNString(sb, h.get("Content-Description"));
    sb.append(' ');
    String cte = h.get("Content-Transfer-Encoding");
    ImapStrings.appendString(sb, cte == null || cte.isBlank() ? "7bit" : cte.trim());
    sb.append(' ').append(part.bodySize());
    if (part.message != null) {
      // body-type-msg = media-message SP body-fields SP envelope SP body SP body-fld-lines
      sb.append(' ');
      ImapEnvelope.append(sb, part.message.header);
      sb.append(' ');
      append(sb, part.message, ext);
      sb.append(' ').append(part.bodyLines());
    } else if (ct.isText()) {
      sb.append(' ').append(part.bodyLines());
    }
    if (ext) {
      // body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc]]]
      sb.append(' ');
      ImapStrings.appendNString(sb, h.get("Content-MD5"));
      appendDispositionLanguageLocation(sb, h);
    }
    sb.append(')');
  }

  private static void appendDispositionLanguageLocation(StringBuilder sb, Header h) {
    sb.append(' ');
    ContentType dsp = ContentType.parseDisposition(h.get("Content-Disposition"));
    if (dsp == null) {
      sb.append("NIL");
    } else {
      sb.append('(');
      ImapStrings.appendString(sb, dsp.type());
      sb.append(' ');
      appendParams(sb, dsp.params(), false);
      sb.append(')');
    }
    sb.append(' ');
    appendLanguage(sb, h.get("Content-Language"));
    sb.append(' ');
    String loc = h.get("Content-Location");
    ImapStrings.appendNString(sb, loc == null ? null : loc.replaceAll("[ \t]+", ""));
  }

  /** body-fld-lang = nstring / "(" string *(SP string) ")"; RFC 3282 language tags separated by commas. */
  private static void appendLanguage(StringBuilder sb, String value) {
    if (value == null) {
      sb.append("NIL");
      return;
    }
    String cleaned = value.replaceAll("\\([^)]*\\)", " ");
    String[] tags = cleaned.split("[,\\s]+");
    StringBuilder list = new StringBuilder();
    int n = 0;
    for (String tag : tags) {
      if (tag.isEmpty()) {
        continue;
      }
      if (n++ > 0) {
        list.append(' ');
      }
      ImapStrings.appendString(list, tag);
    }
    if (n == 0) {
      sb.append("NIL");
    } else {
      sb.append('(').append(list).append(')');
    }
  }

  /** body-fld-param = "(" string SP string *(SP string SP string) ")" / nil. */
  private static void appendParams(StringBuilder sb, Map<String, String> params, boolean text) {
    if (params.isEmpty()) {
      sb.append(text ? "(\"charset\" \"us-ascii\")" : "NIL");
      return;
    }
    sb.append('(');
    boolean first = true;
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (!first) {
        sb.append(' ');
      }
      first = false;
      ImapStrings.appendString(sb, e.getKey());
      sb.append(' ');
      ImapStrings.appendString(sb, e.getValue());
    }
    sb.append(')');
  }
}
