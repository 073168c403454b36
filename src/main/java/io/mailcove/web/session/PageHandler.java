package io.mailcove.web.session;

/** A page or endpoint of the door, given the request with its user (see {@link WebSessions}). */
@FunctionalInterface
public interface PageHandler {
  void handle(WebRequest request) throws Exception;
}
