package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The \Recent count of a view (RFC 3501 §2.3.2) agrees with asking each message, for any mix of ranges. */
class SelectedMailboxRecentTest {
  @Test
  void countMatchesTheMessagesThatAreRecent() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      SelectedMailbox box = new SelectedMailbox(1, 1, "INBOX", false, 1);
      long[] uids = LongStream.rangeClosed(1, 400).filter(u -> random.nextInt(3) > 0).toArray();
      box.load(uids, 1);
      for (int r = random.nextInt(4); r > 0; r--) {
        long from = 1 + random.nextInt(450);
        box.addRecent(from, from + random.nextInt(120) - 10); // some empty, some overlapping, some past the end
      }
      long expected = LongStream.of(uids).filter(box::isRecent).count();
      assertThat(box.recentCount()).as("round %d", round).isEqualTo((int) expected);
    }
  }
}
