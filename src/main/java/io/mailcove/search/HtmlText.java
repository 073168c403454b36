package io.mailcove.search;

/**
 * HTML to plain text for indexing: tags removed (a tag counts as white space), script and style content dropped,
 * common character references decoded.
 */
final class HtmlText {
  private HtmlText() {}

  static String strip(String html) {
    StringBuilder out = new StringBuilder(html.length() / 2);
    int n = html.length();
    int i = 0;
    while (i < n) {
      char c = html.charAt(i);
      if (c == '<' && html.startsWith("<!--", i)) {
        int end = html.indexOf("-->", i + 4);
        i = end < 0 ? n : end + 3;
        out.append(' ');
      } else if (c == '<') {
        int close = indexOf(html, '>', i + 1);
        if (close < 0) {
          break;
        }
        String tag = tagName(html, i + 1, close);
        i = close + 1;
        if (tag.equals("script") || tag.equals("style")) {
          int end = indexOfIgnoreCase(html, "</" + tag, i);
          i = end < 0 ? n : end;
        }
        out.append(' ');
      } else if (c == '&') {
        int semi = indexOf(html, ';', i + 1);
        if (semi > 0 && semi - i <= 10) {
          String entity = html.subSequence(i + 1, semi).toString();
          String decoded = entity(entity);
          if (decoded != null) {
            out.append(decoded);
            i = semi + 1;
            continue;
          }
        }
        out.append(c);
        i++;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static String tagName(CharSequence s, int from, int to) {
    int i = from;
    if (i < to && s.charAt(i) == '/') {
      return "/";
    }
    int start = i;
    while (i < to && Character.isLetterOrDigit(s.charAt(i))) {
      i++;
    }
    return s.subSequence(start, i).toString().toLowerCase(java.util.Locale.ROOT);
  }

  private static String entity(String e) {
    switch (e.toLowerCase(java.util.Locale.ROOT)) {
      case "amp": return "&";
      case "lt": return "<";
      case "gt": return ">";
      case "quot": return "\"";
      case "apos": return "'";
      case "nbsp": return " ";
      default: break;
    }
    try {
      if (e.startsWith("#x") || e.startsWith("#X")) {
        return new String(Character.toChars(Integer.parseInt(e.substring(2), 16)));
      }
      if (e.startsWith("#")) {
        return new String(Character.toChars(Integer.parseInt(e.substring(1))));
      }
    } catch (IllegalArgumentException ex) {
      return null;
    }
    return null;
  }

  private static int indexOf(CharSequence s, char c, int from) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfIgnoreCase(String s, String what, int from) {
    int n = s.length() - what.length();
    for (int i = Math.max(0, from); i <= n; i++) {
      if (s.charAt(i) == '<' && s.regionMatches(true, i, what, 0, what.length())) {
        return i;
      }
    }
    return -1;
  }
}
