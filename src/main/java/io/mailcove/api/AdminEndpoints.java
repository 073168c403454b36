package io.mailcove.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailcove.admin.AdminService;
import io.mailcove.admin.Actor;
import io.mailcove.config.Units;
import io.mailcove.store.Role;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code /api/v1/admin/...}: domains, accounts, aliases, the outbound queue and bans, for tokens with the admin
 * scope of accounts that hold the admin role. Every operation goes through the {@link AdminService} as the
 * token's account, so it is validated as on the command line and the role is checked again there.
 */
final class AdminEndpoints {
  private static final String BASE = "/api/v1/admin";

  private final Supplier<AdminService> admin;

  AdminEndpoints(Supplier<AdminService> admin) {
    this.admin = admin;
  }

  void register(List<ApiRoute> routes) {
    routes.add(route("GET", "/domains", r -> list(admin.get().domains().list(actor(r)))));
    routes.add(route("POST", "/domains", r -> {
      ObjectNode b = r.json();
      Json.onlyFields(b, "name");
      return created(admin.get().domains().add(actor(r), Json.requiredString(b, "name")));
    }));
    routes.add(route("GET", "/domains/{name}", r -> one(admin.get().domains().show(actor(r), r.param("name")))));
    routes.add(route("DELETE", "/domains/{name}", r -> one(admin.get().domains().remove(actor(r), r.param("name"),
        "true".equals(r.query("force"))))));

    routes.add(route("GET", "/accounts", r -> list(admin.get().accounts().list(actor(r), r.query("domain")))));
    routes.add(route("POST", "/accounts", this::createAccount));
    routes.add(route("GET", "/accounts/{address}", r -> one(admin.get().accounts().show(actor(r), r.param("address")))));
    routes.add(route("PATCH", "/accounts/{address}", this::changeAccount));
    routes.add(route("DELETE", "/accounts/{address}", r -> one(admin.get().accounts().delete(actor(r),
        r.param("address")))));

    routes.add(route("GET", "/aliases", r -> list(admin.get().aliases().list(actor(r), r.query("domain")))));
    routes.add(route("POST", "/aliases", r -> {
      ObjectNode b = r.json();
      Json.onlyFields(b, "source", "targets");
      return created(admin.get().aliases().add(actor(r), Json.requiredString(b, "source"), Json.strings(b, "targets")));
    }));
    routes.add(route("GET", "/aliases/{source}", r -> one(admin.get().aliases().show(actor(r), r.param("source")))));
    routes.add(route("DELETE", "/aliases/{source}", r -> {
      admin.get().aliases().remove(actor(r), r.param("source"), List.of());
      return Reply.noContent();
    }));

    routes.add(route("GET", "/queue", r -> list(admin.get().queue().list(actor(r)))));
    routes.add(route("GET", "/queue/{id}", r -> one(admin.get().queue().show(actor(r), id(r)))));
    routes.add(route("POST", "/queue/{id}/retry", r -> {
      ObjectNode out = Json.object();
      out.put("recipients", admin.get().queue().retry(actor(r), id(r)));
      return Reply.ok(out);
    }));
    routes.add(route("DELETE", "/queue/{id}", r -> one(admin.get().queue().delete(actor(r), id(r)))));

    routes.add(route("GET", "/bans", r -> list(admin.get().bans().list(actor(r)))));
    routes.add(route("POST", "/bans", r -> {
      ObjectNode b = r.json();
      Json.onlyFields(b, "ip", "duration", "reason");
      String d = Json.string(b, "duration");
      Duration length = d == null ? Duration.ofDays(1) : Units.parseDuration(d);
      if (length == null) {
        throw ApiException.invalid("\"duration\" \"" + d + "\" is not a duration such as 2h or 7d");
      }
      return created(admin.get().bans().add(actor(r), Json.requiredString(b, "ip"), length, Json.string(b, "reason")));
    }));
    routes.add(route("DELETE", "/bans/{ip}", r -> one(admin.get().bans().remove(actor(r), r.param("ip")))));
  }

  private Reply createAccount(ApiRequest r) {
    ObjectNode b = r.json();
    Json.onlyFields(b, "address", "password", "role", "quota_bytes");
    char[] password = Json.requiredString(b, "password").toCharArray();
    Long quota = Json.integer(b, "quota_bytes");
    try {
      return created(admin.get().accounts().create(actor(r), Json.requiredString(b, "address"), password,
          role(Json.string(b, "role")), quota == null ? 0 : quota));
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private Reply changeAccount(ApiRequest r) {
    ObjectNode b = r.json();
    Json.onlyFields(b, "password", "role", "quota_bytes", "disabled");
    String address = r.param("address");
    Actor actor = actor(r);
    admin.get().accounts().show(actor, address); // 404 before anything changes
    String password = Json.string(b, "password");
    String role = Json.string(b, "role");
    Long quota = Json.integer(b, "quota_bytes");
    Boolean disabled = Json.bool(b, "disabled");
    if (password != null) {
      char[] p = password.toCharArray();
      try {
        admin.get().accounts().setPassword(actor, address, p);
      } finally {
        Arrays.fill(p, '\0');
      }
    }
    if (role != null) {
      admin.get().accounts().setRole(actor, address, role(role));
    }
    if (quota != null) {
      admin.get().accounts().setQuota(actor, address, quota);
    }
    if (disabled != null) {
      admin.get().accounts().setDisabled(actor, address, disabled);
    }
    return one(admin.get().accounts().show(actor, address));
  }

  private static Role role(String name) {
    if (name == null) {
      return Role.USER;
    }
    try {
      return Role.valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("\"role\" is user or admin, not \"" + name + "\"");
    }
  }

  private static long id(ApiRequest r) {
    try {
      return Long.parseLong(r.param("id"));
    } catch (NumberFormatException e) {
      throw ApiException.notFound("no queued message " + r.param("id"));
    }
  }

  private static Actor actor(ApiRequest r) {
    return r.principal().actor();
  }

  private static ApiRoute route(String method, String path, ApiRoute.Endpoint endpoint) {
    return new ApiRoute(method, BASE + path, Scope.ADMIN, endpoint);
  }

  private static Reply list(List<?> items) {
    ObjectNode out = Json.object();
    out.set("items", Json.tree(items));
    return Reply.ok(out);
  }

  private static Reply one(Object item) {
    return Reply.ok(Json.tree(item));
  }

  private static Reply created(Object item) {
    return Reply.json(201, Json.tree(item));
  }
}
