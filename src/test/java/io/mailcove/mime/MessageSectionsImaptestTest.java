package io.mailcove.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * BODY[section] and BINARY[section] / BINARY.SIZE against every literal, quoted and numeric expectation of
 * imaptest's fetch-body* and fetch-binary-mime* scripts (partial ranges applied as the server would).
 */
class MessageSectionsImaptestTest {
  private static final Pattern COMMAND = Pattern.compile("^ok fetch (\\d+) (.*)$",
      Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
  private static final Pattern COMMAND_ITEM = Pattern.compile(
      "(binary\\.size|binary\\.peek|binary|body\\.peek|body)\\[([^\\]]*)\\](?:<(\\d+)\\.(\\d+)>)?|"
          + "(rfc822\\.text|rfc822\\.header|rfc822)(?![.\\w])",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern RESPONSE_ITEM = Pattern.compile(
      "(binary\\.size|binary|body)\\[([^\\]]*)\\](?:<(\\d+)>)? |(rfc822\\.text|rfc822\\.header|rfc822) ",
      Pattern.CASE_INSENSITIVE);

  private record Item(String kind, String spec, long start, long length) {}

  @ParameterizedTest
  @ValueSource(strings = {"fetch-body", "fetch-body-mime", "fetch-body-message-rfc822",
      "fetch-body-message-rfc822-mime", "fetch-body-message-rfc822-x2", "fetch-binary-mime",
      "fetch-binary-mime-base64", "fetch-binary-mime-qp"})
  void sectionsMatchImaptest(String name) {
    List<byte[]> messages = ImaptestData.messages(name);
    String script = ImaptestData.script(name);
    Matcher cmd = COMMAND.matcher(script);
    int checked = 0;
    while (cmd.find()) {
      int seq = Integer.parseInt(cmd.group(1));
      MessageSections sections = MessageSections.of(messages.get(seq - 1));
      List<Item> items = new ArrayList<>();
      Matcher ci = COMMAND_ITEM.matcher(cmd.group(2));
      while (ci.find()) {
        if (ci.group(1) != null) {
          String kind = ci.group(1).toLowerCase(Locale.ROOT).replace(".peek", "");
          items.add(new Item(kind, ci.group(2), ci.group(3) == null ? -1 : Long.parseLong(ci.group(3)),
              ci.group(4) == null ? -1 : Long.parseLong(ci.group(4))));
        } else {
          String kind = ci.group(5).toLowerCase(Locale.ROOT);
          String spec = kind.equals("rfc822.text") ? "TEXT" : kind.equals("rfc822.header") ? "HEADER" : "";
          items.add(new Item("body", spec, -1, -1));
        }
      }
      // the expected response: up to the next command or end
      int respStart = script.indexOf('\n', cmd.end()) + 1;
      int next = script.indexOf("\nok ", respStart);
      String response = script.substring(respStart, next < 0 ? script.length() : next);
      if (!response.regionMatches(true, 0, "* " + seq + " fetch", 0, 9)) {
        continue; // '!' (must not match) expectations are not checked here
      }
      Matcher ri = RESPONSE_ITEM.matcher(response);
      int from = 0;
      while (ri.find(from)) {
        String kind;
        String spec;
        if (ri.group(1) != null) {
          kind = ri.group(1).toLowerCase(Locale.ROOT);
          spec = ri.group(2);
        } else {
          kind = "body";
          String k = ri.group(4).toLowerCase(Locale.ROOT);
          spec = k.equals("rfc822.text") ? "TEXT" : k.equals("rfc822.header") ? "HEADER" : "";
        }
        Item item = null;
        for (Item it : items) {
          if (it.kind.equals(kind) && it.spec.equalsIgnoreCase(spec)) {
            item = it;
            break;
          }
        }
        assertThat(item).as("%s: response item %s[%s] has a command item", name, kind, spec).isNotNull();
        int v = ri.end();
        byte[] expected;
        if (response.startsWith("{{{", v) || response.startsWith("~{{{", v)) {
          boolean l8 = response.charAt(v) == '~';
          int open = l8 ? v + 1 : v;
          expected = ImaptestData.block(response, open, l8);
          from = response.indexOf("}}}", open + 3) + 3;
        } else if (response.charAt(v) == '"') {
          int close = response.indexOf('"', v + 1);
          expected = response.substring(v + 1, close).getBytes(StandardCharsets.ISO_8859_1);
          from = close + 1;
        } else if (Character.isDigit(response.charAt(v))) {
          int e = v;
          while (Character.isDigit(response.charAt(e))) {
            e++;
          }
          assertThat(kind).isEqualTo("binary.size");
          assertThat(sections.binarySize(SectionSpec.parse(spec).path()))
              .as("%s msg %d binary.size[%s]", name, seq, spec).isEqualTo(Long.parseLong(response.substring(v, e)));
          checked++;
          from = e;
          continue;
        } else {
          from = v; // a $variable
          continue;
        }
        byte[] actual;
        if (kind.equals("binary")) {
          MessageSections.Binary b = sections.binary(SectionSpec.parse(spec).path());
          assertThat(b).isNotNull();
          actual = b.content();
        } else {
          actual = sections.section(spec);
        }
        assertThat(actual).as("%s msg %d %s[%s]", name, seq, kind, spec).isNotNull();
        if (item.start >= 0) {
          int s = (int) Math.min(item.start, actual.length);
          int e = (int) Math.min(actual.length, item.start + item.length);
          actual = java.util.Arrays.copyOfRange(actual, s, e);
        }
        assertThat(new String(actual, StandardCharsets.ISO_8859_1))
            .as("%s msg %d %s[%s]<%d>", name, seq, kind, spec, item.start)
            .isEqualTo(new String(expected, StandardCharsets.ISO_8859_1));
        checked++;
      }
    }
    assertThat(checked).as("expectations checked in %s", name).isGreaterThan(0);
  }
}
