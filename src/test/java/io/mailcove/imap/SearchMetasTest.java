package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.store.MessageMeta;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bringing kept metadata up to date from CHANGEDSINCE rows and VANISHED tombstones. */
class SearchMetasTest {
  private static MessageMeta meta(long uid, long modseq, String... flags) {
    return new MessageMeta(7, uid, modseq, Set.of(flags), Instant.EPOCH, 100, "b" + uid, "e" + uid, null);
  }

  @Test
  void mergeReplacesChangedDropsExpungedAndAddsNewInUidOrder() {
    MessageMeta[] old = {meta(1, 1), meta(2, 2), meta(3, 3), meta(5, 4)};
    MessageMeta[] merged = SearchMetas.merge(old, List.of(meta(3, 6, "\\Seen"), meta(9, 7), meta(6, 8)),
        List.of(2L, 5L));
    assertThat(Arrays.stream(merged).map(MessageMeta::uid)).containsExactly(1L, 3L, 6L, 9L);
    assertThat(merged[1].flags()).containsExactly("\\Seen");
    assertThat(merged[0]).isSameAs(old[0]);
  }

  @Test
  void nothingChangedKeepsEverything() {
    MessageMeta[] old = {meta(1, 1), meta(2, 2)};
    assertThat(SearchMetas.merge(old, List.of(), List.of())).containsExactly(old);
  }
}
