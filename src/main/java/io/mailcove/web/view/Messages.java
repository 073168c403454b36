package io.mailcove.web.view;

import java.text.MessageFormat;
import java.util.EnumMap;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The visible strings of the pages, from the resource bundles {@code i18n/messages.properties} (English) and
 * {@code i18n/messages_zh_CN.properties} (UTF-8). Keys are prefixed by the part of the door that owns them
 * ({@code common.}, {@code login.}, {@code signup.}, {@code account.}, ...). A missing key shows as
 * {@code ??key??} rather than failing the page; a test keeps both bundles complete.
 */
public final class Messages {
  static final String BUNDLE = "i18n.messages";

  private final Map<Language, ResourceBundle> bundles = new EnumMap<>(Language.class);

  public Messages() {
    ResourceBundle.Control noFallback = ResourceBundle.Control.getNoFallbackControl(
        ResourceBundle.Control.FORMAT_PROPERTIES);
    for (Language l : Language.values()) {
      bundles.put(l, ResourceBundle.getBundle(BUNDLE, l.bundleLocale(), Messages.class.getClassLoader(),
          noFallback));
    }
  }

  /** The text of {@code key} in {@code language}; with {@code args}, a {@link MessageFormat} pattern filled in. */
  public String text(Language language, String key, Object... args) {
    String pattern;
    try {
      pattern = bundles.get(language).getString(key);
    } catch (MissingResourceException e) {
      return "??" + key + "??";
    }
    if (args.length == 0) {
      return pattern;
    }
    return new MessageFormat(pattern, language.bundleLocale()).format(args);
  }

  /** The keys of {@code language}'s bundle (with those it inherits from the English one). */
  public java.util.Set<String> keys(Language language) {
    return bundles.get(language).keySet();
  }
}
