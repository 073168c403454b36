package io.mailcove.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** TOTP (RFC 6238) against the test vectors of its Appendix B, the 6-digit codes apps show, and the ±1 step window. */
class TotpTest {
  private static final byte[] SHA1_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SHA256_KEY = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SHA512_KEY = ("1234567890123456789012345678901234567890123456789012345678901234")
      .getBytes(StandardCharsets.US_ASCII);

  /** RFC 6238 Appendix B: time (seconds), then the 8-digit TOTP of SHA-1, SHA-256 and SHA-512. */
  private static final Object[][] VECTORS = {
      {59L, "94287082", "46119246", "90693936"},
      {1111111109L, "07081804", "68084774", "25091201"},
      {1111111111L, "14050471", "67062674", "99943326"},
      {1234567890L, "89005924", "91819424", "93441116"},
      {2000000000L, "69279037", "90698825", "38618901"},
      {20000000000L, "65353130", "77737706", "47863826"},
  };

  @Test
  void appendixBVectors() {
    for (Object[] v : VECTORS) {
      long step = Totp.step(Instant.ofEpochSecond((Long) v[0]));
      assertThat(Totp.code(SHA1_KEY, step, "HmacSHA1", 8)).as("SHA1 at %s", v[0]).isEqualTo(v[1]);
      assertThat(Totp.code(SHA256_KEY, step, "HmacSHA256", 8)).as("SHA256 at %s", v[0]).isEqualTo(v[2]);
      assertThat(Totp.code(SHA512_KEY, step, "HmacSHA512", 8)).as("SHA512 at %s", v[0]).isEqualTo(v[3]);
      // the 6 digits apps show are the same truncation modulo 10^6
      assertThat(Totp.code(SHA1_KEY, step)).isEqualTo(((String) v[1]).substring(2));
    }
    // RFC 6238 Appendix B's T column for two of the rows
    assertThat(Totp.step(Instant.ofEpochSecond(1111111109L))).isEqualTo(0x23523EC);
    assertThat(Totp.step(Instant.ofEpochSecond(20000000000L))).isEqualTo(0x27BC86AA);
  }

  @Test
  void aCodeIsAcceptedOneStepEitherSideAndNoFurther() {
    Instant now = Instant.ofEpochSecond(1234567890L);
    long step = Totp.step(now);
    assertThat(Totp.matchingStep(SHA1_KEY, Totp.code(SHA1_KEY, step), now)).isEqualTo(step);
    assertThat(Totp.matchingStep(SHA1_KEY, Totp.code(SHA1_KEY, step - 1), now)).isEqualTo(step - 1);
    assertThat(Totp.matchingStep(SHA1_KEY, Totp.code(SHA1_KEY, step + 1), now)).isEqualTo(step + 1);
    assertThat(Totp.matchingStep(SHA1_KEY, Totp.code(SHA1_KEY, step - 2), now)).isEqualTo(-1);
    assertThat(Totp.matchingStep(SHA1_KEY, Totp.code(SHA1_KEY, step + 2), now)).isEqualTo(-1);
    assertThat(Totp.matchingStep(SHA1_KEY, "12345", now)).isEqualTo(-1);
    assertThat(Totp.matchingStep(SHA1_KEY, "abcdef", now)).isEqualTo(-1);
    assertThat(Totp.matchingStep(SHA1_KEY, null, now)).isEqualTo(-1);
  }

  @Test
  void base32RoundTripsAndOtpauthUri() {
    // RFC 4648 §10
    assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
    assertThat(new String(Base32.decode("mzxw6ytboi======"), StandardCharsets.US_ASCII)).isEqualTo("foobar");
    assertThat(Base32.decode("MZXW 6YTB OI")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
    assertThat(Base32.decode("MZ1W")).isNull();
    assertThat(TwoFactor.uri("mail.example.test", "al ice@example.test", "GEZDGNBV"))
        .isEqualTo("otpauth://totp/mail.example.test:al%20ice%40example.test?secret=GEZDGNBV"
            + "&issuer=mail.example.test&algorithm=SHA1&digits=6&period=30");
  }
}
