package io.mailcove.api;

/** The scopes of API tokens (see {@code admin.TokenAdmin}). */
final class Scope {
  static final String READ = "read";
  static final String WRITE = "write";
  static final String SEND = "send";
  static final String ADMIN = "admin";

  private Scope() {}
}
