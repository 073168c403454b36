package io.mailcove.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.auth.ApiTokens;
import io.mailcove.store.Store;
import io.mailcove.store.sqlite.SqliteStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailcove token create|list|revoke}: the token is printed once and stored only as its hash. */
class CliTokenTest {
  @TempDir
  Path dir;

  @Test
  void createListAndRevoke() {
    Cli cli = new Cli(dir, "");
    assertThat(cli.run("domain", "add", "example.com").code()).isZero();
    Cli.Result user = cli.runWithStdin("ann-long-password\n", "user", "add", "ann@example.com");
    assertThat(user.code()).as(user.err()).isZero();

    Cli.Result created = cli.run("token", "create", "ann@example.com", "--name", "ci", "--scope", "read");
    assertThat(created.code()).as(created.err()).isZero();
    String token = created.out().strip();
    assertThat(ApiTokens.looksLikeToken(token)).as(token).isTrue();
    assertThat(created.messages()).singleElement().asString().contains("\"ci\" of ann@example.com (read)").contains("shown only this once");
    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      assertThat(store.apiTokens().byHash(ApiTokens.hash(token))).isPresent();
    }

    Cli.Result list = cli.run("token", "list", "ann@example.com");
    assertThat(list.out()).contains("ci  read  created ").contains("last used never").doesNotContain(token);

    Cli.Result admin = cli.run("token", "create", "ann@example.com", "--scope", "read,admin");
    assertThat(admin.error()).contains("admin role");
    assertThat(cli.run("token", "create", "ann@example.com", "--scope", "delete").error())
        .contains("unknown scope \"delete\"");
    assertThat(cli.run("token", "create", "nobody@example.com").error()).contains("no account nobody@example.com");

    String id = list.out().strip().split(" ")[0];
    Cli.Result revoked = cli.run("token", "revoke", "ann@example.com", id);
    assertThat(revoked.out()).contains("revoked token " + id + " \"ci\" of ann@example.com");
    assertThat(cli.run("token", "list", "ann@example.com").out()).contains("no tokens");
    assertThat(cli.run("token", "revoke", "ann@example.com", id).error()).contains("has no token " + id);
  }
}
