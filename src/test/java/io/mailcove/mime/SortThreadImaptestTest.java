package io.mailcove.mime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.store.MessageSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sort keys (RFC 5256 §3, RFC 5957) and THREAD=REFERENCES (RFC 5256 §4) against imaptest's sort-* and thread*
 * scripts, replaying their APPEND / STORE \Deleted / EXPUNGE steps on a list of messages.
 */
class SortThreadImaptestTest {
  private record Msg(byte[] raw, MessageSummary summary, Instant internalDate) {}

  private static final Pattern SORT = Pattern.compile("^ok sort \\(([^)]*)\\) us-ascii all\\s*\\n\\* sort ([\\d ]*)$",
      Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

  @ParameterizedTest
  @ValueSource(strings = {"sort-subject", "sort-addresses", "sort-display-from", "sort-display-to"})
  void sortMatchesImaptest(String name) {
    List<Msg> msgs = load(name);
    Matcher m = SORT.matcher(ImaptestData.script(name));
    int checked = 0;
    while (m.find()) {
      String[] criteria = m.group(1).toLowerCase(Locale.ROOT).split(" ");
      Comparator<Integer> cmp = null;
      boolean reverse = false;
      for (String c : criteria) {
        if (c.equals("reverse")) {
          reverse = true;
          continue;
        }
        Comparator<Integer> k = switch (c) {
          case "subject" -> key(i -> SortKeys.subject(msgs.get(i).summary.subject()));
          case "from" -> key(i -> SortKeys.from(msgs.get(i).summary.envelope()));
          case "to" -> key(i -> SortKeys.to(msgs.get(i).summary.envelope()));
          case "cc" -> key(i -> SortKeys.cc(msgs.get(i).summary.envelope()));
          case "displayfrom" -> key(i -> SortKeys.displayFrom(msgs.get(i).summary.envelope()));
          case "displayto" -> key(i -> SortKeys.displayTo(msgs.get(i).summary.envelope()));
          case "size" -> Comparator.comparingInt(i -> msgs.get(i).raw.length);
          case "arrival" -> Comparator.comparing(i -> msgs.get(i).internalDate);
          default -> throw new IllegalArgumentException(c);
        };
        if (reverse) {
          k = k.reversed();
          reverse = false;
        }
        cmp = cmp == null ? k : cmp.thenComparing(k);
      }
      cmp = cmp.thenComparing(Comparator.naturalOrder()); // RFC 5256 §3: final tie-break by sequence
      List<Integer> seqs = new ArrayList<>();
      for (int i = 0; i < msgs.size(); i++) {
        seqs.add(i);
      }
      seqs.sort(cmp);
      String actual = seqs.stream().map(i -> String.valueOf(i + 1)).collect(Collectors.joining(" "));
      assertThat(actual).as("%s: sort (%s)", name, m.group(1)).isEqualTo(m.group(2).trim());
      checked++;
    }
    assertThat(checked).isGreaterThan(0);
  }

  private static Comparator<Integer> key(Function<Integer, String> f) {
    return Comparator.comparing(f);
  }

  @ParameterizedTest
  @ValueSource(strings = {"thread", "thread2", "thread3", "thread4", "thread5", "thread6", "thread7", "thread8"})
  void threadMatchesImaptest(String name) {
    List<Msg> mbox = load(name);
    String script = ImaptestData.script(name);
    List<Msg> box = new ArrayList<>();
    int appended = 0;
    if (!script.contains("state: created")) {
      box.addAll(mbox);
      appended = mbox.size();
    }
    List<Integer> deleted = new ArrayList<>();
    String[] lines = script.split("\n");
    int checked = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim().toLowerCase(Locale.ROOT);
      if (line.equals("ok append")) {
        box.add(mbox.get(appended++ % mbox.size()));
      } else if (line.startsWith("ok store ") && line.endsWith("+flags \\deleted")) {
        for (String n : line.split(" ")[2].split(",")) {
          deleted.add(Integer.parseInt(n));
        }
      } else if (line.equals("ok expunge")) {
        deleted.sort(Comparator.reverseOrder());
        for (int n : deleted) {
          box.remove(n - 1);
        }
        deleted.clear();
      } else if (line.equals("ok thread references us-ascii all")) {
        String expected = lines[i + 1].trim().substring("* thread ".length());
        List<ThreadReferences.Message> input = new ArrayList<>();
        for (int s = 0; s < box.size(); s++) {
          MessageSummary sum = box.get(s).summary;
          Instant sent = sum.sentDate() != null ? sum.sentDate() : box.get(s).internalDate;
          input.add(new ThreadReferences.Message(s + 1, sum.messageId(), sum.inReplyTo(), sum.references(),
              sum.subject(), sent));
        }
        assertThat(ThreadReferences.render(ThreadReferences.thread(input)))
            .as("%s line %d", name, i + 1).isEqualTo(expected);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(0);
  }

  private static List<Msg> load(String name) {
    List<byte[]> raw = ImaptestData.messages(name);
    List<Instant> dates = ImaptestData.internalDates(name);
    List<Msg> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      out.add(new Msg(raw.get(i), MessageParser.summarize(raw.get(i)), dates.get(i)));
    }
    return out;
  }
}
