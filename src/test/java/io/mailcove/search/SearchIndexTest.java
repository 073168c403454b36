package io.mailcove.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.mime.ImaptestData;
import io.mailcove.mime.MessageParser;
import io.mailcove.search.SearchIndex.Field;
import io.mailcove.store.Account;
import io.mailcove.store.AppendResult;
import io.mailcove.store.BlobRef;
import io.mailcove.store.DeliveryTarget;
import io.mailcove.store.Mailbox;
import io.mailcove.store.Role;
import io.mailcove.store.Store;
import io.mailcove.store.sqlite.SqliteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SEARCH BODY/TEXT through the real store: messages appended or delivered are found, expunged ones are not. */
class SearchIndexTest {
  @TempDir
  Path dir;
  Store store;
  SearchIndex index;
  Account alice;
  Mailbox inbox;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir);
    store.directory().addDomain("example.org");
    alice = store.directory().addAccount("alice@example.org", "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA",
        Role.USER, 0);
    inbox = store.mail().mailbox(alice.id(), "INBOX").orElseThrow();
    index = SearchIndex.open(store, dir, new FakeLoad(Long.MAX_VALUE, 0));
  }

  @AfterEach
  void close() {
    if (index != null) {
      index.close();
    }
    store.close();
  }

  private long append(Mailbox box, String message) throws Exception {
    return append(box, message.getBytes(StandardCharsets.UTF_8));
  }

  private long append(Mailbox box, byte[] message) throws Exception {
    BlobRef blob = store.blobs().put(message);
    AppendResult r = store.mail().append(box.id(), blob, MessageParser.summarize(message), Set.of(), Instant.now());
    return r.uid();
  }

  private Set<Long> body(String term) {
    return index.search(alice.id(), inbox.id(), Field.BODY, term);
  }

  private Set<Long> text(String term) {
    return index.search(alice.id(), inbox.id(), Field.TEXT, term);
  }

  /** Clients quiet for a given time, and a given idle processor capacity. */
  static final class FakeLoad implements io.mailcove.server.Load {
    volatile long quiet;
    volatile double spare;

    FakeLoad(long quiet, double spare) {
      this.quiet = quiet;
      this.spare = spare;
    }

    @Override
    public long quietNanos() {
      return quiet;
    }

    @Override
    public double spareCores(long sampleMillis) throws InterruptedException {
      Thread.sleep(sampleMillis);
      return spare;
    }
  }

  @Test
  void backgroundIndexingYieldsToBusyClientsButSearchesSeeEverything() throws Exception {
    index.close();
    FakeLoad load = new FakeLoad(0, 0); // clients busy, no processor time to spare
    index = SearchIndex.open(store, dir, load);
    index.catchUp(alice.id()); // first use: reconciled
    long uid = append(inbox, "Subject: busy\r\n\r\nwritten while clients are busy\r\n");
    Thread.sleep(600);
    assertThat(index.hasQueued(alice.id())).as("indexing waits while clients keep the processors busy").isTrue();
    load.spare = 1.5; // clients still active, but a processor is idle
    awaitIndexed();
    load.spare = 0;
    long second = append(inbox, "Subject: busy again\r\n\r\nanother busy moment\r\n");
    Thread.sleep(300);
    assertThat(index.hasQueued(alice.id())).isTrue();
    load.quiet = Long.MAX_VALUE; // clients quiet
    awaitIndexed();
    load.quiet = 0;
    long third = append(inbox, "Subject: busy once more\r\n\r\na third busy moment\r\n");
    assertThat(body("busy moment")).as("a search applies what is queued itself").containsExactly(second, third);
    assertThat(body("while clients")).containsExactly(uid);
  }

  private void awaitIndexed() throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (index.hasQueued(alice.id()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(index.hasQueued(alice.id())).as("indexed").isFalse();
    Thread.sleep(200); // the indexer's slice (at most 50 ms) is over: what comes next waits for its turn again
  }

  @Test
  void imaptestSearchBodyScript() throws Exception {
    List<Long> uids = new ArrayList<>();
    for (byte[] m : ImaptestData.messages("search-body")) {
      uids.add(append(inbox, m));
    }
    Matcher m = Pattern.compile("^ok search (text|body) (\\w+)\\n\\* search ([\\d ]+)$", Pattern.MULTILINE)
        .matcher(ImaptestData.script("search-body"));
    int checked = 0;
    while (m.find()) {
      List<Long> expected = new ArrayList<>();
      for (String seq : m.group(3).trim().split(" ")) {
        expected.add(uids.get(Integer.parseInt(seq) - 1));
      }
      Field field = m.group(1).equals("text") ? Field.TEXT : Field.BODY;
      assertThat(index.search(alice.id(), inbox.id(), field, m.group(2)))
          .as("search %s %s", m.group(1), m.group(2)).containsExactlyElementsOf(expected);
      checked++;
    }
    assertThat(checked).isEqualTo(12);
  }

  @Test
  void decodesTransferEncodingsCharsetsAndHtml() throws Exception {
    long b64 = append(inbox, "Subject: b64\r\nContent-Type: text/plain; charset=utf-8\r\n"
        + "Content-Transfer-Encoding: base64\r\n\r\n"
        + java.util.Base64.getMimeEncoder().encodeToString("Viele Grüße aus Köln".getBytes(StandardCharsets.UTF_8))
        + "\r\n");
    long qp = append(inbox, "Subject: qp\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
        + "Content-Transfer-Encoding: quoted-printable\r\n\r\nun caf=E9 cr=\r\n=E8me, merci\r\n");
    long multi = append(inbox, "Subject: multi\r\nContent-Type: multipart/alternative; boundary=xx\r\n\r\n"
        + "--xx\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><style>p{color:red}</style><p>Hello"
        + "<b>World</b> &amp; friends</p></html>\r\n--xx\r\nContent-Type: application/octet-stream\r\n"
        + "Content-Transfer-Encoding: base64\r\n\r\n" + java.util.Base64.getEncoder().encodeToString(
            "secretattachment".getBytes(StandardCharsets.US_ASCII)) + "\r\n--xx--\r\n");
    assertThat(body("GRÜSSE AUS")).containsExactly(b64);
    assertThat(body("köln")).containsExactly(b64);
    assertThat(body("café crème")).containsExactly(qp);
    assertThat(body("hello world & friends")).containsExactly(multi);
    assertThat(body("color")).isEmpty(); // style content is not text
    assertThat(body("secretattachment")).isEmpty(); // attachments are not indexed
    assertThat(text("subject: qp")).containsExactly(qp);
    assertThat(body("subject: qp")).isEmpty();
  }

  @Test
  void matchesSubstringsOfAnyLengthAndEmptyTerm() throws Exception {
    long one = append(inbox, "Subject: x\r\n\r\nabcdefgh\r\nsecond  line\r\n");
    long two = append(inbox, "Subject: y\r\n\r\nxyz\r\n");
    assertThat(body("h")).containsExactly(one);
    assertThat(body("gh")).containsExactly(one);
    assertThat(body("cdefg")).containsExactly(one);
    assertThat(body("abcdefgh")).containsExactly(one);
    assertThat(body("abcdefghi")).isEmpty();
    assertThat(body("gh second line")).containsExactly(one); // line breaks and runs of spaces match one space
    assertThat(body("yz")).containsExactly(two);
    assertThat(body("")).containsExactly(one, two);
    assertThat(body("acd")).isEmpty();
  }

  @Test
  void expungedAndDeletedMailboxMessagesDisappear() throws Exception {
    long keep = append(inbox, "Subject: a\r\n\r\nneedle one\r\n");
    long gone = append(inbox, "Subject: b\r\n\r\nneedle two\r\n");
    assertThat(body("needle")).containsExactly(keep, gone);
    store.mail().expunge(inbox.id(), List.of(gone));
    assertThat(body("needle")).containsExactly(keep);

    Mailbox other = store.mail().createMailbox(alice.id(), "Other", null);
    long there = append(other, "Subject: c\r\n\r\nneedle three\r\n");
    assertThat(index.search(alice.id(), other.id(), Field.BODY, "needle")).containsExactly(there);
    store.mail().deleteMailbox(alice.id(), "Other");
    assertThat(index.search(alice.id(), other.id(), Field.BODY, "needle")).isEmpty();
    assertThat(body("needle")).containsExactly(keep);
  }

  @Test
  void copiedMessagesAreFoundInTheTargetMailbox() throws Exception {
    long uid = append(inbox, "Subject: a\r\n\r\ncopy me please\r\n");
    Mailbox archive = store.mail().mailbox(alice.id(), "Archive").orElseThrow();
    store.mail().copy(inbox.id(), List.of(uid), archive.id());
    assertThat(index.search(alice.id(), archive.id(), Field.BODY, "copy me")).hasSize(1);
    assertThat(body("copy me")).containsExactly(uid);
  }

  @Test
  void deliveryToSeveralAccountsIndexesEach() throws Exception {
    Account bob = store.directory().addAccount("bob@example.org", "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA",
        Role.USER, 0);
    byte[] msg = "Subject: both\r\n\r\nshared delivery text\r\n".getBytes(StandardCharsets.UTF_8);
    List<AppendResult> results = store.mail().deliver(store.blobs().put(msg), MessageParser.summarize(msg),
        Instant.now(), List.of(new DeliveryTarget(alice.id(), "INBOX", Set.of()),
            new DeliveryTarget(bob.id(), "INBOX", Set.of())));
    Mailbox bobInbox = store.mail().mailbox(bob.id(), "INBOX").orElseThrow();
    assertThat(body("delivery")).containsExactly(results.get(0).uid());
    assertThat(index.search(bob.id(), bobInbox.id(), Field.BODY, "delivery")).containsExactly(results.get(1).uid());
  }

  @Test
  void restartCatchesUpMessagesNeverIndexed() throws Exception {
    long before = append(inbox, "Subject: a\r\n\r\nrestart alpha\r\n");
    long expungedLater = append(inbox, "Subject: b\r\n\r\nrestart beta\r\n");
    assertThat(body("restart")).containsExactly(before, expungedLater);
    index.close();
    // changes while no index listens, as after a crash
    long whileDown = append(inbox, "Subject: c\r\n\r\nrestart gamma\r\n");
    store.mail().expunge(inbox.id(), List.of(expungedLater));
    index = SearchIndex.open(store, dir, new FakeLoad(Long.MAX_VALUE, 0));
    assertThat(body("restart")).containsExactly(before, whileDown);
    assertThat(body("gamma")).containsExactly(whileDown);
  }

  @Test
  void concurrentAppendsAndSearchesSeeEveryCommittedMessage() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> appends = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int n = i;
        appends.add(pool.submit(() -> {
          long uid = append(inbox, "Subject: m" + n + "\r\n\r\nconcurrent body " + n + " end\r\n");
          // a search right after the commit must already see this message
          assertThat(body("body " + n + " end")).contains(uid);
          return uid;
        }));
      }
      List<Long> uids = new ArrayList<>();
      for (Future<Long> f : appends) {
        uids.add(f.get());
      }
      assertThat(body("concurrent")).containsExactlyInAnyOrderElementsOf(uids);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void hugeBodiesAreCappedNotBuffered() throws Exception {
    StringBuilder sb = new StringBuilder("Subject: big\r\n\r\nstartmarker ");
    String line = "lorem ipsum dolor sit amet consectetur adipiscing elit\r\n";
    while (sb.length() < 3 * 1024 * 1024) {
      sb.append(line);
    }
    sb.append("endmarker\r\n");
    long uid = append(inbox, sb.toString());
    assertThat(body("startmarker")).containsExactly(uid);
    assertThat(body("endmarker")).isEmpty(); // beyond the 1 MB of indexed text per message
  }
}
