package io.mailcove.web;

import io.mailcove.testing.Python;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** curl as the web tests' client: one request, its status line, header fields (names in lower case) and body. */
record Curl(String version, int status, Map<String, String> headers, String body, String trace) {
  private static final String MARK = "\n--curl-end--\n";

  /** Runs {@code curl -sS -D - [args] url}; the body follows the header section. */
  static Curl fetch(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "-D", "-", "-w",
        MARK + "%{http_version} %{http_code}"));
    cmd.addAll(List.of(args));
    Python.Result r = Python.exec(cmd);
    if (r.exit() != 0) {
      throw new IOException("curl failed (" + r.exit() + "): " + r.out());
    }
    String out = r.out();
    int end = out.lastIndexOf(MARK);
    String[] summary = out.substring(end + MARK.length()).trim().split(" ");
    String response = out.substring(0, end);
    // with -D - and a redirect or 100-continue, several header sections may come: keep the last one
    int headerEnd = response.indexOf("\r\n\r\n");
    String headerSection = response.substring(0, headerEnd);
    String body = response.substring(headerEnd + 4);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : headerSection.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("HTTP/")) {
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
    }
    return new Curl(summary[0], Integer.parseInt(summary[1]), headers, body, out);
  }

  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }
}
