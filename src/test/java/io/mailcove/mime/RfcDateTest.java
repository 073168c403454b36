package io.mailcove.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.field.DateTimeFieldLenientImpl;
import org.apache.james.mime4j.stream.RawField;
import org.junit.jupiter.api.Test;

/** The shortcut for common dates reads every date it takes exactly as the lenient parser does, and declines others. */
class RfcDateTest {
  private static Instant lenient(String v) {
    Date d = DateTimeFieldLenientImpl.PARSER.parse(new RawField("Date", v), DecodeMonitor.SILENT).getDate();
    return d == null ? null : d.toInstant();
  }

  @Test
  void agreesWithTheLenientParserOnEveryDateItTakes() {
    String[] days = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    String[] months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    Random r = new Random(7);
    List<String> dates = new ArrayList<>();
    for (int k = 0; k < 5000; k++) {
      String zone = (r.nextBoolean() ? "+" : "-") + String.format("%02d%02d", r.nextInt(15), r.nextInt(4) * 15);
      String date = (r.nextInt(3) == 0 ? "" : days[r.nextInt(7)] + ", ") + (1 + r.nextInt(28)) + " "
          + months[r.nextInt(12)] + " " + (1970 + r.nextInt(100)) + " " + String.format("%02d:%02d", r.nextInt(24),
          r.nextInt(60)) + (r.nextBoolean() ? String.format(":%02d", r.nextInt(60)) : "") + " " + zone
          + (r.nextInt(4) == 0 ? " (UTC)" : "");
      dates.add(date);
    }
    int taken = 0;
    for (String d : dates) {
      Instant fast = RfcDate.parse(d);
      if (fast != null) {
        taken++;
        assertThat(fast).as(d).isEqualTo(lenient(d));
      }
    }
    assertThat(taken).isEqualTo(dates.size());
  }

  @Test
  void declinesWhatIsNotTheCommonForm() {
    for (String d : List.of("Mon, 7 Dec 26 01:00:00 +0000", "Mon, 7 Dec 2026 01:00:00 GMT", "7 Dec 2026 01:00 EST",
        "Mon,  7 Dec 2026 01:00:00 +0000", "Mon, 31 Feb 2026 01:00:00 +0000", "Mon, 7 Dec 2026 25:00:00 +0000",
        "Mon, 7 Dec 2026 01:00:00 +0000 (a) (b)", "Mon, 7 Dec 2026 01:00:00 +0000 x", "garbage", "",
        "Mon, 7 Dez 2026 01:00:00 +0000", "Mon, 7 Dec 2026 01:00:60 +0000")) {
      assertThat(RfcDate.parse(d)).as(d).isNull();
    }
    assertThat(MessageParser.parseDate("Mon, 7 Dec 2026 01:00:00 GMT")).as("still read by the lenient parser")
        .isEqualTo(Instant.parse("2026-12-07T01:00:00Z"));
  }
}
