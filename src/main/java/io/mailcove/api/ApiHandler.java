package io.mailcove.api;

import io.mailcove.admin.AdminException;
import io.mailcove.log.Log;
import io.mailcove.server.MemoryBudget;
import io.mailcove.store.StoreException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Everything under {@code /api/v1/}: authenticates the bearer token, finds the route, checks its scope, runs the
 * endpoint and writes its reply; every refusal goes out as {@code {"error":{"code","message"}}}. Authentication
 * comes before routing, so an unauthenticated client learns nothing but 401.
 */
final class ApiHandler implements Request.Handler {
  private static final Log LOG = Log.of(ApiHandler.class);

  private final List<ApiRoute> routes;
  private final TokenAuth auth;
  private final long maxBody;
  private final MemoryBudget budget;

  ApiHandler(List<ApiRoute> routes, TokenAuth auth, long maxBody, MemoryBudget budget) {
    this.routes = List.copyOf(routes);
    this.auth = auth;
    this.maxBody = maxBody;
    this.budget = budget;
  }

  List<ApiRoute> routes() {
    return routes;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    Reply reply;
    try (ApiRequest api = new ApiRequest(request, Map.of(), maxBody, budget)) {
      reply = dispatch(request, path, api);
    }
    write(request, response, callback, reply);
    return true;
  }

  private Reply dispatch(Request request, String path, ApiRequest unrouted) {
    ApiRequest api = unrouted;
    try {
      Principal principal = auth.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION), unrouted.remote());
      String method = request.getMethod();
      ApiRoute route = null;
      Map<String, String> params = null;
      Set<String> allowed = new LinkedHashSet<>();
      for (ApiRoute r : routes) {
        Map<String, String> m = r.match(path);
        if (m != null) {
          allowed.add(r.method());
          if (r.method().equals(method) || HttpMethod.HEAD.is(method) && r.method().equals("GET")) {
            route = r;
            params = m;
            break;
          }
        }
      }
      if (route == null) {
        if (allowed.isEmpty()) {
          throw ApiException.notFound("no endpoint " + path);
        }
        Reply r = Reply.error(ApiException.methodNotAllowed(method + " is not allowed here; allowed: "
            + String.join(", ", allowed)));
        return new Reply(r.status(), r.contentType(), r.body(), Map.of("Allow", String.join(", ", allowed)));
      }
      principal.require(route.scope());
      api = new ApiRequest(request, params, maxBody, budget);
      api.principal(principal);
      try {
        return route.endpoint().handle(api);
      } finally {
        api.close();
      }
    } catch (ApiException e) {
      return Reply.error(e);
    } catch (AdminException e) {
      return Reply.error(ApiException.of(e));
    } catch (StoreException e) {
      return switch (e.code()) {
        case NOT_FOUND, NO_SUCH_MAILBOX -> Reply.error(ApiException.notFound(e.getMessage()));
        case QUOTA_EXCEEDED -> Reply.error(new ApiException(507, "quota_exceeded", e.getMessage()));
        case INVALID_MAILBOX_NAME, INVALID_ADDRESS -> Reply.error(ApiException.invalid(e.getMessage()));
        case MAILBOX_EXISTS, DUPLICATE, CANNOT_DELETE -> Reply.error(ApiException.conflict(e.getMessage()));
        default -> internal(path, e);
      };
    } catch (Exception e) {
      return internal(path, e);
    }
  }

  private static Reply internal(String path, Exception e) {
    LOG.warn("api.failed", e, "path", path);
    return Reply.error(new ApiException(500, "internal_error", "the server failed to answer this request"));
  }

  private static void write(Request request, Response response, Callback callback, Reply reply) {
    response.setStatus(reply.status());
    if (reply.contentType() != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
    }
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    reply.headers().forEach((k, v) -> response.getHeaders().put(k, v));
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
    if (HttpMethod.HEAD.is(request.getMethod()) || reply.body().length == 0) {
      response.write(true, null, callback);
    } else {
      response.write(true, ByteBuffer.wrap(reply.body()), callback);
    }
  }

  /** The routes' templates, for the description check. */
  List<String> describedPaths() {
    List<String> out = new ArrayList<>();
    for (ApiRoute r : routes) {
      out.add(r.method() + " " + r.openApiPath());
    }
    return out;
  }
}
