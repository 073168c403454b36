package io.mailcove.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Damaged documents: every document of the specification corpus with characters deleted, doubled or replaced by
 * TOML's significant characters, from a fixed seed. Each one parses or gives a {@link TomlSyntaxException} on a
 * line of the document; no other exception escapes the parser.
 */
class TomlRobustnessTest {
  private static final String SIGNIFICANT = "\"'[]{}=.,#\\\n\r\t _-+:0123456789eExobTZtruefalsinf\u00e9\uD83D";

  @Test
  void damagedDocumentsGiveASyntaxErrorOrAValueNeverAnotherException() {
    Random random = new Random(20261207);
    List<String> escaped = new ArrayList<>();
    int rejected = 0;
    int total = 0;
    for (Map.Entry<String, String> doc : TomlCorpus.spec().entrySet()) {
      String text = doc.getValue();
      for (int i = 0; i < 40 && !text.isEmpty(); i++) {
        String damaged = damage(text, random);
        total++;
        try {
          TomlParser.parse(damaged);
        } catch (TomlSyntaxException e) {
          rejected++;
          int lines = damaged.split("\n", -1).length;
          if (e.line() < 1 || e.line() > lines || e.column() < 1) {
            escaped.add(doc.getKey() + ": line " + e.line() + " column " + e.column() + " of " + lines + " lines");
          }
        } catch (RuntimeException | StackOverflowError e) {
          escaped.add(doc.getKey() + ": " + e + " on\n" + damaged);
        }
      }
    }
    assertThat(escaped).isEmpty();
    assertThat(total).isGreaterThan(5000);
    assertThat(rejected).as("damaged documents rejected").isGreaterThan(total / 3).isLessThan(total);
  }

  private static String damage(String text, Random random) {
    StringBuilder s = new StringBuilder(text);
    for (int n = 1 + random.nextInt(3); n > 0 && !s.isEmpty(); n--) {
      int at = random.nextInt(s.length());
      char c = SIGNIFICANT.charAt(random.nextInt(SIGNIFICANT.length()));
      switch (random.nextInt(3)) {
        case 0 -> s.deleteCharAt(at);
        case 1 -> s.insert(at, c);
        default -> s.setCharAt(at, c);
      }
    }
    return s.toString();
  }
}
