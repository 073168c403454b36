package io.mailcove.api;

import io.mailcove.admin.AdminException;

/**
 * A request the API refuses: the HTTP status, a stable code a program can act on, and a message for a person. Sent
 * as {@code {"error":{"code":"...","message":"..."}}}.
 */
final class ApiException extends RuntimeException {
  private final int status;
  private final String code;

  ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  static ApiException badJson(String message) {
    return new ApiException(400, "invalid_json", message);
  }

  /** RFC 6750 §3.1: no token, or one that is not valid. */
  static ApiException unauthenticated(String message) {
    return new ApiException(401, "unauthenticated", message);
  }

  static ApiException scope(String scope) {
    return new ApiException(403, "insufficient_scope", "this token lacks the \"" + scope + "\" scope");
  }

  static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  static ApiException methodNotAllowed(String message) {
    return new ApiException(405, "method_not_allowed", message);
  }

  static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message);
  }

  static ApiException tooLarge(String message) {
    return new ApiException(413, "payload_too_large", message);
  }

  static ApiException unsupportedMediaType(String message) {
    return new ApiException(415, "unsupported_media_type", message);
  }

  static ApiException invalid(String message) {
    return new ApiException(422, "validation_failed", message);
  }

  static ApiException tooManyFailures(String message) {
    return new ApiException(429, "too_many_requests", message);
  }

  static ApiException busy(String message) {
    return new ApiException(503, "server_busy", message);
  }

  /** The admin service's refusals, with the statuses of the same meaning. */
  static ApiException of(AdminException e) {
    return switch (e.kind()) {
      case NOT_FOUND -> notFound(e.getMessage());
      case INVALID -> invalid(e.getMessage());
      case CONFLICT -> conflict(e.getMessage());
      case FORBIDDEN -> forbidden(e.getMessage());
    };
  }

  /** The code of an error the server wrote before any endpoint ran (the body limit, an unknown path). */
  static String codeOf(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthenticated";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "payload_too_large";
      case 415 -> "unsupported_media_type";
      case 422 -> "validation_failed";
      case 429 -> "too_many_requests";
      case 503 -> "server_busy";
      default -> status >= 500 ? "internal_error" : "bad_request";
    };
  }
}
