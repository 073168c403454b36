package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * HEADER.FIELDS results are found by blob and section label: another blob (even one differing only in its last hex
 * digit) or another label is a miss, and a blob id that is not a SHA-256 hex id is never cached.
 */
class HeaderCacheTest {
  private static final String BLOB = "0123456789abcdef".repeat(4);
  private static final String LABEL = "BODY[HEADER.FIELDS (FROM SUBJECT)]";

  @Test
  void findsAResultByBlobAndLabel() {
    HeaderCache cache = new HeaderCache(1 << 20);
    byte[] fields = "Subject: hi\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    cache.putFields(BLOB, LABEL, fields);
    assertThat(cache.getFields(new String(BLOB), new String(LABEL))).isSameAs(fields);
    assertThat(cache.getFields(BLOB.substring(0, 63) + "0", LABEL)).as("other blob").isNull();
    assertThat(cache.getFields("f" + BLOB.substring(1), LABEL)).as("other blob, first digit").isNull();
    assertThat(cache.getFields(BLOB, "BODY[HEADER.FIELDS (FROM)]")).as("other label").isNull();
    assertThat(cache.get(BLOB)).as("a whole header is kept apart").isNull();
  }

  @Test
  void doesNotCacheUnderAnIdThatIsNotHex() {
    HeaderCache cache = new HeaderCache(1 << 20);
    String notHex = "Z".repeat(64);
    cache.putFields(notHex, LABEL, new byte[] {1});
    assertThat(cache.getFields(notHex, LABEL)).isNull();
    cache.putFields("abc", LABEL, new byte[] {1});
    assertThat(cache.getFields("abc", LABEL)).isNull();
  }
}
