package io.mailcove.srs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SRS addresses as libsrs2 and postsrsd make them: the expected values come from postsrsd's own unit test
 * ({@code tests/unit/test_srs2.c}: secret "tops3cr3t", 2020-01-01 00:01:00 UTC), so a bounce to an address either
 * of them made verifies here and the other way round.
 */
class SrsTest {
  private static final Instant POSTSRSD_TIME = Instant.ofEpochSecond(1577836860L);

  @TempDir
  Path dir;

  private static Srs at(Instant when, String... secrets) {
    return new Srs(List.of(secrets), Clock.fixed(when, ZoneOffset.UTC));
  }

  @Test
  void forwardAndReverseMatchPostsrsd() throws Exception {
    Srs srs = at(POSTSRSD_TIME, "tops3cr3t");
    assertThat(srs.forward("test@otherdomain.com", "example.com"))
        .isEqualTo("SRS0=vmyz=2W=otherdomain.com=test@example.com");
    assertThat(srs.reverse("SRS0=vmyz=2W=otherdomain.com=test@example.com")).isEqualTo("test@otherdomain.com");
    assertThatThrownBy(() -> srs.reverse("test@example.com")).isInstanceOf(Srs.InvalidAddress.class)
        .hasMessageContaining("not a well-formed SRS address");
  }

  @Test
  void aLocalPartWithSeparatorsSurvives() throws Exception {
    Srs srs = at(Instant.now(), "secret");
    String forwarded = srs.forward("a=b+tag@Sender.Example", "fwd.example");
    assertThat(forwarded).matches("SRS0=[A-Za-z0-9+/]{4}=[A-Z2-7]{2}=Sender\\.Example=a=b\\+tag@fwd\\.example");
    assertThat(srs.reverse(forwarded)).isEqualTo("a=b+tag@Sender.Example");
  }

  @Test
  void hashTimestampAndTagAreCaseInsensitive() throws Exception {
    Srs srs = at(POSTSRSD_TIME, "tops3cr3t");
    // some relays change the case of local parts: the hash is over lower-cased data and compared ignoring case
    assertThat(srs.reverse("srs0=VMYZ=2w=OtherDomain.COM=TEST@example.com")).isEqualTo("TEST@OtherDomain.COM");
    assertThat(srs.reverse("SRS0=vmyz=2W=otherdomain.com=test@example.com".toLowerCase(Locale.ROOT)))
        .isEqualTo("test@otherdomain.com");
    assertThat(srs.reverse("SRS0=VmYz=2W=otherdomain.com=test@example.com".toUpperCase(Locale.ROOT)))
        .isEqualTo("TEST@OTHERDOMAIN.COM");
  }

  @Test
  void forgedOrDamagedAddressesAreRefused() {
    Srs srs = at(POSTSRSD_TIME, "tops3cr3t");
    assertThatThrownBy(() -> srs.reverse("SRS0=vmyx=2W=otherdomain.com=test@example.com"))
        .hasMessageContaining("SRS hash does not match");
    // the hash covers the original address: changing it breaks the hash
    assertThatThrownBy(() -> srs.reverse("SRS0=vmyz=2W=otherdomain.com=admin@example.com"))
        .hasMessageContaining("SRS hash does not match");
    assertThatThrownBy(() -> srs.reverse("SRS0=vmyz=2W=evil.example=test@example.com"))
        .hasMessageContaining("SRS hash does not match");
    // another server's secret
    assertThatThrownBy(() -> at(POSTSRSD_TIME, "other").reverse("SRS0=vmyz=2W=otherdomain.com=test@example.com"))
        .hasMessageContaining("SRS hash does not match");
    assertThatThrownBy(() -> srs.reverse("SRS0=vmy=2W=otherdomain.com=test@example.com"))
        .hasMessageContaining("SRS hash too short");
    assertThatThrownBy(() -> srs.reverse("SRS0=vmyz=2!=otherdomain.com=test@example.com"))
        .hasMessageContaining("SRS timestamp malformed");
    assertThatThrownBy(() -> srs.reverse("SRS0=vmyz=2W=otherdomain.com@example.com"))
        .hasMessageContaining("not a well-formed SRS address");
    assertThatThrownBy(() -> srs.reverse("SRS0=vmyz@example.com")).hasMessageContaining("not a well-formed");
  }

  @Test
  void bouncesAreAcceptedForTwentyOneDaysOnly() throws Exception {
    String address = at(POSTSRSD_TIME, "s").forward("someone@elsewhere.example", "fwd.example");
    Duration day = Duration.ofDays(1);
    assertThat(at(POSTSRSD_TIME.plus(day.multipliedBy(21)), "s").reverse(address))
        .isEqualTo("someone@elsewhere.example");
    assertThatThrownBy(() -> at(POSTSRSD_TIME.plus(day.multipliedBy(22)), "s").reverse(address))
        .hasMessageContaining("SRS address expired");
    // a stamp from "tomorrow" is one from 1023 days ago: expired too
    assertThatThrownBy(() -> at(POSTSRSD_TIME.minus(day), "s").reverse(address))
        .hasMessageContaining("SRS address expired");
    // the day counter wraps every 1024 days: an address made on day 1023 is still good on day 1024 + 3
    Instant lastSlot = Instant.ofEpochSecond(86400L * 1023);
    String old = at(lastSlot, "s").forward("x@y.example", "fwd.example");
    assertThat(old).contains("=77=");
    assertThat(at(lastSlot.plus(day.multipliedBy(4)), "s").reverse(old)).isEqualTo("x@y.example");
  }

  @Test
  void reForwardingAnSrsAddressMakesSrs1PointingAtTheFirstForwarder() throws Exception {
    Srs first = at(POSTSRSD_TIME, "tops3cr3t");
    Srs second = at(POSTSRSD_TIME, "second-secret");
    Srs third = at(POSTSRSD_TIME, "third-secret");
    String srs0 = first.forward("test@otherdomain.com", "example.com");
    String srs1 = second.forward(srs0, "second.example");
    assertThat(srs1).matches("SRS1=[A-Za-z0-9+/]{4}=example\\.com==vmyz=2W=otherdomain\\.com=test@second\\.example");
    // a bounce to the second forwarder goes straight back to the first one's SRS0 address
    assertThat(second.reverse(srs1)).isEqualTo(srs0);
    assertThat(first.reverse(second.reverse(srs1))).isEqualTo("test@otherdomain.com");
    // a third forwarder keeps the first forwarder and its SRS0 part; only the hash is its own
    String again = third.forward(srs1, "third.example");
    assertThat(again).matches("SRS1=[A-Za-z0-9+/]{4}=example\\.com==vmyz=2W=otherdomain\\.com=test@third\\.example");
    assertThat(third.reverse(again)).isEqualTo(srs0);
    assertThatThrownBy(() -> second.reverse(again)).hasMessageContaining("SRS hash does not match");
    String tampered = srs1.replace("=example.com==", "=evil.example==");
    assertThatThrownBy(() -> second.reverse(tampered)).hasMessageContaining("SRS hash does not match");
  }

  @Test
  void rewriteLeavesTheNullSenderAndOurOwnDomainsAlone() {
    Srs srs = at(POSTSRSD_TIME, "tops3cr3t");
    assertThat(srs.rewrite("", "example.com", d -> false)).isEmpty();
    assertThat(srs.rewrite("boss@example.com", "example.com", d -> d.equalsIgnoreCase("example.com")))
        .isEqualTo("boss@example.com");
    assertThat(srs.rewrite("test@otherdomain.com", "example.com", d -> d.equals("example.com")))
        .isEqualTo("SRS0=vmyz=2W=otherdomain.com=test@example.com");
  }

  @Test
  void anOldSecretOnALaterLineStillVerifies() throws Exception {
    String made = at(POSTSRSD_TIME, "old-secret").forward("a@b.example", "fwd.example");
    Srs rotated = at(POSTSRSD_TIME, "new-secret", "old-secret");
    assertThat(rotated.reverse(made)).isEqualTo("a@b.example");
    assertThat(rotated.forward("a@b.example", "fwd.example")).isNotEqualTo(made); // new addresses use the first
  }

  @Test
  void theSecretIsMadeOnceAndReadableByTheOwnerOnly() throws Exception {
    Clock clock = Clock.fixed(POSTSRSD_TIME, ZoneOffset.UTC);
    Srs first = SrsSecrets.load(dir, clock);
    Path file = dir.resolve(SrsSecrets.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    String secret = Files.readString(file).strip();
    assertThat(java.util.Base64.getDecoder().decode(secret)).hasSize(32);
    String address = first.forward("a@b.example", "fwd.example");
    // the next start reads the same secret: its bounces still verify
    assertThat(SrsSecrets.load(dir, clock).reverse(address)).isEqualTo("a@b.example");
    assertThat(Files.readString(file).strip()).isEqualTo(secret);
    // a file made readable by others is restricted again
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    SrsSecrets.load(dir, clock);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    // a postsrsd secret file works as it is
    Files.writeString(file, "tops3cr3t\n");
    assertThat(SrsSecrets.load(dir, clock).reverse("SRS0=vmyz=2W=otherdomain.com=test@example.com"))
        .isEqualTo("test@otherdomain.com");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(SrsSecrets.FILE_NAME);
    }
  }
}
