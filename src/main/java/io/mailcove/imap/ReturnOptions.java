package io.mailcove.imap;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The RETURN options of SEARCH and SORT: MIN, MAX, ALL, COUNT (RFC 4731 §3.1, for SORT RFC 5267 §3), SAVE
 * (RFC 5182), CONTEXT, UPDATE and PARTIAL (RFC 5267 §4, extended by RFC 9394 §3.1 with ranges counted from the
 * last result). {@code options} keeps the client's order; {@code partial} is null without PARTIAL.
 */
record ReturnOptions(Set<String> options, PartialRange partial) {
  private static final List<String> KNOWN = List.of("MIN", "MAX", "ALL", "COUNT", "SAVE", "CONTEXT", "UPDATE",
      "PARTIAL");
  /** The options that put data into the ESEARCH response. */
  private static final List<String> RESULTS = List.of("MIN", "MAX", "ALL", "COUNT", "PARTIAL");

  /** Parses "(" [option *(SP option)] ")" after RETURN SP. */
  static ReturnOptions parse(ImapParser p) {
    Set<String> opts = new LinkedHashSet<>();
    PartialRange partial = null;
    p.openParen();
    for (boolean first = true; p.nextInList(first); first = false) {
      String opt = p.keyword();
      if (!KNOWN.contains(opt)) {
        throw ImapException.bad("Unknown return option " + opt);
      }
      if (!opts.add(opt) && (opt.equals("UPDATE") || opt.equals("PARTIAL"))) {
        throw ImapException.bad(opt + " can be given only once");
      }
      if (opt.equals("PARTIAL")) {
        // RFC 9394 §4: partial-range = nz-number ":" nz-number, or both negative, either order
        p.sp();
        partial = PartialRange.parse(p);
      }
    }
    if (opts.contains("PARTIAL") && opts.contains("ALL")) {
      throw ImapException.bad("PARTIAL and ALL cannot be combined");
    }
    return new ReturnOptions(opts, partial);
  }

  boolean has(String option) {
    return options.contains(option);
  }

  /**
   * The data to return, in the client's order; ALL when none is asked for (RFC 4731 §3.1: "RETURN ()" means ALL),
   * nothing when only SAVE or UPDATE is (RFC 5182 §2.1; RFC 5267 §4.2: the updates follow).
   */
  List<String> results() {
    List<String> out = options.stream().filter(RESULTS::contains).toList();
    if (out.isEmpty() && !has("SAVE") && !has("UPDATE")) {
      return List.of("ALL");
    }
    return out;
  }

  /** Whether an ESEARCH response is sent at all (not for SAVE alone). */
  boolean responds() {
    return !results().isEmpty() || has("UPDATE");
  }
}
