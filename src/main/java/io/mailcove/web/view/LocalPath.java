package io.mailcove.web.view;

/**
 * A path to go back to after a form ({@code next}, {@code back}): only a path on this site is followed, so a link
 * cannot send a user who logs in to another site ("open redirect").
 */
public final class LocalPath {
  private LocalPath() {}

  /** {@code path} when it is a path of this site (starts with one /, no scheme, no backslash), else {@code orElse}. */
  public static String orElse(String path, String orElse) {
    if (path == null || path.isEmpty() || path.length() > 500 || path.charAt(0) != '/' || path.startsWith("//")
        || path.indexOf('\\') >= 0) {
      return orElse;
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x21 || c == 0x7f) {
        return orElse;
      }
    }
    return path;
  }
}
