package io.mailcove.imaptest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The interpreter itself: every script parses, and matching follows imaptest's rules. */
class ImaptestInterpreterTest {
  @Test
  void everyScriptParsesWithItsMbox() throws Exception {
    List<Path> scripts = ImaptestScripts.list(ImaptestScripts.defaultDirectory());
    assertThat(scripts).hasSizeGreaterThanOrEqualTo(72);
    for (Path p : scripts) {
      Script s = ScriptParser.parse(p);
      assertThat(s.groups).as(p.toString()).isNotEmpty();
      assertThat(new MboxSource(Path.of(s.mbox)).size()).as(s.mbox).isPositive();
    }
  }

  @Test
  void multiLineLiteralsAndPipelinedTags() throws Exception {
    Script s = ScriptParser.parse(ImaptestScripts.defaultDirectory().resolve("pipeline"));
    Script.Group first = s.groups.get(0);
    assertThat(first.commands).extracting(c -> c.tag).containsExactly(1, 2, 3, 4);
    Script fetch = ScriptParser.parse(ImaptestScripts.defaultDirectory().resolve("fetch-body"));
    ImapArg literal = fetch.groups.get(2).untagged.get(0).args().get(2).list.get(4);
    assertThat(literal.type).isEqualTo(ImapArg.Type.LITERAL);
    assertThat(literal.value).isEqualTo("body1\r\n\r\n");
  }

  @Test
  void variablesBindOnceAndThenMustMatch() {
    Variables v = new Variables();
    List<ImapArg> expected = ImapArgParser.parse("1 fetch ($!unordered=2 uid $uid1 flags ($!unordered \\seen))");
    assertThat(v.matchArgs(expected, 0, ImapArgParser.parse("1 FETCH (FLAGS (\\Seen \\Recent) UID 42)"), 0,
        Integer.MAX_VALUE, false)).isEqualTo(Variables.MATCH);
    assertThat(v.get("uid1")).isEqualTo("42");
    assertThat(v.matchArgs(expected, 0, ImapArgParser.parse("1 FETCH (UID 43 FLAGS (\\Seen))"), 0,
        Integer.MAX_VALUE, false)).isNotEqualTo(Variables.MATCH);
    assertThat(v.expand("uid fetch $uid1 uid $$x", false)).isEqualTo("uid fetch 42 uid $x");
  }

  @Test
  void taggedRepliesMatchAsPrefixAndNoExtraIsEnforced() {
    Variables v = new Variables();
    assertThat(v.matchArgs(ImapArgParser.parse("ok [read-write]"), 0,
        ImapArgParser.parse("OK [READ-WRITE] Select completed."), 0, Integer.MAX_VALUE, true))
        .isEqualTo(Variables.MATCH);
    assertThat(v.matchArgs(ImapArgParser.parse("no [trycreate]"), 0, ImapArgParser.parse("OK done"), 0,
        Integer.MAX_VALUE, true)).isNotEqualTo(Variables.MATCH);
    List<ImapArg> flags = ImapArgParser.parse("($!unordered $!noextra $!ignore=\\recent \\seen)");
    assertThat(v.matchArgs(flags, 0, ImapArgParser.parse("(\\Recent \\Seen)"), 0, Integer.MAX_VALUE, false))
        .isEqualTo(Variables.MATCH);
    assertThat(v.matchArgs(flags, 0, ImapArgParser.parse("(\\Seen \\Flagged)"), 0, Integer.MAX_VALUE, false))
        .isNotEqualTo(Variables.MATCH);
  }

  @Test
  void rev2CountsEsearchAsSearch() {
    List<List<ImapArg>> alts = Rev2.alternatives(ImapArgParser.parse("ESEARCH (TAG \"1.5\") ALL 1:3,7"));
    assertThat(alts).hasSize(2);
    assertThat(ImapArg.render(alts.get(1))).isEqualTo("SEARCH 1 2 3 7");
    assertThat(ImapArg.render(Rev2.alternatives(ImapArgParser.parse("ESEARCH (TAG \"1.6\")")).get(1)))
        .isEqualTo("SEARCH");
    assertThat(Rev2.alternatives(ImapArgParser.parse("ESEARCH (TAG \"1.6\") MIN 2"))).hasSize(1);
  }
}
