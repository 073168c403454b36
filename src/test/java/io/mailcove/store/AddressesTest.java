package io.mailcove.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "Me@Example.COM                 | me@example.com",
      "first.last@example.com         | first.last@example.com",
      "o'brien+tag@example.com        | o'brien+tag@example.com",
      "user@bücher.example            | user@xn--bcher-kva.example",
      "user@XN--BCHER-KVA.example     | user@xn--bcher-kva.example",
      "\"john\"@example.com           | john@example.com",
      "\"John Doe\"@example.com       | \"john doe\"@example.com",
      "\"a\\\"b\"@example.com         | \"a\\\"b\"@example.com",
      "Jörg@Example.com               | jörg@example.com",
      "x@localhost                    | x@localhost",
      "x@Mail-1.Example-2.COM         | x@mail-1.example-2.com",
  })
  void canonicalForms(String input, String expected) {
    assertThat(Addresses.canonical(input)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "plain", "@example.com", "@a,@b:user@example.com", "user%other@example.com", "host!user@example.com",
      ".lead@example.com", "trail.@example.com", "two..dots@example.com", "me@", "me@exa mple.com",
      "me@[192.0.2.1]", "me@example..com", "me@-bad.example", "me@bad-.example", "me@a.-b.example", "me@ex_ample.com", "me@example.com.", "a b@example.com",
      "\"unterminated@example.com", "\"a@b\"@example.com", "\"a%b\"@example.com", "<me@example.com>",
      "me@@example.com", "\"\"@example.com",
  })
  void refusedForms(String input) {
    assertThatThrownBy(() -> Addresses.canonical(input)).isInstanceOf(StoreException.class)
        .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(StoreException.Code.INVALID_ADDRESS))
        .hasMessageNotContaining("null");
    assertThat(Addresses.isValid(input)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {65, 100})
  void overlongLocalPartIsRefused(int length) {
    assertThatThrownBy(() -> Addresses.canonical("a".repeat(length) + "@example.com"))
        .hasMessageContaining("64 octets");
    assertThat(Addresses.canonical("a".repeat(64) + "@example.com")).startsWith("aaaa");
  }

  @ParameterizedTest
  @ValueSource(strings = {"x", "a.b"})
  void overlongDomainLabelIsRefused(String suffix) {
    assertThat(Addresses.isValid("me@" + "d".repeat(64) + "." + suffix)).isFalse();
    assertThat(Addresses.isValid("me@" + "d".repeat(63) + "." + suffix)).isTrue();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "me+shop@example.com | me@example.com",
      "me+a+b@example.com  | me@example.com",
      "me@example.com      | me@example.com",
      "+only@example.com   | +only@example.com",
  })
  void tagStripping(String input, String expected) {
    assertThat(Addresses.stripTag(input)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "@Example.com   | @example.com",
      "@bücher.example | @xn--bcher-kva.example",
      "Sales@example.com | sales@example.com",
  })
  void aliasSources(String input, String expected) {
    assertThat(Addresses.canonicalAliasSource(input)).isEqualTo(expected);
    assertThat(Addresses.isCatchAll(expected)).isEqualTo(expected.startsWith("@"));
  }
}
