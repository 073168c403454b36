package io.mailcove.pipeline;

import io.mailcove.store.Directory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The checks of each listener kind, in the order they run: the one place that says which rules a message passes.
 * Extra checks (tests, later SPF/DKIM/DMARC, spam scoring) are appended to every kind with {@link #plus}.
 */
public final class Checks {
  /** What the standard checks need to know: the limits of {@code [smtp]}, the directory, bans. */
  public record Settings(long maxMessageSize, int maxRecipients, Directory directory, Predicate<InetAddress> banned,
                         Path tempDir, String hostname, Clock clock) {}

  private final Map<ListenerKind, List<Check>> byKind;

  private Checks(Map<ListenerKind, List<Check>> byKind) {
    this.byKind = byKind;
  }

  /**
   * The standard lists.
   *
   * <ul>
   *   <li>MX: bans at connect; size at MAIL; recipient count and relay policy at RCPT; the header section and the
   *       unauthenticated-local-sender mark on the message.</li>
   *   <li>SUBMISSION: the same, with the sender's ownership of MAIL FROM and From, and the fields a submission
   *       server adds (RFC 6409 §8).</li>
   *   <li>LOCAL (the queue's hand-off of mail it already accepted): none.</li>
   * </ul>
   */
  public static Checks standard(Settings s) {
    Check bans = new BanCheck(s.banned());
    Check size = new SizeLimit(s.maxMessageSize());
    Check recipients = new RecipientLimit(s.maxRecipients());
    Check relay = new RelayPolicy();
    Check headers = new HeaderChecks();
    Check mark = new LocalSenderMark(s.directory(), s.tempDir());
    Check ownership = new SenderOwnership(s.directory());
    Map<ListenerKind, List<Check>> m = new EnumMap<>(ListenerKind.class);
    m.put(ListenerKind.MX, List.of(bans, size, recipients, relay, headers, mark));
    m.put(ListenerKind.SUBMISSION, List.of(bans, size, recipients, relay, headers, mark, ownership,
        new SubmissionHeaders(s.hostname(), s.clock())));
    m.put(ListenerKind.LOCAL, List.of());
    return new Checks(m);
  }

  /** These checks with {@code extra} appended to the list of every kind. */
  public Checks plus(List<Check> extra) {
    if (extra.isEmpty()) {
      return this;
    }
    Map<ListenerKind, List<Check>> m = new EnumMap<>(ListenerKind.class);
    for (ListenerKind k : ListenerKind.values()) {
      List<Check> l = new ArrayList<>(of(k));
      l.addAll(extra);
      m.put(k, List.copyOf(l));
    }
    return new Checks(m);
  }

  public List<Check> of(ListenerKind kind) {
    return byKind.getOrDefault(kind, List.of());
  }
}
