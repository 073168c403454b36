package io.mailcove.web.view;

import java.util.Locale;

/** The languages of the pages: English (the default) and Simplified Chinese. */
public enum Language {
  EN("en", "English", Locale.ROOT),
  ZH_CN("zh-CN", "简体中文", Locale.SIMPLIFIED_CHINESE);

  private final String tag;
  private final String label;
  private final Locale bundleLocale;

  Language(String tag, String label, Locale bundleLocale) {
    this.tag = tag;
    this.label = label;
    this.bundleLocale = bundleLocale;
  }

  /** The BCP 47 tag: the {@code lang} attribute of the page and the value of the {@code lang} cookie. */
  public String tag() {
    return tag;
  }

  /** The language's name in itself, for the switch. */
  public String label() {
    return label;
  }

  Locale bundleLocale() {
    return bundleLocale;
  }

  /** The language of a {@code lang} cookie value, or null when it names none of ours. */
  public static Language ofTag(String tag) {
    for (Language l : values()) {
      if (l.tag.equalsIgnoreCase(tag)) {
        return l;
      }
    }
    return null;
  }

  /**
   * The language an {@code Accept-Language} field asks for (RFC 9110 §12.5.4): the first range by weight whose
   * primary language is one of ours; any Chinese (zh, zh-TW, zh-Hans, ...) gets Simplified Chinese, anything else
   * English.
   */
  public static Language ofAcceptLanguage(String header) {
    if (header == null || header.isBlank() || header.length() > 1000) {
      return EN;
    }
    try {
      for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
        if (range.getWeight() <= 0) {
          continue;
        }
        String primary = range.getRange().split("-", 2)[0];
        if (primary.equals("zh")) {
          return ZH_CN;
        }
        if (primary.equals("en")) {
          return EN;
        }
      }
    } catch (IllegalArgumentException e) {
      return EN; // malformed: the default
    }
    return EN;
  }
}
