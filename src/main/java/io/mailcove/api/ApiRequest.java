package io.mailcove.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailcove.server.MemoryBudget;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * One API request as the endpoints see it: the principal, the path's parameters, the query, and the body, read
 * once, bounded by the body limit and reserved in the process-wide {@link MemoryBudget} while it is held (released
 * by {@link #close}).
 */
final class ApiRequest implements AutoCloseable {
  private static final int CHUNK = 64 * 1024;

  private final Request request;
  private final Map<String, String> params;
  private final long maxBody;
  private final MemoryBudget budget;
  private Principal principal;
  private Fields query;
  private long reserved;

  ApiRequest(Request request, Map<String, String> params, long maxBody, MemoryBudget budget) {
    this.request = request;
    this.params = params;
    this.maxBody = maxBody;
    this.budget = budget;
  }

  String method() {
    return request.getMethod();
  }

  String param(String name) {
    return params.get(name);
  }

  Principal principal() {
    return principal;
  }

  void principal(Principal p) {
    this.principal = p;
  }

  InetAddress remote() {
    return request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress a
        ? a.getAddress() : InetAddress.getLoopbackAddress();
  }

  /** A query parameter, or null. */
  String query(String name) {
    if (query == null) {
      query = Request.extractQueryParameters(request);
    }
    return query.getValue(name);
  }

  /** The body as a JSON object: 415 unless it is declared {@code application/json}, 400 unless it parses. */
  ObjectNode json() {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    String mime = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!mime.equals("application/json")) {
      throw ApiException.unsupportedMediaType("send the body as Content-Type: application/json"
          + (type == null ? "" : " (not " + type + ")"));
    }
    return Json.parseObject(body());
  }

  /** The whole body, at most the body limit (413 past it). */
  byte[] body() {
    long declared = request.getLength();
    if (declared > maxBody) {
      throw ApiException.tooLarge("the body is larger than " + maxBody + " bytes ([web] max_body_size)");
    }
    byte[] buf = new byte[0];
    int used = 0;
    try (InputStream in = Content.Source.asInputStream(request)) {
      while (true) {
        if (used == buf.length) {
          int grown = (int) Math.min(maxBody + 1, Math.max(CHUNK, declared > 0 ? declared + 1 : (long) buf.length * 2));
          if (grown <= buf.length) {
            throw ApiException.tooLarge("the body is larger than " + maxBody + " bytes ([web] max_body_size)");
          }
          reserve(grown - buf.length);
          buf = Arrays.copyOf(buf, grown);
        }
        int n = in.read(buf, used, buf.length - used);
        if (n < 0) {
          break;
        }
        used += n;
        if (used > maxBody) {
          throw ApiException.tooLarge("the body is larger than " + maxBody + " bytes ([web] max_body_size)");
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiException a) {
        throw a;
      }
      if (status(e) == 413) {
        throw ApiException.tooLarge("the body is larger than " + maxBody + " bytes ([web] max_body_size)");
      }
      throw ApiException.badJson("the body could not be read: " + e.getMessage());
    }
    return used == buf.length ? buf : Arrays.copyOf(buf, used);
  }

  /** Reserves {@code bytes} of the budget for this request (503 when the server has no room now). */
  void reserve(long bytes) {
    if (!budget.tryReserve(bytes)) {
      throw ApiException.busy("the server is short of memory for this request now; try again later");
    }
    reserved += bytes;
  }

  private static int status(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpException h) {
        return h.getCode();
      }
    }
    return 0;
  }

  @Override
  public void close() {
    if (reserved > 0) {
      budget.release(reserved);
      reserved = 0;
    }
  }
}
