package io.mailcove.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.server.Request;

/**
 * What the web listeners serve: exact paths and path prefixes, each with its handler, and the links the landing
 * page shows. The application assembly registers every feature here ({@code routes.page("/healthz", ...)}); a path
 * nobody registered is answered 404.
 *
 * <p>Handlers run on virtual threads and may block (read the body, call the store). They must complete the
 * callback, or return false for a 404.
 *
 * <p>On a public address the http listener redirects every path to https except {@link #PLAIN_HTTP}: what mail
 * clients, certificate authorities and sending servers fetch over plain HTTP.
 */
public final class Routes {
  /** Link shown on the landing page. */
  public record Link(String label, String path) {}

  /**
   * The body of the error responses under a prefix (an API answers its errors in its own format), given the
   * status; the server's own error page elsewhere.
   */
  public interface ErrorBody {
    String contentType();

    String render(int status);
  }

  /** Prefixes that plain HTTP serves itself instead of redirecting them to https (404 until a feature serves them). */
  public static final List<String> PLAIN_HTTP = List.of(
      "/.well-known/acme-challenge/", // ACME http-01 is fetched on port 80 (RFC 8555 §8.3)
      "/.well-known/mta-sts.txt", // the MTA-STS policy (RFC 8461 §3.3)
      "/.well-known/autoconfig/", // Thunderbird's autoconfiguration, also at /mail/config-v1.1.xml
      "/mail/config-v1.1.xml",
      "/autodiscover/"); // Outlook's autodiscover

  private final Map<String, Request.Handler> pages = new ConcurrentHashMap<>();
  private final List<Map.Entry<String, Request.Handler>> prefixes = new CopyOnWriteArrayList<>();
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final List<Map.Entry<String, ErrorBody>> errorBodies = new CopyOnWriteArrayList<>();

  /** Serves the exact {@code path} (such as {@code /healthz}) with {@code handler}. */
  public Routes page(String path, Request.Handler handler) {
    requirePath(path);
    if (pages.putIfAbsent(path, handler) != null) {
      throw new IllegalStateException("the path " + path + " is served twice");
    }
    return this;
  }

  /** Serves every path that starts with {@code prefix} (the longest registered prefix wins) with {@code handler}. */
  public Routes prefix(String prefix, Request.Handler handler) {
    requirePath(prefix);
    if (prefixes.stream().anyMatch(e -> e.getKey().equals(prefix))) {
      throw new IllegalStateException("the prefix " + prefix + " is served twice");
    }
    prefixes.add(Map.entry(prefix, handler));
    return this;
  }

  /** Answers the errors of the paths under {@code prefix} (413 from the body limit, 404, ...) with {@code body}. */
  public Routes errors(String prefix, ErrorBody body) {
    requirePath(prefix);
    errorBodies.add(Map.entry(prefix, body));
    return this;
  }

  /** The error body of {@code path}, or null for the server's own error page. */
  ErrorBody errorBody(String path) {
    for (Map.Entry<String, ErrorBody> e : errorBodies) {
      if (path.startsWith(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Adds a link to the landing page. */
  public Routes link(String label, String path) {
    requirePath(path);
    links.add(new Link(label, path));
    return this;
  }

  public List<Link> links() {
    return List.copyOf(links);
  }

  /** The handler of {@code path} (decoded, without the query), or null when nothing serves it. */
  Request.Handler find(String path) {
    Request.Handler exact = pages.get(path);
    if (exact != null) {
      return exact;
    }
    Map.Entry<String, Request.Handler> best = null;
    for (Map.Entry<String, Request.Handler> e : prefixes) {
      if (path.startsWith(e.getKey()) && (best == null || e.getKey().length() > best.getKey().length())) {
        best = e;
      }
    }
    return best == null ? null : best.getValue();
  }

  /** Whether plain HTTP serves {@code path} on a public address rather than redirect it to https. */
  static boolean servedOverPlainHttp(String path) {
    for (String p : PLAIN_HTTP) {
      if (path.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  private static void requirePath(String path) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("a path starts with /: " + path);
    }
  }
}
