package io.mailcove.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailcove.admin.AdminService;
import io.mailcove.admin.WebhookAdmin;
import io.mailcove.admin.WebhookView;
import java.util.List;
import java.util.function.Supplier;

/**
 * Webhooks: {@code /api/v1/webhooks} for the token's own account (the read scope: they carry what arrives), and
 * {@code /api/v1/admin/webhooks} for those that hear of every account (the admin scope). The secret is in the
 * answer to the creation only.
 */
final class WebhookEndpoints {
  private final Supplier<AdminService> admin;

  WebhookEndpoints(Supplier<AdminService> admin) {
    this.admin = admin;
  }

  void register(List<ApiRoute> routes) {
    routes.add(new ApiRoute("GET", "/api/v1/webhooks", Scope.READ, r -> list(admin.get().webhooks().list(
        r.principal().actor(), r.principal().account().address()))));
    routes.add(new ApiRoute("POST", "/api/v1/webhooks", Scope.WRITE, r -> create(r, r.principal().account()
        .address())));
    routes.add(new ApiRoute("DELETE", "/api/v1/webhooks/{id}", Scope.WRITE, r -> {
      long id = id(r);
      boolean own = admin.get().webhooks().list(r.principal().actor(), r.principal().account().address()).stream()
          .anyMatch(w -> w.id() == id);
      if (!own) {
        throw ApiException.notFound("no webhook " + r.param("id"));
      }
      admin.get().webhooks().delete(r.principal().actor(), id);
      return Reply.noContent();
    }));
    routes.add(new ApiRoute("GET", "/api/v1/admin/webhooks", Scope.ADMIN,
        r -> list(admin.get().webhooks().listAll(r.principal().actor()))));
    routes.add(new ApiRoute("POST", "/api/v1/admin/webhooks", Scope.ADMIN, r -> create(r, null)));
    routes.add(new ApiRoute("DELETE", "/api/v1/admin/webhooks/{id}", Scope.ADMIN, r -> {
      admin.get().webhooks().delete(r.principal().actor(), id(r));
      return Reply.noContent();
    }));
  }

  private Reply create(ApiRequest r, String address) {
    ObjectNode b = r.json();
    Json.onlyFields(b, "url", "events");
    WebhookAdmin.Created c = admin.get().webhooks().create(r.principal().actor(), address, Json.requiredString(b, "url"),
        Json.strings(b, "events"));
    ObjectNode out = (ObjectNode) Json.tree(c.webhook());
    out.put("secret", c.secret());
    return Reply.json(201, out);
  }

  private static Reply list(List<WebhookView> hooks) {
    ObjectNode out = Json.object();
    out.set("items", Json.tree(hooks));
    return Reply.ok(out);
  }

  private static long id(ApiRequest r) {
    try {
      return Long.parseLong(r.param("id"));
    } catch (NumberFormatException e) {
      throw ApiException.notFound("no webhook " + r.param("id"));
    }
  }
}
