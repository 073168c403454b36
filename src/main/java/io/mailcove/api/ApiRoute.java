package io.mailcove.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One endpoint: method, path template, the scope it needs, and what it does. A template's segments are literal or
 * {@code {param}} (one segment); {@code {param+}} takes one or more segments, slashes included, as much as the
 * rest of the template leaves (a mailbox name such as {@code Archive/2026}).
 */
record ApiRoute(String method, String template, String scope, Endpoint endpoint) {
  interface Endpoint {
    Reply handle(ApiRequest request) throws Exception;
  }

  /** The template as OpenAPI writes it ({@code {name+}} as {@code {name}}). */
  String openApiPath() {
    return template.replace("+}", "}");
  }

  /** The parameters of {@code path} when it fits the template, else null. */
  Map<String, String> match(String path) {
    return match(segments(template), 0, segments(path), 0, new HashMap<>());
  }

  private static Map<String, String> match(List<String> t, int ti, List<String> p, int pi, Map<String, String> out) {
    if (ti == t.size()) {
      return pi == p.size() ? out : null;
    }
    String seg = t.get(ti);
    if (seg.startsWith("{") && seg.endsWith("+}")) {
      String name = seg.substring(1, seg.length() - 2);
      int rest = t.size() - ti - 1;
      for (int end = p.size() - rest; end > pi; end--) {
        Map<String, String> copy = new HashMap<>(out);
        copy.put(name, String.join("/", p.subList(pi, end)));
        Map<String, String> m = match(t, ti + 1, p, end, copy);
        if (m != null) {
          return m;
        }
      }
      return null;
    }
    if (pi == p.size()) {
      return null;
    }
    if (seg.startsWith("{") && seg.endsWith("}")) {
      if (p.get(pi).isEmpty()) {
        return null;
      }
      out.put(seg.substring(1, seg.length() - 1), p.get(pi));
      return match(t, ti + 1, p, pi + 1, out);
    }
    return seg.equals(p.get(pi)) ? match(t, ti + 1, p, pi + 1, out) : null;
  }

  private static List<String> segments(String path) {
    return List.of(path.substring(1).split("/", -1));
  }
}
