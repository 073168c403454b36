package io.mailcove.api;

import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * The HTML of a message as the API hands it out: the OWASP sanitizer with a small policy of text formatting,
 * blocks, lists, tables and links (http, https, mailto; opened without referrer or opener). No script, style,
 * form, frame or image is left, so showing the result loads nothing from elsewhere (no tracking pixels).
 */
final class SafeHtml {
  private static final PolicyFactory POLICY = Sanitizers.FORMATTING.and(Sanitizers.BLOCKS)
      .and(Sanitizers.TABLES)
      .and(new HtmlPolicyBuilder()
          .allowElements("a")
          .allowUrlProtocols("http", "https", "mailto")
          .allowAttributes("href").onElements("a")
          .requireRelsOnLinks("noopener", "noreferrer", "nofollow")
          .allowElements("br", "hr", "pre", "code", "span", "div", "center")
          .toFactory());

  private SafeHtml() {}

  static String sanitize(String html) {
    return POLICY.sanitize(html);
  }
}
