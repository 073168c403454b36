package io.mailcove.admin;

import io.mailcove.store.SignupRequest;
import java.time.Instant;

/** A sign-up waiting for approval: the address asked for, and from where and when (never the password). */
public record SignupRequestView(long id, String address, String ip, Instant created) {
  static SignupRequestView of(SignupRequest r) {
    return new SignupRequestView(r.id(), r.address(), r.ip(), r.created());
  }
}
