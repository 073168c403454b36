package io.mailcove.api;

import io.mailcove.admin.AdminService;
import io.mailcove.pipeline.Pipeline;
import io.mailcove.server.ServerContext;
import io.mailcove.web.FixedPage;
import io.mailcove.web.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The REST API: JSON under {@code /api/v1/} with bearer tokens ({@link TokenAuth}), its OpenAPI 3 description at
 * {@code /api/openapi.json}, and its errors, those of the web server's own under {@code /api/} included, as
 * {@code {"error":{"code","message"}}}.
 */
public final class Api {
  static final String OPENAPI_RESOURCE = "/api/openapi.json";

  private final ApiHandler handler;
  private final String description;

  /**
   * @param maxBody the web listeners' body limit ({@code [web] max_body_size}): larger requests are refused (413)
   */
  public Api(ServerContext ctx, Pipeline pipeline, Supplier<AdminService> admin, long maxBody) {
    List<ApiRoute> routes = new ArrayList<>();
    new MailboxEndpoints(ctx.store().mail()).register(routes);
    new MessageEndpoints(ctx.store().mail(), ctx.store().blobs()).register(routes);
    new SendEndpoint(pipeline, ctx.store(), ctx.hostname(), ctx.clock()).register(routes);
    new WebhookEndpoints(admin).register(routes);
    new AdminEndpoints(admin).register(routes);
    TokenAuth auth = new TokenAuth(ctx.store().apiTokens(), ctx.store().directory(), ctx.authenticator(),
        ctx.clock());
    this.handler = new ApiHandler(routes, auth, maxBody, ctx.memoryBudget());
    this.description = description();
  }

  /** Registers the API's paths and error format in {@code routes}. */
  public void register(Routes routes) {
    routes.prefix("/api/v1/", handler);
    routes.page("/api/openapi.json", new FixedPage("application/json", "no-cache", description));
    routes.errors("/api/", new Routes.ErrorBody() {
      @Override
      public String contentType() {
        return "application/json";
      }

      @Override
      public String render(int status) {
        String code = ApiException.codeOf(status);
        String message = status == 413 ? "the body is larger than the server accepts ([web] max_body_size)"
            : "the request cannot be answered (HTTP " + status + ")";
        return new String(Json.error(code, message), StandardCharsets.UTF_8);
      }
    });
  }

  List<ApiRoute> routes() {
    return handler.routes();
  }

  static String description() {
    try (InputStream in = Api.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + OPENAPI_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
