package io.mailcove.web.view;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What every template gets besides its own values: the language and its strings, the theme, the logged-in account
 * (or none), the CSRF token that its forms send back, and the current path for the switches to return to.
 */
public final class Page {
  private final Messages messages;
  private final Language language;
  private final Theme theme;
  private final Viewer viewer;
  private final String csrfToken;
  private final String path;
  private final String hostname;
  private final boolean signupOpen;

  Page(Messages messages, Language language, Theme theme, Viewer viewer, String csrfToken, String path,
       String hostname, boolean signupOpen) {
    this.messages = messages;
    this.language = language;
    this.theme = theme;
    this.viewer = viewer;
    this.csrfToken = csrfToken;
    this.path = path;
    this.hostname = hostname;
    this.signupOpen = signupOpen;
  }

  /** The text of {@code key} in the page's language. */
  public String t(String key) {
    return messages.text(language, key);
  }

  /** The text of {@code key} with its {@code {0}}, {@code {1}} ... filled in. */
  public String t(String key, Object... args) {
    return messages.text(language, key, args);
  }

  public Language language() {
    return language;
  }

  public List<Language> languages() {
    return List.of(Language.values());
  }

  /** The {@code lang} attribute of the page. */
  public String lang() {
    return language.tag();
  }

  public Theme theme() {
    return theme;
  }

  public List<Theme> themes() {
    return List.of(Theme.values());
  }

  /** The logged-in account, or null. */
  public Viewer viewer() {
    return viewer;
  }

  public boolean loggedIn() {
    return viewer != null;
  }

  public boolean admin() {
    return viewer != null && viewer.admin();
  }

  /** The token every state-changing form sends as its {@code csrf} field (htmx: the X-CSRF-Token header). */
  public String csrfToken() {
    return csrfToken;
  }

  /** The value of the {@code hx-headers} attribute of the body, so that htmx requests carry the token. */
  public String htmxHeaders() {
    return "{\"X-CSRF-Token\": \"" + csrfToken + "\"}";
  }

  /** The current path and query. */
  public String path() {
    return path;
  }

  public String hostname() {
    return hostname;
  }

  /** Whether the sign-up link is shown: the policy is not "closed". */
  public boolean signupOpen() {
    return signupOpen;
  }

  /** The link that switches to {@code l} and comes back here. */
  public String languageLink(Language l) {
    return Preferences.PATH + "?lang=" + l.tag() + "&back=" + encode(path);
  }

  /** The link that switches to {@code t} and comes back here. */
  public String themeLink(Theme t) {
    return Preferences.PATH + "?theme=" + t.value() + "&back=" + encode(path);
  }

  /** {@code value} for a query parameter. */
  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
