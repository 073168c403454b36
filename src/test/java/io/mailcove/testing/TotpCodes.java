package io.mailcove.testing;

import io.mailcove.auth.Base32;
import io.mailcove.auth.Totp;
import java.time.Instant;

/** The code an authenticator app shows for a base32 TOTP secret, computed in a test as the app would. */
public final class TotpCodes {
  private TotpCodes() {}

  public static String now(String base32Secret) {
    return at(base32Secret, Instant.now());
  }

  public static String at(String base32Secret, Instant time) {
    return Totp.code(Base32.decode(base32Secret), Totp.step(time));
  }
}
