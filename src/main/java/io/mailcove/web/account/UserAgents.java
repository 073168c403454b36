package io.mailcove.web.account;

import java.util.Locale;

/**
 * A short name for the device of a session from its User-Agent ("Firefox · Linux", "Safari · iOS"), so that a
 * person recognises their browsers in the session list. Unknown agents are shown as they are, shortened.
 */
final class UserAgents {
  private static final int MAX_SHOWN = 60;

  private UserAgents() {}

  static String describe(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return "?";
    }
    String ua = userAgent.toLowerCase(Locale.ROOT);
    String browser = browser(ua);
    String system = system(ua);
    if (browser == null) {
      return userAgent.length() > MAX_SHOWN ? userAgent.substring(0, MAX_SHOWN) + "…" : userAgent;
    }
    return system == null ? browser : browser + " · " + system;
  }

  private static String browser(String ua) {
    if (ua.contains("edg/") || ua.contains("edga/") || ua.contains("edgios/")) {
      return "Edge";
    }
    if (ua.contains("opr/") || ua.contains("opera")) {
      return "Opera";
    }
    if (ua.contains("firefox/") || ua.contains("fxios/")) {
      return "Firefox";
    }
    if (ua.contains("chromium/")) {
      return "Chromium";
    }
    if (ua.contains("chrome/") || ua.contains("crios/")) {
      return "Chrome";
    }
    if (ua.contains("safari/")) {
      return "Safari";
    }
    if (ua.startsWith("curl/")) {
      return "curl";
    }
    if (ua.startsWith("java-http-client") || ua.startsWith("java/")) {
      return "Java";
    }
    return null;
  }

  private static String system(String ua) {
    if (ua.contains("android")) {
      return "Android";
    }
    if (ua.contains("iphone") || ua.contains("ipad")) {
      return "iOS";
    }
    if (ua.contains("windows")) {
      return "Windows";
    }
    if (ua.contains("mac os x") || ua.contains("macintosh")) {
      return "macOS";
    }
    if (ua.contains("cros")) {
      return "ChromeOS";
    }
    if (ua.contains("linux")) {
      return "Linux";
    }
    return null;
  }
}
