package io.mailcove.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.admin.AccountView;
import io.mailcove.store.Role;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Paging and search of the console's account list. */
class AccountPageTest {
  private static final List<AccountView> ACCOUNTS = IntStream.range(0, 1000)
      .mapToObj(i -> new AccountView(String.format("user%04d@%s", i, i % 2 == 0 ? "even.test" : "odd.test"),
          Role.USER, 0, false, Instant.EPOCH))
      .toList();

  @Test
  void pagesOfFifty() {
    AccountPage first = AccountPage.of(ACCOUNTS, "", 1);
    assertThat(first.total()).isEqualTo(1000);
    assertThat(first.pages()).isEqualTo(20);
    assertThat(first.accounts()).hasSize(50).first().extracting(AccountView::address)
        .isEqualTo("user0000@even.test");
    assertThat(first.hasPrevious()).isFalse();
    assertThat(first.hasNext()).isTrue();

    AccountPage last = AccountPage.of(ACCOUNTS, null, 20);
    assertThat(last.accounts()).hasSize(50).last().extracting(AccountView::address).isEqualTo("user0999@odd.test");
    assertThat(last.hasNext()).isFalse();
    assertThat(AccountPage.of(ACCOUNTS, "", 99).page()).as("past the end: the last page").isEqualTo(20);
    assertThat(AccountPage.of(ACCOUNTS, "", -3).page()).isEqualTo(1);
  }

  @Test
  void searchInAnyCase() {
    AccountPage odd = AccountPage.of(ACCOUNTS, "  ODD.test ", 1);
    assertThat(odd.query()).isEqualTo("ODD.test");
    assertThat(odd.total()).isEqualTo(500);
    assertThat(odd.accounts()).allMatch(a -> a.address().endsWith("@odd.test"));
    assertThat(odd.link(2)).isEqualTo("/admin/accounts?page=2&q=ODD.test");

    AccountPage one = AccountPage.of(ACCOUNTS, "user0042", 1);
    assertThat(one.accounts()).extracting(AccountView::address).containsExactly("user0042@even.test");
    assertThat(one.pages()).isEqualTo(1);
    assertThat(AccountPage.of(ACCOUNTS, "nobody", 1).accounts()).isEmpty();
  }
}
