package io.mailcove.web.view;

import io.mailcove.web.Pages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The files under {@code /static/}: style sheets, scripts (htmx included, with its licence) and images, from the
 * {@code web/static/} folder of the jar. They change only with a new build, so browsers keep them a day and then
 * revalidate with their ETag (304 Not Modified, RFC 9110 §13.1.2). The few small files read are kept once read.
 */
public final class StaticFiles implements Request.Handler {
  public static final String PREFIX = "/static/";
  private static final String FOLDER = "web/static/";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");
  private static final Map<String, String> TYPES = Map.of(
      "css", "text/css; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "svg", "image/svg+xml",
      "png", "image/png",
      "ico", "image/x-icon",
      "txt", "text/plain; charset=utf-8",
      "LICENSE", "text/plain; charset=utf-8");

  private record File(byte[] bytes, String type, String etag) {}

  private final Map<String, File> read = new ConcurrentHashMap<>();

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String name = Request.getPathInContext(request).substring(PREFIX.length());
    File file = NAME.matcher(name).matches() ? find(name) : null;
    if (file == null) {
      return false;
    }
    if (Pages.refuseUnlessGet(request, response, callback)) {
      return true;
    }
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=86400");
    response.getHeaders().put(HttpHeader.ETAG, file.etag());
    String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
    if (ifNoneMatch != null && (ifNoneMatch.contains(file.etag()) || ifNoneMatch.trim().equals("*"))) {
      response.setStatus(HttpStatus.NOT_MODIFIED_304);
      response.write(true, null, callback);
      return true;
    }
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, file.type());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, file.bytes().length);
    if (HttpMethod.HEAD.is(request.getMethod())) {
      response.write(true, null, callback);
    } else {
      response.write(true, ByteBuffer.wrap(file.bytes()), callback);
    }
    return true;
  }

  private File find(String name) {
    File known = read.get(name);
    if (known != null) {
      return known;
    }
    String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
    if (type == null) {
      return null;
    }
    try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        return null;
      }
      byte[] bytes = in.readAllBytes();
      File file = new File(bytes, type, "\"" + HexFormat.of().formatHex(sha256(bytes), 0, 12) + "\"");
      read.put(name, file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
