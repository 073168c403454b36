package io.mailcove.mime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.store.MessageSummary;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** ENVELOPE and BODY rendering against the responses in imaptest's fetch-envelope and fetch-bodystructure. */
class MessageParserImaptestTest {
  private static final Pattern FETCH = Pattern.compile("^\\* (\\d+) FETCH \\((\\w+) (.*)\\)$",
      Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

  @Test
  void envelopesMatchImaptest() {
    List<byte[]> messages = ImaptestData.messages("fetch-envelope");
    int checked = 0;
    Matcher m = FETCH.matcher(ImaptestData.script("fetch-envelope"));
    while (m.find()) {
      MessageSummary s = MessageParser.summarize(messages.get(Integer.parseInt(m.group(1)) - 1));
      assertThat(m.group(2)).isEqualToIgnoringCase("ENVELOPE");
      assertThat(s.envelope()).as("message %s", m.group(1)).isEqualToIgnoringCase(m.group(3));
      checked++;
    }
    assertThat(checked).isEqualTo(6);
  }

  @Test
  void bodyMatchesImaptest() {
    List<byte[]> messages = ImaptestData.messages("fetch-bodystructure");
    Matcher m = FETCH.matcher(ImaptestData.script("fetch-bodystructure"));
    int checked = 0;
    while (m.find()) {
      MessageSummary s = MessageParser.summarize(messages.get(Integer.parseInt(m.group(1)) - 1));
      assertThat(s.body()).isEqualToIgnoringCase(m.group(3));
      assertThat(s.bodyStructure()).isEqualToIgnoringCase(
          "((\"text\" \"x-myown\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 7 1 NIL NIL NIL NIL) \"mixed\""
              + " (\"boundary\" \"foo bar\") NIL NIL NIL)");
      checked++;
    }
    assertThat(checked).isEqualTo(1);
  }
}
