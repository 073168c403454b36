package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Codecs behind the parser: modified UTF-7 (RFC 3501 §5.1.3), LIST wildcards, sequence sets, literal markers. */
class ImapCodecTest {
  @Test
  void modifiedUtf7RoundTrip() {
    // examples from RFC 3501 §5.1.3
    assertThat(MailboxCodec.decodeUtf7("~peter/mail/&U,BTFw-/&ZeVnLIqe-")).isEqualTo("~peter/mail/台北/日本語");
    assertThat(MailboxCodec.encode("~peter/mail/台北/日本語", false)).isEqualTo("~peter/mail/&U,BTFw-/&ZeVnLIqe-");
    assertThat(MailboxCodec.encode("a&b", false)).isEqualTo("a&-b");
    assertThat(MailboxCodec.decode("a&-b".getBytes(StandardCharsets.UTF_8), false)).isEqualTo("a&b");
    assertThat(MailboxCodec.decode("a&-b".getBytes(StandardCharsets.UTF_8), true)).isEqualTo("a&-b");
    assertThatThrownBy(() -> MailboxCodec.decodeUtf7("&Jjo")).isInstanceOf(ImapException.class);
    assertThatThrownBy(() -> MailboxCodec.decode(new byte[] {(byte) 0xff, 'a'}, false))
        .isInstanceOf(ImapException.class);
  }

  @Test
  void listWildcards() {
    assertThat(MailboxCodec.matches("a/%", "a/b")).isTrue();
    assertThat(MailboxCodec.matches("a/%", "a/b/c")).isFalse();
    assertThat(MailboxCodec.matches("a/*", "a/b/c")).isTrue();
    assertThat(MailboxCodec.matches("*test4", "x/test3/test4")).isTrue();
    assertThat(MailboxCodec.matches("a/%3/%", "a/test3/test4")).isTrue();
    assertThat(MailboxCodec.matches("%", "")).isTrue();
    // no exponential backtracking on hostile patterns
    assertThat(MailboxCodec.matches("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "a".repeat(500))).isFalse();
    assertThat(MailboxCodec.matches("a%b", "a/ab")).isFalse();
    assertThat(MailboxCodec.matches("*a%b", "a/ab")).isTrue();
    assertThat(MailboxCodec.matches("%*%", "x/y")).isTrue();
    assertThat(MailboxCodec.matches("%%%", "x/y")).isFalse();
    assertThat(MailboxCodec.matches("*%/%*", "x/y")).isTrue();
    assertThat(MailboxCodec.matches("", "")).isTrue();
    assertThat(MailboxCodec.matches("", "a")).isFalse();
    assertThat(MailboxCodec.matches("ab", "a")).isFalse();
    String long70 = "n".repeat(70);
    assertThat(MailboxCodec.matches(long70 + "%", long70 + "x")).isTrue(); // states across a word boundary
    assertThat(MailboxCodec.matches(long70 + "%", long70 + "/x")).isFalse();
  }

  @Test
  void hugeListPatternsCostLittle() {
    String name = "m".repeat(500);
    String manyLiterals = "*m".repeat(32_000); // more literal characters than any mailbox name has
    String manyWildcards = "*%".repeat(32_000) + "m"; // folds to "*m"
    long start = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      assertThat(MailboxCodec.matches(manyLiterals, name)).isFalse();
      assertThat(MailboxCodec.matches(manyWildcards, name)).isTrue();
    }
    assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(1000);
  }

  @Test
  void sequenceSets() {
    SequenceSet.Resolved r = SequenceSet.parse("1:3,7,*").resolve(10);
    assertThat(r.contains(2)).isTrue();
    assertThat(r.contains(7)).isTrue();
    assertThat(r.contains(10)).isTrue();
    assertThat(r.contains(5)).isFalse();
    assertThat(SequenceSet.parse("4294967295:1").resolve(5).max()).isEqualTo(4294967295L);
    assertThatThrownBy(() -> SequenceSet.parse("0")).isInstanceOf(ImapException.class);
    assertThatThrownBy(() -> SequenceSet.parse("4294967296")).isInstanceOf(ImapException.class);
    assertThatThrownBy(() -> SequenceSet.parse("1,,2")).isInstanceOf(ImapException.class);
    assertThat(SequenceSet.compact(new long[] {1, 2, 3, 5, 7, 8})).isEqualTo("1:3,5,7:8");
  }

  @Test
  void literalMarkers() {
    assertThat(CommandReader.literalAtEnd("a LOGIN {5}".getBytes())).containsExactly(5, 0);
    assertThat(CommandReader.literalAtEnd("a LOGIN {5+}".getBytes())).containsExactly(5, 1);
    assertThat(CommandReader.literalAtEnd("a SELECT [}".getBytes())).isNull();
    assertThat(CommandReader.literalAtEnd("a X {}".getBytes())).isNull();
  }
}
