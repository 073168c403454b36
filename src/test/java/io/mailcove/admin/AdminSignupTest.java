package io.mailcove.admin;

import static io.mailcove.admin.AdminFixture.BOSS;
import static io.mailcove.admin.AdminFixture.LOCAL;
import static io.mailcove.admin.AdminFixture.ME;
import static io.mailcove.admin.AdminFixture.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.auth.PasswordHasher;
import io.mailcove.store.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sign-up operations of the admin service: who may do what, single-use invites, approval. */
class AdminSignupTest {
  private static final String PASSWORD = "a-good-long-password";

  @TempDir
  Path dir;
  AdminFixture f;
  SignupAdmin signups;

  @BeforeEach
  void open() {
    f = new AdminFixture(dir);
    signups = f.admin.signups();
  }

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void onlyAdministratorsManageSignup() {
    refused(AdminException.Kind.FORBIDDEN, "not an administrator", () -> signups.setDomainOpen(ME, "example.com",
        true));
    refused(AdminException.Kind.FORBIDDEN, "not an administrator", () -> signups.createInvite(ME, "", null));
    refused(AdminException.Kind.FORBIDDEN, "not an administrator", () -> signups.invites(ME));
    refused(AdminException.Kind.FORBIDDEN, "not an administrator", () -> signups.requests(ME));
    refused(AdminException.Kind.FORBIDDEN, "not an administrator", () -> signups.approve(ME, 1));
    refused(AdminException.Kind.FORBIDDEN, "not an administrator", () -> signups.reject(ME, 1));
    refused(AdminException.Kind.FORBIDDEN, "not an administrator", () -> signups.revokeInvite(ME, 1));
    assertThat(signups.setDomainOpen(BOSS, "EXAMPLE.com", true)).containsExactly("example.com");
    refused(AdminException.Kind.NOT_FOUND, "unknown domain", () -> signups.setDomainOpen(BOSS, "other.test", true));
  }

  @Test
  void addressChecks() {
    assertThat(signups.checkAddress("carol", "example.com")).isEqualTo(AddressCheck.DOMAIN_CLOSED);
    signups.setDomainOpen(LOCAL, "example.com", true);
    assertThat(signups.checkAddress("carol", "example.com")).isEqualTo(AddressCheck.OK);
    assertThat(signups.checkAddress("Carol", "Example.COM")).isEqualTo(AddressCheck.OK);
    assertThat(signups.checkAddress("me", "example.com")).isEqualTo(AddressCheck.TAKEN);
    assertThat(signups.checkAddress("postmaster", "example.com")).isEqualTo(AddressCheck.RESERVED);
    for (String bad : new String[] {"", ".carol", "carol.", "ca..rol", "ca rol", "carol+tag", "a".repeat(65),
        "carol@x", "é"}) {
      assertThat(signups.checkAddress(bad, "example.com")).as(bad).isEqualTo(AddressCheck.INVALID);
    }
    assertThat(signups.checkAddress("a".repeat(64), "example.com")).isEqualTo(AddressCheck.OK);
    assertThat(signups.checkAddress("carol", "not a domain")).isEqualTo(AddressCheck.DOMAIN_CLOSED);
    assertThat(signups.checkPassword("short".toCharArray(), "carol@example.com"))
        .isEqualTo(PasswordPolicy.Problem.TOO_SHORT);
    assertThat(signups.checkPassword("carol@example.com".toCharArray(), "carol@example.com"))
        .isEqualTo(PasswordPolicy.Problem.IS_ADDRESS);
    assertThat(signups.checkPassword(PASSWORD.toCharArray(), "carol@example.com")).isNull();
  }

  @Test
  void anInviteMakesOneAccount() {
    signups.setDomainOpen(LOCAL, "example.com", true);
    NewInvite invite = signups.createInvite(BOSS, "for carol", Duration.ofHours(1));
    assertThat(invite.invite().createdBy()).isEqualTo("boss@example.com");
    assertThat(invite.invite().status(Instant.now())).isEqualTo(InviteView.Status.UNUSED);
    AccountView carol = signups.signUpWithInvite("carol", "example.com", PASSWORD.toCharArray(), invite.code());
    assertThat(carol.address()).isEqualTo("carol@example.com");
    assertThat(carol.role()).isEqualTo(Role.USER);
    assertThat(PasswordHasher.verify(f.store.directory().account("carol@example.com").orElseThrow().passwordHash(),
        PASSWORD.toCharArray())).isTrue();
    assertThat(signups.invites(LOCAL).get(0).status(Instant.now())).isEqualTo(InviteView.Status.USED);
    refused(AdminException.Kind.INVALID, "invite", () -> signups.signUpWithInvite("dave", "example.com",
        PASSWORD.toCharArray(), invite.code()));
    // an address that is taken does not use a code up
    NewInvite second = signups.createInvite(LOCAL, "", null);
    refused(AdminException.Kind.CONFLICT, "taken", () -> signups.signUpWithInvite("carol", "example.com",
        PASSWORD.toCharArray(), second.code()));
    refused(AdminException.Kind.INVALID, "too weak", () -> signups.signUpWithInvite("dave", "example.com",
        "short".toCharArray(), second.code()));
    assertThat(signups.invites(LOCAL).get(0).usedBy()).isNull();
    refused(AdminException.Kind.INVALID, "365 days", () -> signups.createInvite(LOCAL, "", Duration.ofDays(366)));
    refused(AdminException.Kind.INVALID, "one line", () -> signups.createInvite(LOCAL, "a\nb", null));
  }

  @Test
  void approvalMakesTheAccountWithThePasswordChosen() {
    signups.setDomainOpen(LOCAL, "example.com", true);
    SignupRequestView r = signups.requestSignUp("carol", "example.com", PASSWORD.toCharArray(), "192.0.2.1");
    assertThat(f.store.directory().account("carol@example.com")).isEmpty();
    refused(AdminException.Kind.CONFLICT, "taken", () -> signups.requestSignUp("carol", "example.com",
        PASSWORD.toCharArray(), "192.0.2.1"));
    assertThat(signups.requests(BOSS)).containsExactly(r);
    AccountView carol = signups.approve(BOSS, r.id());
    assertThat(carol.role()).isEqualTo(Role.USER);
    assertThat(PasswordHasher.verify(f.store.directory().account("carol@example.com").orElseThrow().passwordHash(),
        PASSWORD.toCharArray())).isTrue();
    assertThat(signups.requests(BOSS)).isEmpty();
    refused(AdminException.Kind.NOT_FOUND, "no sign-up request", () -> signups.approve(BOSS, r.id()));

    SignupRequestView dave = signups.requestSignUp("dave", "example.com", PASSWORD.toCharArray(), "192.0.2.2");
    assertThat(signups.reject(LOCAL, dave.id()).address()).isEqualTo("dave@example.com");
    assertThat(f.store.directory().account("dave@example.com")).isEmpty();
  }
}
