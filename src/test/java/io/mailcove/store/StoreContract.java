package io.mailcove.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link Store} backend must have. A backend's test class extends this and says how to open a
 * store on a folder; the same suite then runs against it.
 */
public abstract class StoreContract {
  @TempDir
  protected Path dir;
  protected Store store;
  protected Directory directory;
  protected MailStore mail;

  /** Opens (or re-opens) the backend on {@code dir}. */
  protected abstract Store newStore(Path dir);

  /** Opens the backend on {@code dir} with no grace period for blob garbage collection (a blob may go at once). */
  protected abstract Store newStoreWithoutBlobGracePeriod(Path dir);

  @BeforeEach
  void openStore() {
    store = newStore(dir);
    directory = store.directory();
    mail = store.mail();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  protected void reopen() {
    store.close();
    openStore();
  }

  protected Account account(String address) {
    String domain = Addresses.domain(Addresses.canonical(address));
    if (directory.domain(domain).isEmpty()) {
      directory.addDomain(domain);
    }
    return directory.addAccount(address, "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA", Role.USER, 0);
  }

  protected Mailbox inbox(Account account) {
    return mail.mailbox(account.id(), "INBOX").orElseThrow();
  }

  protected static MessageSummary summary(String subject, String messageId, String inReplyTo, String references) {
    return new MessageSummary("(NIL \"" + subject + "\" NIL NIL NIL NIL NIL NIL NIL NIL)",
        "(\"text\" \"plain\" NIL NIL NIL \"7bit\" 5 1)", "(\"text\" \"plain\" NIL NIL NIL \"7bit\" 5 1)",
        Instant.parse("2024-01-02T03:04:05Z"), subject, "a@example.net", "b@example.com", "", messageId, inReplyTo,
        references, 40);
  }

  protected BlobRef blob(String text) throws Exception {
    return store.blobs().put(("Subject: " + text + "\r\n\r\nbody " + text + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  protected AppendResult append(Mailbox mailbox, String text, String... flags) throws Exception {
    AppendResult result = mail.append(mailbox.id(), blob(text), summary(text, "<" + text + "@x>", null, null),
        Set.of(flags), Instant.now().truncatedTo(ChronoUnit.SECONDS));
    assertThat(result.ok()).as("append %s", text).isTrue();
    return result;
  }

  private static void assertCode(ThrowingCallable call, StoreException.Code code) {
    assertThatThrownBy(call).isInstanceOf(StoreException.class)
        .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(code))
        .satisfies(e -> assertThat(e.getMessage()).isNotBlank());
  }

  // ---------------------------------------------------------------- directory

  @Test
  void domainsAreCanonicalAndUnique() {
    directory.addDomain("Example.COM");
    directory.addDomain("bücher.example");
    assertThat(directory.domains()).extracting(Domain::name)
        .containsExactly("example.com", "xn--bcher-kva.example");
    assertThat(directory.domain("BÜCHER.example")).isPresent();
    assertCode(() -> directory.addDomain("example.com"), StoreException.Code.DUPLICATE);
    assertCode(() -> directory.addDomain("bad..domain"), StoreException.Code.INVALID_ADDRESS);
    assertThat(directory.domain("not a domain")).isEmpty();
  }

  @Test
  void aDomainIsSeenTheMomentItIsAddedAndGoneTheMomentItIsRemoved() {
    assertThat(directory.domain("new.example")).isEmpty(); // asked before: the answer must not be kept past a change
    directory.addDomain("new.example");
    assertThat(directory.domain("NEW.example")).isPresent();
    directory.removeDomain("new.example", false);
    assertThat(directory.domain("new.example")).isEmpty();
  }

  @Test
  void newAccountHasDefaultMailboxesWithSpecialUseAllSubscribed() {
    Account me = account("Me@Example.com");
    assertThat(me.address()).isEqualTo("me@example.com");
    assertThat(me.role()).isEqualTo(Role.USER);
    List<Mailbox> boxes = mail.mailboxes(me.id());
    assertThat(boxes).extracting(Mailbox::name)
        .containsExactlyInAnyOrder("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive");
    assertThat(boxes.get(0).name()).isEqualTo("INBOX");
    assertThat(boxes).allMatch(Mailbox::subscribed);
    assertThat(boxes).filteredOn(b -> b.name().equals("Sent")).extracting(Mailbox::specialUse)
        .containsExactly("\\Sent");
    assertThat(boxes).extracting(Mailbox::specialUse)
        .containsExactlyInAnyOrder(null, "\\Sent", "\\Drafts", "\\Trash", "\\Junk", "\\Archive");
    assertThat(boxes).allMatch(b -> b.uidNext() == 1 && b.messages() == 0 && !b.noSelect());
    assertThat(boxes).extracting(Mailbox::mailboxId).doesNotHaveDuplicates();
    assertThat(mail.subscriptions(me.id())).hasSize(6);
  }

  @Test
  void accountErrors() {
    account("me@example.com");
    assertCode(() -> account("ME@example.com"), StoreException.Code.DUPLICATE);
    assertCode(() -> directory.addAccount("you@unknown.example", "x", Role.USER, 0),
        StoreException.Code.UNKNOWN_DOMAIN);
    assertCode(() -> directory.addAccount("a%b@example.com", "x", Role.USER, 0), StoreException.Code.INVALID_ADDRESS);
    assertCode(() -> directory.setPassword("nobody@example.com", "x"), StoreException.Code.NOT_FOUND);
    assertCode(() -> directory.removeAccount("nobody@example.com"), StoreException.Code.NOT_FOUND);
  }

  @Test
  void accountUpdatesAndLookups() {
    directory.addDomain("bücher.example");
    Account me = account("Ann@BÜCHER.example");
    assertThat(me.address()).isEqualTo("ann@xn--bcher-kva.example");
    directory.setPassword("ann@xn--bcher-kva.example", "new-hash");
    directory.setRole("ANN@bücher.example", Role.ADMIN);
    directory.setQuota("ann@bücher.example", 1000);
    directory.setDisabled("ann@bücher.example", true);
    Account updated = directory.account("ann@BÜCHER.EXAMPLE").orElseThrow();
    assertThat(updated.passwordHash()).isEqualTo("new-hash");
    assertThat(updated.isAdmin()).isTrue();
    assertThat(updated.quotaBytes()).isEqualTo(1000);
    assertThat(updated.disabled()).isTrue();
    assertThat(directory.accountById(me.id())).contains(updated);
    account("bob@other.example");
    assertThat(directory.accounts(null)).hasSize(2);
    assertThat(directory.accounts("bücher.example")).extracting(Account::address)
        .containsExactly("ann@xn--bcher-kva.example");
    assertThat(directory.account("garbage")).isEmpty();
    directory.removeAccount("ann@bücher.example");
    assertThat(directory.account("ann@xn--bcher-kva.example")).isEmpty();
    assertThat(mail.mailboxes(me.id())).isEmpty();
  }

  @Test
  void scramKeysLiveBesideThePasswordHash() {
    directory.addDomain("example.com");
    Account plain = directory.addAccount("me@example.com", "hash-1", Role.USER, 0);
    assertThat(plain.scramSha256()).isNull();
    Account keyed = directory.addAccount("you@example.com", "hash-y", "keys-y", Role.USER, 0);
    assertThat(keyed.scramSha256()).isEqualTo("keys-y");
    // added after a login only while the password is still the one verified
    assertThat(directory.addScramKeys("ME@example.com", "other-hash", "keys-1")).isFalse();
    assertThat(directory.account("me@example.com").orElseThrow().scramSha256()).isNull();
    assertThat(directory.addScramKeys("ME@example.com", "hash-1", "keys-1")).isTrue();
    assertThat(directory.account("me@example.com").orElseThrow().scramSha256()).isEqualTo("keys-1");
    assertThat(directory.addScramKeys("nobody@example.com", "hash-1", "keys-1")).isFalse();
    // a new password replaces both; without keys of its own the old keys go
    directory.setPassword("me@example.com", "hash-2", "keys-2");
    assertThat(directory.account("me@example.com").orElseThrow())
        .extracting(Account::passwordHash, Account::scramSha256).containsExactly("hash-2", "keys-2");
    directory.setPassword("me@example.com", "hash-3");
    assertThat(directory.account("me@example.com").orElseThrow())
        .extracting(Account::passwordHash, Account::scramSha256).containsExactly("hash-3", null);
    reopen();
    assertThat(directory.account("you@example.com").orElseThrow().scramSha256()).isEqualTo("keys-y");
  }

  @Test
  void domainWithAccountsIsRemovedOnlyWhenForced() throws Exception {
    Account me = account("me@example.com");
    append(inbox(me), "one");
    directory.addAlias("sales@example.com", List.of("me@example.com"));
    assertCode(() -> directory.removeDomain("example.com", false), StoreException.Code.DOMAIN_NOT_EMPTY);
    assertThat(directory.domain("example.com")).isPresent();
    directory.removeDomain("EXAMPLE.com", true);
    assertThat(directory.domain("example.com")).isEmpty();
    assertThat(directory.account("me@example.com")).isEmpty();
    assertThat(directory.aliases(null)).isEmpty();
    assertThat(mail.mailboxes(me.id())).isEmpty();
    assertCode(() -> directory.removeDomain("example.com", false), StoreException.Code.NOT_FOUND);
    directory.addDomain("empty.example");
    directory.removeDomain("empty.example", false);
    assertThat(directory.domains()).isEmpty();
  }

  @Test
  void aliasesAddExtendListRemove() {
    account("me@example.com");
    account("you@example.com");
    Alias sales = directory.addAlias("Sales@Example.com", List.of("me@example.com", "partner@remote.example"));
    assertThat(sales.source()).isEqualTo("sales@example.com");
    assertThat(sales.targets()).containsExactly("me@example.com", "partner@remote.example");
    Alias extended = directory.addAlias("sales@example.com", List.of("YOU@example.com", "me@example.com"));
    assertThat(extended.targets()).containsExactly("me@example.com", "partner@remote.example", "you@example.com");
    Alias catchAll = directory.addAlias("@example.com", List.of("me@example.com"));
    assertThat(catchAll.isCatchAll()).isTrue();
    assertThat(directory.aliases("example.com")).extracting(Alias::source)
        .containsExactly("@example.com", "sales@example.com");
    assertThat(directory.alias("SALES@example.com")).contains(extended);
    directory.removeAlias("sales@example.com");
    assertThat(directory.alias("sales@example.com")).isEmpty();
    assertCode(() -> directory.removeAlias("sales@example.com"), StoreException.Code.NOT_FOUND);
    assertCode(() -> directory.addAlias("x@unknown.example", List.of("me@example.com")),
        StoreException.Code.UNKNOWN_DOMAIN);
    assertCode(() -> directory.addAlias("me@example.com", List.of("you@example.com")), StoreException.Code.DUPLICATE);
    directory.addAlias("team@example.com", List.of("me@example.com"));
    assertCode(() -> account("team@example.com"), StoreException.Code.DUPLICATE);
    assertCode(() -> directory.addAlias("list@example.com", List.of()), StoreException.Code.INVALID_ADDRESS);
  }

  @Test
  void aliasLoopsAreRefused() {
    account("me@example.com");
    assertCode(() -> directory.addAlias("a@example.com", List.of("a@example.com")), StoreException.Code.ALIAS_LOOP);
    directory.addAlias("a@example.com", List.of("b@example.com"));
    directory.addAlias("b@example.com", List.of("c@example.com"));
    assertCode(() -> directory.addAlias("c@example.com", List.of("me@example.com", "a@example.com")),
        StoreException.Code.ALIAS_LOOP);
    assertThat(directory.alias("c@example.com")).isEmpty(); // refused as a whole
    assertCode(() -> directory.addAlias("c@example.com", List.of("A+tag@example.com")),
        StoreException.Code.ALIAS_LOOP);
    // a catch-all may point at an address that does not exist yet; resolution stops the fall-through at run time
    directory.addAlias("@example.com", List.of("later@example.com"));
    directory.addAlias("c@example.com", List.of("me@example.com"));
    directory.addAlias("@example.com", List.of("me@example.com"));
  }

  @Test
  void allowedSenders() {
    Account me = account("me@example.com");
    directory.setAllowedSenders(me.id(), List.of("Boss@Example.com", "@other.example"));
    assertThat(directory.allowedSenders(me.id())).containsExactly("@other.example", "boss@example.com");
    directory.setAllowedSenders(me.id(), List.of());
    assertThat(directory.allowedSenders(me.id())).isEmpty();
  }

  // ---------------------------------------------------------------- mailboxes

  @Test
  void createMailboxWithParents() {
    Account me = account("me@example.com");
    Mailbox leaf = mail.createMailbox(me.id(), "Work/2024/Q1", null);
    assertThat(leaf.name()).isEqualTo("Work/2024/Q1");
    assertThat(mail.mailbox(me.id(), "Work")).isPresent();
    assertThat(mail.mailbox(me.id(), "Work/2024")).hasValueSatisfying(m -> assertThat(m.noSelect()).isFalse());
    assertThat(mail.mailbox(me.id(), "inbox")).isPresent();
    Mailbox special = mail.createMailbox(me.id(), "All Mail", "\\all");
    assertThat(special.specialUse()).isEqualTo("\\All");
    Mailbox trailing = mail.createMailbox(me.id(), "Lists/", null);
    assertThat(trailing.name()).isEqualTo("Lists");
    assertCode(() -> mail.createMailbox(me.id(), "work/2024/Q1".replace("work", "Work"), null),
        StoreException.Code.MAILBOX_EXISTS);
    assertCode(() -> mail.createMailbox(me.id(), "INBOX", null), StoreException.Code.MAILBOX_EXISTS);
    for (String bad : List.of("", "a//b", "/a", "a/../b", "x%", "y*", "tab\there")) {
      assertCode(() -> mail.createMailbox(me.id(), bad, null), StoreException.Code.INVALID_MAILBOX_NAME);
    }
    Mailbox inboxChild = mail.createMailbox(me.id(), "inbox/sub", null);
    assertThat(inboxChild.name()).isEqualTo("INBOX/sub");
  }

  @Test
  void deleteMailboxWithChildrenKeepsItAsNoSelect() throws Exception {
    Account me = account("me@example.com");
    Mailbox parent = mail.createMailbox(me.id(), "Projects", null);
    mail.createMailbox(me.id(), "Projects/Alpha", null);
    append(parent, "p1");
    mail.deleteMailbox(me.id(), "Projects");
    Mailbox kept = mail.mailbox(me.id(), "Projects").orElseThrow();
    assertThat(kept.noSelect()).isTrue();
    assertThat(kept.messages()).isZero();
    assertThat(mail.messages(kept.id())).isEmpty();
    assertCode(() -> mail.deleteMailbox(me.id(), "Projects"), StoreException.Code.CANNOT_DELETE);
    assertCode(() -> append(kept, "nope"), StoreException.Code.NO_SUCH_MAILBOX);
    mail.deleteMailbox(me.id(), "Projects/Alpha");
    assertThat(mail.mailbox(me.id(), "Projects/Alpha")).isEmpty();
    assertThat(mail.mailbox(me.id(), "Projects")).isEmpty(); // a \Noselect parent without children goes too
    assertCode(() -> mail.deleteMailbox(me.id(), "INBOX"), StoreException.Code.CANNOT_DELETE);
    assertCode(() -> mail.deleteMailbox(me.id(), "Nope"), StoreException.Code.NO_SUCH_MAILBOX);
  }

  @Test
  void recreatedMailboxGetsNewUidValidity() throws Exception {
    Account me = account("me@example.com");
    Mailbox first = mail.createMailbox(me.id(), "Temp", null);
    append(first, "t1");
    mail.deleteMailbox(me.id(), "Temp");
    Mailbox second = mail.createMailbox(me.id(), "Temp", null);
    assertThat(second.uidValidity()).isGreaterThan(first.uidValidity());
    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(second.mailboxId()).isNotEqualTo(first.mailboxId());
  }

  @Test
  void renameMovesChildrenAndSubscriptions() throws Exception {
    Account me = account("me@example.com");
    Mailbox work = mail.createMailbox(me.id(), "Work", null);
    mail.createMailbox(me.id(), "Work/Old", null);
    mail.setSubscribed(me.id(), "Work/Old", true);
    append(work, "w1");
    mail.renameMailbox(me.id(), "Work", "Archive/Work");
    assertThat(mail.mailbox(me.id(), "Work")).isEmpty();
    Mailbox renamed = mail.mailbox(me.id(), "Archive/Work").orElseThrow();
    assertThat(renamed.id()).isEqualTo(work.id());
    assertThat(renamed.uidValidity()).isEqualTo(work.uidValidity());
    assertThat(renamed.mailboxId()).isEqualTo(work.mailboxId());
    assertThat(renamed.messages()).isEqualTo(1);
    assertThat(mail.mailbox(me.id(), "Archive/Work/Old")).isPresent();
    assertThat(mail.subscriptions(me.id())).contains("Archive/Work/Old").doesNotContain("Work/Old");
    assertCode(() -> mail.renameMailbox(me.id(), "Nope", "Other"), StoreException.Code.NO_SUCH_MAILBOX);
    assertCode(() -> mail.renameMailbox(me.id(), "Sent", "Drafts"), StoreException.Code.MAILBOX_EXISTS);
    assertCode(() -> mail.renameMailbox(me.id(), "Sent", "Sent/Inner"), StoreException.Code.INVALID_MAILBOX_NAME);
  }

  @Test
  void renameInboxMovesMessagesAndLeavesInboxEmpty() throws Exception {
    Account me = account("me@example.com");
    Mailbox inbox = inbox(me);
    append(inbox, "i1", "\\Seen");
    append(inbox, "i2");
    mail.createMailbox(me.id(), "INBOX/Child", null);
    mail.renameMailbox(me.id(), "INBOX", "Old Inbox");
    Mailbox after = inbox(me);
    assertThat(after.id()).isEqualTo(inbox.id());
    assertThat(after.uidValidity()).isEqualTo(inbox.uidValidity());
    assertThat(after.messages()).isZero();
    assertThat(after.uidNext()).isEqualTo(3);
    assertThat(mail.expungedSince(inbox.id(), 0)).containsExactly(1L, 2L);
    Mailbox old = mail.mailbox(me.id(), "Old Inbox").orElseThrow();
    assertThat(old.uidValidity()).isNotEqualTo(inbox.uidValidity());
    assertThat(mail.messages(old.id())).extracting(MessageMeta::uid).containsExactly(1L, 2L);
    assertThat(mail.messages(old.id()).get(0).flags()).containsExactly("\\Seen");
    assertThat(mail.mailbox(me.id(), "INBOX/Child")).isPresent();
    assertThat(append(inbox(me), "i3").uid()).isEqualTo(3);
  }

  // ---------------------------------------------------------------- messages

  @Test
  void mailboxVersionFollowsEveryChangeOfTheMailbox() throws Exception {
    Account me = account("me@example.com");
    Mailbox inbox = inbox(me);
    assertThat(mail.mailboxVersion(inbox.id())).contains(inbox.version());
    AppendResult added = append(inbox, "one");
    Mailbox.Version afterAppend = mail.mailboxVersion(inbox.id()).orElseThrow();
    assertThat(afterAppend).isEqualTo(inbox(me).version()).isNotEqualTo(inbox.version());
    assertThat(afterAppend.highestModseq()).isEqualTo(added.modseq());
    mail.storeFlags(inbox.id(), List.of(added.uid()), FlagMode.ADD, Set.of("\\Deleted"), 0);
    assertThat(mail.mailboxVersion(inbox.id()).orElseThrow()).isEqualTo(inbox(me).version()).isNotEqualTo(afterAppend);
    Mailbox other = mail.createMailbox(me.id(), "Gone", null);
    mail.deleteMailbox(me.id(), "Gone");
    assertThat(mail.mailboxVersion(other.id())).isEmpty();
  }

  @Test
  void appendAssignsIncreasingUidsAndModseqs() throws Exception {
    Account me = account("me@example.com");
    Mailbox inbox = inbox(me);
    AppendResult first = append(inbox, "one", "\\Seen", "$label1");
    AppendResult second = append(inbox, "two");
    assertThat(first.uid()).isEqualTo(1);
    assertThat(second.uid()).isEqualTo(2);
    assertThat(second.modseq()).isGreaterThan(first.modseq());
    assertThat(first.uidValidity()).isEqualTo(inbox.uidValidity());
    Mailbox now = inbox(me);
    assertThat(now.uidNext()).isEqualTo(3);
    assertThat(now.highestModseq()).isEqualTo(second.modseq());
    assertThat(now.messages()).isEqualTo(2);
    assertThat(now.unseen()).isEqualTo(1);
    List<MessageMeta> metas = mail.messages(inbox.id());
    assertThat(metas).extracting(MessageMeta::uid).containsExactly(1L, 2L);
    assertThat(metas.get(0).flags()).containsExactly("\\Seen", "$label1");
    assertThat(metas.get(0).emailId()).isNotEqualTo(metas.get(1).emailId());
    assertThat(now.bytes()).isEqualTo(metas.get(0).size() + metas.get(1).size());
    assertThat(mail.messages(inbox.id(), 2, 10)).extracting(MessageMeta::uid).containsExactly(2L);
    Map<Long, MessageSummary> summaries = mail.summaries(inbox.id(), List.of(2L, 1L, 99L));
    assertThat(summaries).containsOnlyKeys(1L, 2L);
    assertThat(summaries.get(2L).subject()).isEqualTo("two");
    assertThat(summaries.get(2L).sentDate()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
    assertThat(mail.usedBytes(me.id())).isEqualTo(now.bytes());
    assertThat(mail.messageCount(me.id())).isEqualTo(2);
    assertThat(store.blobs().read(metas.get(0).blobId())).asString(StandardCharsets.UTF_8).contains("body one");
  }

  @Test
  void deliverToManyAccountsAndFolders() throws Exception {
    Account a = account("a@example.com");
    Account b = account("b@example.com");
    mail.createMailbox(b.id(), "Lists", null);
    BlobRef blob = blob("shared");
    List<AppendResult> results = mail.deliver(blob, summary("shared", "<s@x>", null, null), Instant.now(), List.of(
        DeliveryTarget.inbox(a.id()),
        new DeliveryTarget(b.id(), "Lists", Set.of("\\Flagged")),
        new DeliveryTarget(b.id(), "No Such Folder", Set.of())));
    assertThat(results).allMatch(AppendResult::ok);
    assertThat(results.get(0).mailboxId()).isEqualTo(inbox(a).id());
    assertThat(results.get(1).mailboxId()).isEqualTo(mail.mailbox(b.id(), "Lists").orElseThrow().id());
    assertThat(results.get(2).mailboxId()).isEqualTo(inbox(b).id());
    MessageMeta listed = mail.messages(results.get(1).mailboxId()).get(0);
    assertThat(listed.flags()).containsExactly("\\Flagged");
    assertThat(listed.blobId()).isEqualTo(blob.id());
    assertThat(mail.summaries(results.get(0).mailboxId(), List.of(1L)).get(1L).messageId()).isEqualTo("<s@x>");
  }

  @Test
  void storeFlagsWithModesAndUnchangedSince() throws Exception {
    Account me = account("me@example.com");
    Mailbox inbox = inbox(me);
    append(inbox, "m1");
    append(inbox, "m2");
    append(inbox, "m3");
    FlagUpdate add = mail.storeFlags(inbox.id(), List.of(1L, 2L, 99L), FlagMode.ADD, Set.of("\\seen", "Work"), 0);
    assertThat(add.updated()).extracting(MessageMeta::uid).containsExactly(1L, 2L);
    assertThat(add.updated().get(0).flags()).containsExactly("\\Seen", "Work");
    long modseq = add.updated().get(0).modseq();
    assertThat(inbox(me).highestModseq()).isEqualTo(modseq);
    assertThat(inbox(me).unseen()).isEqualTo(1);
    FlagUpdate again = mail.storeFlags(inbox.id(), List.of(1L), FlagMode.ADD, Set.of("\\Seen"), 0);
    assertThat(again.updated()).isEmpty(); // nothing changed, no modseq bump
    assertThat(inbox(me).highestModseq()).isEqualTo(modseq);
    FlagUpdate remove = mail.storeFlags(inbox.id(), List.of(1L), FlagMode.REMOVE, Set.of("work"), 0);
    assertThat(remove.updated().get(0).flags()).containsExactly("\\Seen");
    FlagUpdate replace = mail.storeFlags(inbox.id(), List.of(3L), FlagMode.REPLACE, Set.of("\\Flagged"), 0);
    assertThat(replace.updated().get(0).flags()).containsExactly("\\Flagged");
    // RFC 7162: message 1 changed after `modseq`, message 2 did not
    FlagUpdate conditional = mail.storeFlags(inbox.id(), List.of(1L, 2L), FlagMode.ADD, Set.of("\\Answered"), modseq);
    assertThat(conditional.modifiedSinceFailed()).containsExactly(1L);
    assertThat(conditional.updated()).extracting(MessageMeta::uid).containsExactly(2L);
    assertThat(mail.changedSince(inbox.id(), modseq)).extracting(MessageMeta::uid).containsExactly(1L, 2L, 3L);
    assertThat(mail.changedSince(inbox.id(), inbox(me).highestModseq())).isEmpty();
  }

  @Test
  void keywordsInUseInAMailbox() throws Exception {
    Account me = account("me@example.com");
    Mailbox inbox = inbox(me);
    append(inbox, "k1");
    append(inbox, "k2");
    append(inbox, "k3");
    assertThat(mail.keywords(inbox.id())).isEmpty();
    mail.storeFlags(inbox.id(), List.of(1L), FlagMode.ADD, Set.of("\\Seen", "\\Flagged"), 0);
    assertThat(mail.keywords(inbox.id())).isEmpty(); // system flags are not keywords
    mail.storeFlags(inbox.id(), List.of(1L, 2L), FlagMode.ADD, Set.of("$Label1", "Work"), 0);
    mail.storeFlags(inbox.id(), List.of(3L), FlagMode.ADD, Set.of("$Junk"), 0);
    assertThat(mail.keywords(inbox.id())).containsExactlyInAnyOrder("$Label1", "Work", "$Junk");
    mail.storeFlags(inbox.id(), List.of(3L), FlagMode.REMOVE, Set.of("$Junk"), 0);
    assertThat(mail.keywords(inbox.id())).containsExactlyInAnyOrder("$Label1", "Work");
    Mailbox archive = mail.mailbox(me.id(), "Archive").orElseThrow();
    assertThat(mail.keywords(archive.id())).isEmpty();
  }

  @Test
  void expungeLeavesTombstones() throws Exception {
    Account me = account("me@example.com");
    Mailbox inbox = inbox(me);
    for (int i = 1; i <= 4; i++) {
      append(inbox, "e" + i);
    }
    long before = inbox(me).highestModseq();
    assertThat(mail.expunge(inbox.id(), List.of(3L, 1L, 42L))).containsExactly(1L, 3L);
    Mailbox after = inbox(me);
    assertThat(after.highestModseq()).isGreaterThan(before);
    assertThat(after.messages()).isEqualTo(2);
    assertThat(mail.messages(inbox.id())).extracting(MessageMeta::uid).containsExactly(2L, 4L);
    assertThat(mail.expungedSince(inbox.id(), before)).containsExactly(1L, 3L);
    assertThat(mail.expungedSince(inbox.id(), after.highestModseq())).isEmpty();
    assertThat(mail.expunge(inbox.id(), List.of(1L))).isEmpty();
    assertThat(append(inbox, "e5").uid()).isEqualTo(5); // UIDs never reused
  }

  @Test
  void copyAndMoveKeepEmailIdAndReportCopyUid() throws Exception {
    Account me = account("me@example.com");
    Mailbox inbox = inbox(me);
    Mailbox archive = mail.mailbox(me.id(), "Archive").orElseThrow();
    append(inbox, "c1", "\\Seen");
    append(inbox, "c2");
    append(inbox, "c3");
    CopyResult copied = mail.copy(inbox.id(), List.of(3L, 1L), archive.id());
    assertThat(copied.uidValidity()).isEqualTo(archive.uidValidity());
    assertThat(copied.sourceUids()).containsExactly(1L, 3L);
    assertThat(copied.destinationUids()).containsExactly(1L, 2L);
    List<MessageMeta> src = mail.messages(inbox.id());
    List<MessageMeta> dst = mail.messages(archive.id());
    assertThat(dst.get(0).emailId()).isEqualTo(src.get(0).emailId());
    assertThat(dst.get(0).flags()).containsExactly("\\Seen");
    assertThat(src).hasSize(3);
    CopyResult moved = mail.move(inbox.id(), List.of(2L), archive.id());
    assertThat(moved.destinationUids()).containsExactly(3L);
    assertThat(mail.messages(inbox.id())).extracting(MessageMeta::uid).containsExactly(1L, 3L);
    assertThat(mail.expungedSince(inbox.id(), 0)).containsExactly(2L);
    assertThat(inbox(me).messages()).isEqualTo(2);
    assertThat(mail.mailbox(me.id(), "Archive").orElseThrow().messages()).isEqualTo(3);
    assertThat(mail.copy(inbox.id(), List.of(77L), archive.id()).sourceUids()).isEmpty();
  }

  @Test
  void quotaIsEnforcedOnAppendDeliverAndCopy() throws Exception {
    Account small = account("small@example.com");
    Account big = account("big@example.com");
    BlobRef first = blob("quota-1");
    directory.setQuota("small@example.com", first.size() + 10);
    assertThat(mail.append(inbox(small).id(), first, null, Set.of(), Instant.now()).ok()).isTrue();
    AppendResult refused = mail.append(inbox(small).id(), blob("quota-2"), null, Set.of(), Instant.now());
    assertThat(refused.ok()).isFalse();
    assertThat(refused.error()).isEqualTo(StoreException.Code.QUOTA_EXCEEDED);
    List<AppendResult> mixed = mail.deliver(blob("quota-3"), null, Instant.now(),
        List.of(DeliveryTarget.inbox(small.id()), DeliveryTarget.inbox(big.id())));
    assertThat(mixed.get(0).error()).isEqualTo(StoreException.Code.QUOTA_EXCEEDED);
    assertThat(mixed.get(1).ok()).isTrue();
    assertCode(() -> mail.copy(inbox(small).id(), List.of(1L), mail.mailbox(small.id(), "Archive").orElseThrow().id()),
        StoreException.Code.QUOTA_EXCEEDED);
    // moving within the account does not add bytes
    mail.move(inbox(small).id(), List.of(1L), mail.mailbox(small.id(), "Archive").orElseThrow().id());
    assertThat(mail.usedBytes(small.id())).isEqualTo(first.size());
    directory.setQuota("small@example.com", 0);
    assertThat(mail.append(inbox(small).id(), blob("quota-4"), null, Set.of(), Instant.now()).ok()).isTrue();
  }

  @Test
  void appendAllStoresEveryMessageOrNone() throws Exception {
    Account me = account("multi@example.com");
    Mailbox inbox = inbox(me);
    append(inbox, "before");
    List<MailboxEvent> events = Collections.synchronizedList(new ArrayList<>());
    store.events().subscribe(me.id(), events::add);
    Instant old = Instant.parse("2001-02-03T04:05:06Z");
    List<AppendResult> results = mail.appendAll(inbox.id(), List.of(
        new NewMessage(blob("m1"), summary("m1", "<m1@x>", null, null), Set.of("\\Seen"), old),
        new NewMessage(blob("m2"), summary("m2", "<m2@x>", null, null), Set.of("$Draft"), null)));
    assertThat(results).extracting(AppendResult::uid).containsExactly(2L, 3L);
    assertThat(results).allMatch(r -> r.ok() && r.uidValidity() == inbox.uidValidity());
    assertThat(results.get(1).modseq()).isGreaterThan(results.get(0).modseq());
    List<MessageMeta> metas = mail.messages(inbox.id());
    assertThat(metas).extracting(MessageMeta::uid).containsExactly(1L, 2L, 3L);
    assertThat(metas.get(1).flags()).containsExactly("\\Seen");
    assertThat(metas.get(1).internalDate()).isEqualTo(old);
    assertThat(metas.get(2).flags()).containsExactly("$Draft");
    assertThat(inbox(me).messages()).isEqualTo(3);
    assertThat(inbox(me).unseen()).isEqualTo(2);
    assertThat(mail.summaries(inbox.id(), List.of(3L)).get(3L).subject()).isEqualTo("m2");
    assertThat(events).filteredOn(e -> e.kind() == MailboxEvent.Kind.APPENDED).flatExtracting(MailboxEvent::uids)
        .containsExactly(2L, 3L);
    // each APPENDED event names the keywords its messages carry, system flags left out
    assertThat(events).filteredOn(e -> e.kind() == MailboxEvent.Kind.APPENDED && e.uids().contains(3L))
        .singleElement().extracting(MailboxEvent::names).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .containsExactly("$Draft");
    assertThat(events).filteredOn(e -> e.kind() == MailboxEvent.Kind.APPENDED && e.uids().contains(2L))
        .singleElement().extracting(MailboxEvent::names).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .isEmpty();
    Mailbox archive = mail.createMailbox(me.id(), "KeywordCopies", null);
    events.clear();
    mail.copy(inbox.id(), List.of(2L, 3L), archive.id());
    assertThat(events).filteredOn(e -> e.kind() == MailboxEvent.Kind.APPENDED).singleElement()
        .extracting(MailboxEvent::names).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .containsExactly("$Draft");

    // RFC 3502: when they do not fit together, none is stored
    long used = mail.usedBytes(me.id());
    BlobRef big1 = blob("quota-a");
    BlobRef big2 = blob("quota-b");
    directory.setQuota("multi@example.com", used + big1.size() + big2.size() - 1);
    assertCode(() -> mail.appendAll(inbox.id(), List.of(new NewMessage(big1, null, Set.of(), null),
        new NewMessage(big2, null, Set.of(), null))), StoreException.Code.QUOTA_EXCEEDED);
    assertThat(mail.messages(inbox.id())).hasSize(3);
    assertThat(inbox(me).uidNext()).isEqualTo(4);
    assertThat(mail.appendAll(inbox.id(), List.of(new NewMessage(big1, null, Set.of(), null)))).hasSize(1);
    assertCode(() -> mail.appendAll(-5, List.of(new NewMessage(big2, null, Set.of(), null))),
        StoreException.Code.NO_SUCH_MAILBOX);
  }

  @Test
  void saveDateIsSetByAppendDeliverCopyAndMove() throws Exception {
    Account me = account("saved@example.com");
    Mailbox inbox = inbox(me);
    Mailbox archive = mail.mailbox(me.id(), "Archive").orElseThrow();
    Instant old = Instant.parse("2001-02-03T04:05:06Z");
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    mail.append(inbox.id(), blob("s1"), null, Set.of(), old);
    mail.deliver(blob("s2"), null, old, List.of(DeliveryTarget.inbox(me.id())));
    mail.appendAll(inbox.id(), List.of(new NewMessage(blob("s3"), null, Set.of(), old)));
    for (MessageMeta m : mail.messages(inbox.id())) {
      assertThat(m.internalDate()).isEqualTo(old);
      assertThat(m.savedDate()).isBetween(t0, Instant.now());
    }
    Instant firstSaved = mail.messages(inbox.id()).get(0).savedDate();
    Thread.sleep(20);
    Instant t1 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    mail.copy(inbox.id(), List.of(1L), archive.id());
    mail.move(inbox.id(), List.of(2L), archive.id());
    List<MessageMeta> copies = mail.messages(archive.id());
    assertThat(copies).hasSize(2).allSatisfy(m -> {
      assertThat(m.internalDate()).isEqualTo(old);
      assertThat(m.savedDate()).isAfterOrEqualTo(t1);
    });
    assertThat(mail.messages(inbox.id()).get(0).savedDate()).isEqualTo(firstSaved); // the source keeps its date
    FlagUpdate flagged = mail.storeFlags(inbox.id(), List.of(1L), FlagMode.ADD, Set.of("\\Flagged"), 0);
    assertThat(flagged.updated().get(0).savedDate()).isEqualTo(firstSaved);
    reopen();
    assertThat(mail.messages(inbox.id()).get(0).savedDate()).isEqualTo(firstSaved);
  }

  @Test
  void threadIdFollowsReferences() throws Exception {
    Account me = account("me@example.com");
    Mailbox inbox = inbox(me);
    BlobRef b1 = blob("root");
    mail.append(inbox.id(), b1, summary("root", "root@x", null, null), Set.of(), Instant.now());
    BlobRef b2 = blob("reply");
    mail.append(inbox.id(), b2, summary("Re: root", "reply@x", "<root@x>", "<root@x>"), Set.of(), Instant.now());
    BlobRef b3 = blob("other");
    mail.append(inbox.id(), b3, summary("other", "other@x", null, null), Set.of(), Instant.now());
    List<MessageMeta> metas = mail.messages(inbox.id());
    assertThat(metas.get(1).threadId()).isEqualTo(metas.get(0).threadId());
    assertThat(metas.get(2).threadId()).isNotEqualTo(metas.get(0).threadId());
    assertThat(metas).extracting(MessageMeta::emailId).doesNotHaveDuplicates();
  }

  // ---------------------------------------------------------------- blobs, events, bans, database

  @Test
  void sameBytesAreStoredOnce() throws Exception {
    byte[] bytes = "Subject: x\r\n\r\nsame\r\n".getBytes(StandardCharsets.US_ASCII);
    BlobRef one = store.blobs().put(bytes);
    BlobRef two = store.blobs().put(new java.io.ByteArrayInputStream(bytes));
    assertThat(two).isEqualTo(one);
    assertThat(one.size()).isEqualTo(bytes.length);
    assertThat(one.id()).hasSize(64);
    assertThat(store.blobs().exists(one.id())).isTrue();
    try (var in = store.blobs().open(one.id())) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    assertThat(store.blobs().exists("../../etc/passwd")).isFalse();
    assertThatThrownBy(() -> store.blobs().read("../x")).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void eventsArePublishedAfterCommitAndListenersCannotBreakThePublisher() throws Exception {
    Account me = account("me@example.com");
    Account other = account("other@example.com");
    List<MailboxEvent> seen = Collections.synchronizedList(new ArrayList<>());
    List<MailboxEvent> otherSeen = Collections.synchronizedList(new ArrayList<>());
    store.events().subscribe(me.id(), e -> {
      throw new IllegalStateException("broken listener");
    });
    EventBus.Subscription subscription = store.events().subscribe(me.id(), seen::add);
    store.events().subscribe(other.id(), otherSeen::add);
    Mailbox inbox = inbox(me);
    AppendResult appended = append(inbox, "ev1");
    mail.storeFlags(inbox.id(), List.of(1L), FlagMode.ADD, Set.of("\\Seen"), 0);
    mail.expunge(inbox.id(), List.of(1L));
    mail.createMailbox(me.id(), "Events", null);
    assertThat(seen).extracting(MailboxEvent::kind).containsExactly(MailboxEvent.Kind.APPENDED,
        MailboxEvent.Kind.FLAGS_CHANGED, MailboxEvent.Kind.EXPUNGED, MailboxEvent.Kind.MAILBOX_CREATED);
    assertThat(seen.get(0).uids()).containsExactly(1L);
    assertThat(seen.get(0).modseq()).isEqualTo(appended.modseq());
    assertThat(seen.get(0).mailboxId()).isEqualTo(inbox.id());
    assertThat(otherSeen).isEmpty();
    subscription.close();
    append(inbox, "ev2");
    assertThat(seen).hasSize(4);
  }

  @Test
  void metadataIsPrivateOrSharedLimitedAndGoesWithItsMailboxAndAccount() throws Exception {
    Account me = account("me@example.com");
    Account other = account("other@example.com");
    MetadataStore md = store.metadata();
    MetadataStore.Limits limits = new MetadataStore.Limits(3, 15, 10);
    List<MailboxEvent> seen = Collections.synchronizedList(new ArrayList<>());
    List<MailboxEvent> serverWide = Collections.synchronizedList(new ArrayList<>());
    store.events().subscribe(me.id(), seen::add);
    store.events().subscribe(0, serverWide::add);
    Mailbox box = mail.createMailbox(me.id(), "Notes", null);
    Map<String, byte[]> set = new java.util.LinkedHashMap<>();
    set.put("/private/Comment", "mine".getBytes(StandardCharsets.UTF_8));
    set.put("/shared/comment", "ours".getBytes(StandardCharsets.UTF_8));
    assertThat(md.set(me.id(), box.id(), set, limits)).isEqualTo(MetadataStore.SetResult.OK);
    assertThat(md.entries(me.id(), box.id())).containsOnlyKeys("/private/comment", "/shared/comment");
    assertThat(new String(md.entries(me.id(), box.id()).get("/private/comment"), StandardCharsets.UTF_8))
        .isEqualTo("mine");
    // another account sees the shared entry, not the private one, and its own private entry counts against it
    assertThat(md.entries(other.id(), box.id())).containsOnlyKeys("/shared/comment");
    assertThat(md.set(other.id(), box.id(), Map.of("/private/comment", new byte[] {0, 1}), limits))
        .isEqualTo(MetadataStore.SetResult.OK);
    assertThat(md.usage(other.id())).isEqualTo(new MetadataStore.Usage(1, 2));
    assertThat(md.usage(me.id())).isEqualTo(new MetadataStore.Usage(2, 8));
    assertThat(seen).filteredOn(e -> e.kind() == MailboxEvent.Kind.METADATA_CHANGED)
        .flatExtracting(MailboxEvent::names).containsExactlyInAnyOrder("/private/comment", "/shared/comment");

    // limits: one value, the number of entries, the bytes of all; a refused change changes nothing
    assertThat(md.set(me.id(), 0, Map.of("/private/big", new byte[11]), limits))
        .isEqualTo(MetadataStore.SetResult.VALUE_TOO_LARGE);
    assertThat(md.set(me.id(), 0, Map.of("/private/a", new byte[10], "/private/b", new byte[1]), limits))
        .isEqualTo(MetadataStore.SetResult.TOO_MANY);
    assertThat(md.set(me.id(), 0, Map.of("/private/a", new byte[10]), limits))
        .isEqualTo(MetadataStore.SetResult.OVER_QUOTA);
    assertThat(md.entries(me.id(), 0)).isEmpty();
    Map<String, byte[]> replace = new java.util.HashMap<>();
    replace.put("/private/comment", null);
    replace.put("/private/a", new byte[10]);
    assertThat(md.set(me.id(), box.id(), replace, limits)).isEqualTo(MetadataStore.SetResult.OK);
    assertThat(md.usage(me.id())).isEqualTo(new MetadataStore.Usage(2, 14));

    // server entries: shared ones are the server's (owner 0) and every account sees them
    assertThat(md.set(me.id(), 0, Map.of("/shared/admin", "mailto:a@x".getBytes(StandardCharsets.UTF_8)), limits))
        .isEqualTo(MetadataStore.SetResult.OK);
    assertThat(md.entries(other.id(), 0)).containsOnlyKeys("/shared/admin");
    assertThat(md.usage(0)).isEqualTo(new MetadataStore.Usage(1, 10));
    assertThat(serverWide).extracting(MailboxEvent::mailboxId).containsExactly(0L);

    reopen();
    md = store.metadata();
    assertThat(md.entries(me.id(), box.id())).containsOnlyKeys("/private/a", "/shared/comment");
    mail.deleteMailbox(me.id(), "Notes");
    assertThat(md.entries(me.id(), box.id())).isEmpty();
    assertThat(md.entries(other.id(), box.id())).isEmpty();
    assertThatThrownBy(() -> store.metadata().set(me.id(), box.id(), Map.of("/private/x", new byte[1]), limits))
        .isInstanceOf(StoreException.class);
    assertThat(md.set(other.id(), 0, Map.of("/private/x", new byte[1]), limits)).isEqualTo(MetadataStore.SetResult.OK);
    directory.removeAccount(other.address());
    assertThat(md.usage(other.id())).isEqualTo(new MetadataStore.Usage(0, 0));
    assertThat(md.entries(me.id(), 0)).containsOnlyKeys("/shared/admin");
  }

  @Test
  void bansSurviveAndExpire() {
    Instant now = Instant.now();
    BanStore bans = store.bans();
    bans.recordFailure("ip:203.0.113.9", now.minusSeconds(30));
    bans.recordFailure("ip:203.0.113.9", now);
    assertThat(bans.failuresSince("ip:203.0.113.9", now.minusSeconds(60))).isEqualTo(2);
    assertThat(bans.failuresSince("ip:203.0.113.9", now.minusSeconds(10))).isEqualTo(1);
    bans.clearFailures("ip:203.0.113.9");
    assertThat(bans.failuresSince("ip:203.0.113.9", now.minusSeconds(60))).isZero();
    bans.ban("203.0.113.9", now.plusSeconds(600), "too many failures");
    bans.ban("198.51.100.1", now.minusSeconds(1), "expired");
    reopen();
    bans = store.bans();
    assertThat(bans.activeBan("203.0.113.9", now)).hasValueSatisfying(b -> assertThat(b.reason())
        .isEqualTo("too many failures"));
    assertThat(bans.activeBan("198.51.100.1", now)).isEmpty();
    assertThat(bans.bans(now)).extracting(Ban::ip).containsExactly("203.0.113.9");
    assertThat(bans.unban("203.0.113.9")).isTrue();
    assertThat(bans.unban("203.0.113.9")).isFalse();
    assertThat(bans.activeBan("203.0.113.9", now)).isEmpty();
    // an address just found not banned is banned at once when a ban is made, and again after it is lifted
    bans.ban("203.0.113.9", now.plusSeconds(600), "again");
    assertThat(bans.activeBan("203.0.113.9", now)).isPresent();
    bans.unban("203.0.113.9");
    assertThat(bans.activeBan("203.0.113.9", now)).isEmpty();
    bans.ban("203.0.113.9", now.plusSeconds(600), "once more");
    assertThat(bans.activeBan("203.0.113.9", now)).isPresent();
  }

  // ---------------------------------------------------------------- two-factor login and app passwords

  @Test
  void totpIsEnrolledConfirmedAndTakesEachStepOnce() {
    Account me = account("me@example.com");
    Account other = account("other@example.com");
    TotpRecords totp = store.totp();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    assertThat(totp.totp(me.id())).isEmpty();
    assertThat(totp.savePending(me.id(), "FIRSTSECRET", now)).isTrue();
    assertThat(totp.savePending(me.id(), "SECONDSECRET", now)).isTrue(); // a new enrolment replaces the pending one
    assertThat(totp.enable(me.id(), "FIRSTSECRET", 100, List.of("h1"))).isFalse();
    assertThat(totp.acceptStep(me.id(), 100)).isFalse(); // not on yet
    assertThat(totp.enable(me.id(), "SECONDSECRET", 100, List.of("h1", "h2"))).isTrue();
    assertThat(totp.savePending(me.id(), "THIRDSECRET", now)).isFalse(); // on: no new enrolment over it
    reopen();
    totp = store.totp();
    assertThat(totp.totp(me.id())).hasValueSatisfying(t -> {
      assertThat(t.secret()).isEqualTo("SECONDSECRET");
      assertThat(t.enabled()).isTrue();
      assertThat(t.lastStep()).isEqualTo(100);
      assertThat(t.created()).isEqualTo(now);
    });
    assertThat(totp.acceptStep(me.id(), 100)).isFalse(); // the confirming code's step is used
    assertThat(totp.acceptStep(me.id(), 101)).isTrue();
    assertThat(totp.acceptStep(me.id(), 101)).isFalse();
    assertThat(totp.acceptStep(me.id(), 99)).isFalse();
    assertThat(totp.recoveryCodesLeft(me.id())).isEqualTo(2);
    assertThat(totp.useRecoveryCode(other.id(), "h1")).isFalse();
    assertThat(totp.useRecoveryCode(me.id(), "h1")).isTrue();
    assertThat(totp.useRecoveryCode(me.id(), "h1")).isFalse();
    assertThat(totp.recoveryCodesLeft(me.id())).isEqualTo(1);
    assertThat(totp.replaceRecoveryCodes(me.id(), List.of("n1", "n2", "n3"))).isTrue();
    assertThat(totp.useRecoveryCode(me.id(), "h2")).isFalse();
    assertThat(totp.recoveryCodesLeft(me.id())).isEqualTo(3);
    assertThat(totp.replaceRecoveryCodes(other.id(), List.of("x"))).isFalse();
    assertThat(totp.disable(me.id())).isTrue();
    assertThat(totp.disable(me.id())).isFalse();
    assertThat(totp.totp(me.id())).isEmpty();
    assertThat(totp.recoveryCodesLeft(me.id())).isZero();
    totp.savePending(other.id(), "OTHERSECRET", now);
    totp.enable(other.id(), "OTHERSECRET", 5, List.of("o1"));
    directory.removeAccount("other@example.com");
    assertThat(totp.totp(other.id())).isEmpty();
    assertThat(totp.recoveryCodesLeft(other.id())).isZero();
  }

  @Test
  void appPasswordsBelongToOneAccount() {
    Account me = account("me@example.com");
    Account other = account("other@example.com");
    AppPasswordRecords apps = store.appPasswords();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    AppPasswordRecords.AppPassword phone = apps.add(me.id(), "Phone", "hash-phone", "SCRAM-1", now);
    AppPasswordRecords.AppPassword laptop = apps.add(me.id(), "Laptop", "hash-laptop", "SCRAM-2", now);
    assertThat(phone.id()).isNotEqualTo(laptop.id());
    assertCode(() -> apps.add(me.id(), "phone", "hash-3", "SCRAM-3", now), StoreException.Code.DUPLICATE);
    AppPasswordRecords.AppPassword others = apps.add(other.id(), "Phone", "hash-other", "SCRAM-4", now);
    reopen();
    AppPasswordRecords again = store.appPasswords();
    assertThat(again.list(me.id())).extracting(AppPasswordRecords.AppPassword::name).containsExactly("Phone", "Laptop");
    assertThat(again.byHash(me.id(), "hash-phone")).hasValueSatisfying(a -> {
      assertThat(a.id()).isEqualTo(phone.id());
      assertThat(a.scramSha256()).isEqualTo("SCRAM-1");
      assertThat(a.created()).isEqualTo(now);
      assertThat(a.lastUsed()).isNull();
    });
    assertThat(again.byHash(me.id(), "hash-other")).isEmpty();
    assertThat(again.byHash(other.id(), "hash-phone")).isEmpty();
    again.touch(phone.id(), now.plusSeconds(5));
    again.touch(phone.id(), now.plusSeconds(10)); // within a minute of the last: not written
    assertThat(again.byHash(me.id(), "hash-phone").orElseThrow().lastUsed()).isEqualTo(now.plusSeconds(5));
    again.touch(phone.id(), now.plusSeconds(90));
    assertThat(again.byHash(me.id(), "hash-phone").orElseThrow().lastUsed()).isEqualTo(now.plusSeconds(90));
    assertThat(again.remove(other.id(), phone.id())).isFalse(); // another account's id
    assertThat(again.remove(me.id(), phone.id())).isTrue();
    assertThat(again.remove(me.id(), phone.id())).isFalse();
    assertThat(again.list(me.id())).extracting(AppPasswordRecords.AppPassword::id).containsExactly(laptop.id());
    directory.removeAccount("other@example.com");
    assertThat(again.list(other.id())).isEmpty();
    assertThat(again.byHash(other.id(), "hash-other")).isEmpty();
    assertThat(others.accountId()).isEqualTo(other.id());
  }

  // ---------------------------------------------------------------- outbound queue records

  private static QueueRecords.NewMessage queued(String blobId, String from, String... rcpts) {
    List<QueueRecords.NewRecipient> list = new ArrayList<>();
    for (String r : rcpts) {
      list.add(new QueueRecords.NewRecipient(r, r.startsWith("n") ? "FAILURE,SUCCESS" : null,
          r.startsWith("n") ? "rfc822;" + r : null));
    }
    return new QueueRecords.NewMessage(blobId, 42, from, "env-1", "HDRS", true, false, "me@example.com", "mail",
        "submission", list);
  }

  @Test
  void queueRecordsKeepMessagesAndRecipientsAcrossReopen() throws Exception {
    QueueRecords q = store.queue();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String blobId = blob("queued").id();
    QueueRecords.Message first = q.insert(queued(blobId, "me@example.com", "a@remote.example", "n@remote.example"),
        QueueRecords.PENDING, now);
    QueueRecords.Message second = q.insert(queued(blobId, "", "b@remote.example"), QueueRecords.PENDING, now);
    assertThat(second.id()).isGreaterThan(first.id());
    assertThat(first.recipients()).extracting(QueueRecords.Recipient::position).containsExactly(0, 1);
    reopen();
    q = store.queue();
    assertThat(q.count()).isEqualTo(2);
    assertThat(q.list()).extracting(QueueRecords.Message::id).containsExactly(first.id(), second.id());
    QueueRecords.Message read = q.message(first.id()).orElseThrow();
    assertThat(read).isEqualTo(first);
    assertThat(read.recipients().get(1).notifyParam()).isEqualTo("FAILURE,SUCCESS");
    assertThat(read.recipients().get(1).orcpt()).isEqualTo("rfc822;n@remote.example");
    assertThat(read.origin()).isEqualTo("submission");
    assertThat(q.message(second.id()).orElseThrow().mailFrom()).isEmpty();
    assertThat(q.message(first.id() + 1000)).isEmpty();
    assertThat(q.delete(second.id())).isTrue();
    assertThat(q.delete(second.id())).isFalse();
    assertThat(q.count()).isEqualTo(1);
  }

  @Test
  void queueClaimsDueRecipientsOnceAndResetsThemAfterARestart() throws Exception {
    QueueRecords q = store.queue();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String blobId = blob("claims").id();
    QueueRecords.Message a = q.insert(queued(blobId, "me@example.com", "a@remote.example"), QueueRecords.PENDING,
        now);
    QueueRecords.Message b = q.insert(queued(blobId, "me@example.com", "b@remote.example"), QueueRecords.PENDING,
        now.plusSeconds(3600));
    QueueRecords.Message c = q.insert(queued(blobId, "me@example.com", "c@remote.example"), QueueRecords.PENDING,
        now);
    assertThat(q.nextDue()).isEqualTo(now);

    List<QueueRecords.Message> claimed = q.claimDue(now, 10, Set.of(c.id()));
    assertThat(claimed).extracting(QueueRecords.Message::id).containsExactly(a.id());
    assertThat(claimed.get(0).recipients()).extracting(QueueRecords.Recipient::address)
        .containsExactly("a@remote.example");
    assertThat(q.claimDue(now, 10, Set.of(c.id()))).as("claimed once").isEmpty();
    assertThat(q.message(a.id()).orElseThrow().recipients().get(0).state()).isEqualTo(QueueRecords.DELIVERING);
    assertThat(q.claimDue(now, 1, Set.of())).extracting(QueueRecords.Message::id).containsExactly(c.id());

    assertThat(q.resetDelivering(now.plusSeconds(1))).isEqualTo(2);
    assertThat(q.message(a.id()).orElseThrow().recipients().get(0).state()).isEqualTo(QueueRecords.PENDING);
    assertThat(q.retryNow(b.id(), now)).isEqualTo(1);
    assertThat(q.nextDue()).isEqualTo(now);
    assertThat(q.claimDue(now, 10, Set.of())).extracting(QueueRecords.Message::id).containsExactly(b.id());
    assertThat(q.retryNow(null, now.plusSeconds(5))).isEqualTo(2);
  }

  @Test
  void queueRecordsOutcomesAndSettlesReportsInOneStep() throws Exception {
    QueueRecords q = store.queue();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String blobId = blob("outcomes").id();
    QueueRecords.Message m = q.insert(queued(blobId, "me@example.com", "a@remote.example", "n@remote.example"),
        QueueRecords.DELIVERING, now);

    // one delivered (no report), one deferred with a delay report owed: the message stays
    boolean removed = q.record(m.id(), List.of(
        new QueueRecords.RecipientUpdate(0, "delivered", now, now, "250 ok", "2.0.0", null, "mx.remote.example",
            false),
        new QueueRecords.RecipientUpdate(1, QueueRecords.PENDING, now.plusSeconds(60), now, "451 later", "4.0.0",
            "remote", "mx.remote.example", true)));
    assertThat(removed).isFalse();
    QueueRecords.Recipient deferred = q.message(m.id()).orElseThrow().recipients().get(1);
    assertThat(deferred.attempts()).isEqualTo(1);
    assertThat(deferred.lastError()).isEqualTo("451 later");
    assertThat(deferred.errorKind()).isEqualTo("remote");
    assertThat(deferred.lastAttempt()).isEqualTo(now);
    assertThat(deferred.dsnDue()).isTrue();
    assertThat(q.needingSettlement()).containsExactly(m.id());

    // the delay report is queued in the same step that marks it sent
    QueueRecords.NewMessage report = new QueueRecords.NewMessage(blob("report").id(), 10, "", null, null, false,
        false, null, "dsn", "local", List.of(new QueueRecords.NewRecipient("me@example.com", "NEVER", null)));
    long reportId = q.settle(m.id(), List.of(1), report, now);
    assertThat(reportId).isPositive();
    QueueRecords.Message dsn = q.message(reportId).orElseThrow();
    assertThat(dsn.kind()).isEqualTo("dsn");
    assertThat(dsn.recipients()).singleElement().satisfies(r -> {
      assertThat(r.state()).isEqualTo(QueueRecords.PENDING);
      assertThat(r.notifyParam()).isEqualTo("NEVER");
    });
    deferred = q.message(m.id()).orElseThrow().recipients().get(1);
    assertThat(deferred.dsnDue()).isFalse();
    assertThat(deferred.delayNotified()).isTrue();
    assertThat(q.needingSettlement()).doesNotContain(m.id());

    // the last recipient fails with a report owed: kept until settled, then removed
    assertThat(q.record(m.id(), List.of(new QueueRecords.RecipientUpdate(1, "failed", now, now, "550 no", "5.1.1",
        "remote", "mx.remote.example", true)))).isFalse();
    assertThat(q.deleteIfDone(m.id())).isFalse();
    assertThat(q.settle(m.id(), List.of(1), null, now)).isZero();
    assertThat(q.message(m.id())).isEmpty();

    // a message whose recipients all end without a report goes in the same step
    QueueRecords.Message quiet = q.insert(queued(blobId, "me@example.com", "q@remote.example"),
        QueueRecords.DELIVERING, now);
    assertThat(q.record(quiet.id(), List.of(new QueueRecords.RecipientUpdate(0, "delivered", now, now, "250 ok",
        "2.0.0", null, "mx.remote.example", false)))).isTrue();
    assertThat(q.message(quiet.id())).isEmpty();
  }

  @Test
  void queuedMessagesKeepTheirBlobsFromGarbageCollection() throws Exception {
    Path other = dir.resolve("no-grace");
    try (Store s = newStoreWithoutBlobGracePeriod(other)) {
      BlobRef queuedSmall = s.blobs().put("Subject: small\r\n\r\nqueued\r\n".getBytes(StandardCharsets.UTF_8));
      BlobRef queuedLarge = s.blobs().put(("Subject: large\r\n\r\n" + "x".repeat(300_000) + "\r\n")
          .getBytes(StandardCharsets.UTF_8));
      BlobRef orphan = s.blobs().put("Subject: orphan\r\n\r\nnobody\r\n".getBytes(StandardCharsets.UTF_8));
      Instant now = Instant.now();
      long small = s.queue().insert(queued(queuedSmall.id(), "me@example.com", "a@remote.example"),
          QueueRecords.PENDING, now).id();
      long large = s.queue().insert(queued(queuedLarge.id(), "me@example.com", "a@remote.example"),
          QueueRecords.PENDING, now).id();
      Thread.sleep(20);
      assertThat(s.blobs().collectGarbage()).isEqualTo(1);
      assertThat(s.blobs().exists(orphan.id())).isFalse();
      assertThat(s.blobs().read(queuedSmall.id())).isNotEmpty();
      assertThat(s.blobs().read(queuedLarge.id())).hasSizeGreaterThan(300_000);
      s.queue().delete(small);
      s.queue().delete(large);
      assertThat(s.blobs().collectGarbage()).isEqualTo(2);
      assertThat(s.blobs().exists(queuedSmall.id())).isFalse();
      assertThat(s.blobs().exists(queuedLarge.id())).isFalse();
    }
  }

  // ---------------------------------------------------------------- DKIM keys

  private static DkimKeyRecords.KeyRecord key(String selector, Instant created) {
    return new DkimKeyRecords.KeyRecord("example.com", selector, "rsa-sha256", "-----BEGIN PRIVATE KEY-----\n"
        + selector + "\n-----END PRIVATE KEY-----\n", "p-" + selector, created, true);
  }

  @Test
  void dkimKeysAreRotatedAtomicallyAndRemoved() {
    DkimKeyRecords keys = store.dkimKeys();
    Instant t1 = Instant.parse("2026-01-01T00:00:00Z");
    Instant t2 = Instant.parse("2026-02-01T00:00:00Z");
    assertThat(keys.keys("example.com")).isEmpty();
    keys.change("example.com", current -> {
      assertThat(current).isEmpty();
      return new DkimKeyRecords.Change(false, List.of(key("s1-rsa", t1), key("s1-ed", t1)));
    });
    assertThat(keys.domainsWithActiveKeys()).containsExactly("example.com");
    assertThat(keys.activeSelectors("example.com")).containsExactly("s1-ed", "s1-rsa");
    keys.change("example.com", current -> null); // nothing to do
    assertThat(keys.keys("example.com")).hasSize(2);

    keys.change("example.com", current -> {
      assertThat(current).extracting(DkimKeyRecords.KeyRecord::selector).containsExactly("s1-ed", "s1-rsa");
      return new DkimKeyRecords.Change(true, List.of(key("s2-rsa", t2)));
    });
    reopen();
    keys = store.dkimKeys();
    List<DkimKeyRecords.KeyRecord> all = keys.keys("example.com");
    assertThat(all).extracting(DkimKeyRecords.KeyRecord::selector).containsExactly("s2-rsa", "s1-ed", "s1-rsa");
    assertThat(all).extracting(DkimKeyRecords.KeyRecord::active).containsExactly(true, false, false);
    assertThat(all.get(0)).isEqualTo(key("s2-rsa", t2));
    assertThat(keys.activeSelectors("example.com")).containsExactly("s2-rsa");

    assertThat(keys.remove("example.com", "s2-rsa")).isTrue();
    assertThat(keys.remove("example.com", "s2-rsa")).isFalse();
    assertThat(keys.domainsWithActiveKeys()).isEmpty();
    assertThat(keys.keys("example.com")).hasSize(2);
  }

  @Test
  void aKeyChangeThatFailsChangesNothing() {
    DkimKeyRecords keys = store.dkimKeys();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    keys.change("example.com", current -> new DkimKeyRecords.Change(false, List.of(key("s1-rsa", t))));
    assertThatThrownBy(() -> keys.change("example.com",
        current -> new DkimKeyRecords.Change(true, List.of(key("s1-rsa", t))))) // the same selector twice
        .isInstanceOf(RuntimeException.class);
    assertThat(keys.keys("example.com")).singleElement().satisfies(k -> assertThat(k.active()).isTrue());
  }

  // ---------------------------------------------------------------- maintenance

  @Test
  void aclEntriesAreSetListedAndFollowTheirMailboxAndAccounts() throws Exception {
    Account owner = account("owner@example.com");
    Account reader = account("reader@example.com");
    Mailbox invoices = mail.createMailbox(owner.id(), "Invoices", null);
    Mailbox projects = mail.createMailbox(owner.id(), "Projects", null);
    mail.createMailbox(owner.id(), "Projects/Old", null);
    AclRecords acls = store.acls();
    acls.set(invoices.id(), reader.address(), AclRights.parse("rl"));
    acls.set(invoices.id(), AclRights.ANYONE, AclRights.parse("l"));
    acls.set(projects.id(), reader.address(), AclRights.parse("lrd"));
    assertThat(acls.entries(invoices.id())).containsExactly(
        new AclRecords.Entry(invoices.id(), AclRights.ANYONE, "l"),
        new AclRecords.Entry(invoices.id(), reader.address(), "lr"));
    acls.set(invoices.id(), reader.address(), AclRights.parse("lrsw")); // replaces
    assertThat(acls.grantedTo(List.of(reader.address()))).containsExactly(
        new AclRecords.Entry(invoices.id(), reader.address(), "lrsw"),
        new AclRecords.Entry(projects.id(), reader.address(), "lrxte"));
    assertThat(acls.grantedTo(List.of())).isEmpty();
    assertCode(() -> acls.set(999_999, reader.address(), AclRights.parse("l")), StoreException.Code.NO_SUCH_MAILBOX);

    mail.renameMailbox(owner.id(), "Invoices", "Bills"); // RFC 4314 §4: RENAME keeps the ACL
    reopen();
    AclRecords again = store.acls();
    assertThat(again.entries(invoices.id())).hasSize(2);
    assertThat(again.remove(invoices.id(), AclRights.ANYONE)).isTrue();
    assertThat(again.remove(invoices.id(), AclRights.ANYONE)).isFalse();
    again.set(invoices.id(), reader.address(), AclRights.NONE); // empty rights remove the entry
    assertThat(again.entries(invoices.id())).isEmpty();

    mail.deleteMailbox(owner.id(), "Projects"); // kept as \Noselect for its child, without its ACL
    assertThat(again.entries(projects.id())).isEmpty();
    Mailbox old = mail.mailbox(owner.id(), "Projects/Old").orElseThrow();
    again.set(old.id(), reader.address(), AclRights.parse("lr"));
    again.set(old.id(), AclRights.ANYONE, AclRights.parse("l"));
    directory.removeAccount(reader.address()); // a removed account's entries go with it
    assertThat(again.entries(old.id())).containsExactly(new AclRecords.Entry(old.id(), AclRights.ANYONE, "l"));
    directory.removeAccount(owner.address()); // and a removed owner's mailboxes with their entries
    assertThat(again.grantedTo(List.of(AclRights.ANYONE))).isEmpty();
  }

  @Test
  void maintenanceRemovesOnlyWhatIsPastItsTime() throws Exception {
    Instant now = Instant.now();
    Account me = account("me@example.com");
    mail.createMailbox(me.id(), "Work", null);
    append(inbox(me), "changed");
    BanStore bans = store.bans();
    bans.ban("192.0.2.1", now.minusSeconds(60), "ended");
    bans.ban("192.0.2.2", now.plusSeconds(3600), "current");
    bans.recordFailure("ip:192.0.2.3", now.minus(2, ChronoUnit.DAYS));
    bans.recordFailure("ip:192.0.2.4", now);

    Maintenance.Pruned nothingOld = store.maintenance().prune(now.minus(1, ChronoUnit.DAYS),
        now.minus(3, ChronoUnit.DAYS), now.minusSeconds(3600));
    assertThat(nothingOld).isEqualTo(new Maintenance.Pruned(0, 0, 0));

    Maintenance.Pruned pruned = store.maintenance().prune(now.plusSeconds(60), now.minus(1, ChronoUnit.DAYS), now);
    assertThat(pruned.changeLogRecords()).isPositive();
    assertThat(pruned.failedLogins()).isEqualTo(1);
    assertThat(pruned.bans()).isEqualTo(1);
    assertThat(bans.bans(now.minusSeconds(3600))).extracting(Ban::ip).containsExactly("192.0.2.2");
    assertThat(bans.failuresSince("ip:192.0.2.3", now.minus(3, ChronoUnit.DAYS))).isZero();
    assertThat(bans.failuresSince("ip:192.0.2.4", now.minusSeconds(1))).isEqualTo(1);
    assertThat(inbox(me).messages()).isEqualTo(1);
    assertThat(store.maintenance().prune(now.plusSeconds(60), now.minus(1, ChronoUnit.DAYS), now))
        .isEqualTo(new Maintenance.Pruned(0, 0, 0));
  }

  // ---------------------------------------------------------------- persistence and concurrency

  @Test
  void dataSurvivesReopen() throws Exception {
    Account me = account("me@example.com");
    directory.addAlias("alias@example.com", List.of("me@example.com"));
    append(inbox(me), "persisted", "\\Flagged");
    mail.createMailbox(me.id(), "Kept/Child", null);
    reopen();
    assertThat(directory.account("me@example.com")).isPresent();
    assertThat(directory.alias("alias@example.com")).isPresent();
    Mailbox inbox = inbox(me);
    assertThat(inbox.messages()).isEqualTo(1);
    assertThat(mail.messages(inbox.id()).get(0).flags()).containsExactly("\\Flagged");
    assertThat(mail.mailbox(me.id(), "Kept/Child")).isPresent();
    assertThat(append(inbox, "after reopen").uid()).isEqualTo(2);
  }

  @Test
  void concurrentDeliveriesAreAllStoredExactlyOnce() throws Exception {
    int threads = 20;
    int perThread = 50;
    Account a = account("a@example.com");
    Account b = account("b@example.com");
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<AppendResult> results = new ConcurrentLinkedQueue<>();
    List<Future<?>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          BlobRef blob = blob("thread-" + thread);
          start.await();
          for (int i = 0; i < perThread; i++) {
            // the internal date marks each delivery, so each can be found exactly once afterwards
            Instant marker = Instant.ofEpochSecond(1_000_000L + thread * 1000L + i);
            results.addAll(mail.deliver(blob, summary("t" + thread, null, null, null), marker,
                List.of(DeliveryTarget.inbox(a.id()), DeliveryTarget.inbox(b.id()))));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(2, TimeUnit.MINUTES);
      }
    }
    int total = threads * perThread;
    assertThat(results).hasSize(2 * total).allMatch(AppendResult::ok);
    List<Instant> expected = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        expected.add(Instant.ofEpochSecond(1_000_000L + t * 1000L + i));
      }
    }
    for (Account account : List.of(a, b)) {
      List<MessageMeta> metas = mail.messages(inbox(account).id());
      assertThat(metas).extracting(MessageMeta::uid).doesNotHaveDuplicates();
      assertThat(metas).extracting(MessageMeta::internalDate).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(inbox(account).uidNext()).isEqualTo(total + 1);
      assertThat(inbox(account).messages()).isEqualTo(total);
      assertThat(inbox(account).highestModseq()).isGreaterThanOrEqualTo(total + 1);
    }
  }

  @Test
  void failingOperationsDoNotUndoConcurrentOnes() throws Exception {
    Account me = account("me@example.com");
    Mailbox inbox = inbox(me);
    Mailbox doomed = mail.createMailbox(me.id(), "Doomed", null);
    mail.deleteMailbox(me.id(), "Doomed");
    int threads = 10;
    int perThread = 20;
    ConcurrentLinkedQueue<Throwable> refusals = new ConcurrentLinkedQueue<>();
    List<Future<?>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            BlobRef blob = blob("f" + thread + "-" + i);
            long target = i % 2 == 0 ? inbox.id() : doomed.id();
            try {
              mail.append(target, blob, null, Set.of(), Instant.now());
            } catch (StoreException e) {
              refusals.add(e);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(2, TimeUnit.MINUTES);
      }
    }
    assertThat(refusals).hasSize(threads * perThread / 2)
        .allMatch(e -> ((StoreException) e).code() == StoreException.Code.NO_SUCH_MAILBOX);
    List<MessageMeta> stored = mail.messages(inbox.id());
    assertThat(stored).hasSize(threads * perThread / 2);
    assertThat(stored).extracting(MessageMeta::uid).doesNotHaveDuplicates();
    assertThat(inbox(me).messages()).isEqualTo(threads * perThread / 2);
  }

  // ---------------------------------------------------------------- API tokens, webhooks

  @Test
  void apiTokensAreFoundByHashListedPerAccountRevokedAndGoWithTheirAccount() {
    Account me = account("tok@example.com");
    Account other = account("other@example.com");
    Instant made = Instant.parse("2026-12-01T10:00:00Z");
    ApiTokenRecords.TokenRecord t = store.apiTokens().add(me.id(), "ci", "a".repeat(64), Set.of("read", "send"),
        made);
    store.apiTokens().add(other.id(), "x", "b".repeat(64), Set.of("read"), made);
    assertThat(store.apiTokens().byHash("a".repeat(64))).hasValueSatisfying(f -> {
      assertThat(f.id()).isEqualTo(t.id());
      assertThat(f.accountId()).isEqualTo(me.id());
      assertThat(f.name()).isEqualTo("ci");
      assertThat(f.scopes()).containsExactlyInAnyOrder("read", "send");
      assertThat(f.created()).isEqualTo(made);
      assertThat(f.lastUsed()).isNull();
    });
    assertThat(store.apiTokens().byHash("c".repeat(64))).isEmpty();
    assertCode(() -> store.apiTokens().add(me.id(), "dup", "a".repeat(64), Set.of("read"), made),
        StoreException.Code.DUPLICATE);
    store.apiTokens().touch(t.id(), made.plusSeconds(60));
    store.apiTokens().touch(t.id(), made.plusSeconds(30)); // never backwards
    reopen();
    assertThat(store.apiTokens().list(me.id())).singleElement()
        .satisfies(f -> assertThat(f.lastUsed()).isEqualTo(made.plusSeconds(60)));
    assertThat(store.apiTokens().remove(other.id(), t.id())).as("another account's token").isFalse();
    assertThat(store.apiTokens().remove(me.id(), t.id())).isTrue();
    assertThat(store.apiTokens().byHash("a".repeat(64))).isEmpty();
    store.directory().removeAccount("other@example.com");
    assertThat(store.apiTokens().byHash("b".repeat(64))).isEmpty();
  }

  @Test
  void webhookDeliveriesArePendingUntilDeliveredAndSurviveAReopen() {
    Account me = account("hook@example.com");
    Account other = account("else@example.com");
    Instant now = Instant.parse("2026-12-01T10:00:00Z");
    WebhookRecords.Hook mine = store.webhooks().add(me.id(), "https://a.example/h", "s1",
        Set.of("message.received"), now);
    WebhookRecords.Hook admins = store.webhooks().add(null, "https://b.example/h", "s2",
        Set.of("message.received", "delivery.status"), now);
    store.webhooks().add(other.id(), "https://c.example/h", "s3", Set.of("message.received"), now);
    assertThat(store.webhooks().listeningTo(me.id())).extracting(WebhookRecords.Hook::id)
        .containsExactly(mine.id(), admins.id());
    assertThat(store.webhooks().list(null)).extracting(WebhookRecords.Hook::id).containsExactly(admins.id());
    assertThat(store.webhooks().all()).hasSize(3);
    store.webhooks().enqueue(List.of(mine, admins), "message.received", "{\"n\":1}", now);
    assertThat(store.webhooks().nextDue()).isEqualTo(now);
    reopen();
    List<WebhookRecords.Delivery> due = store.webhooks().due(now, 10);
    assertThat(due).extracting(WebhookRecords.Delivery::webhookId).containsExactly(mine.id(), admins.id());
    assertThat(due).allSatisfy(d -> assertThat(d.payload()).isEqualTo("{\"n\":1}"));
    store.webhooks().retry(due.get(0).id(), 1, now.plusSeconds(30), "answered HTTP 500");
    store.webhooks().delivered(due.get(1).id());
    assertThat(store.webhooks().due(now, 10)).isEmpty();
    assertThat(store.webhooks().due(now.plusSeconds(30), 10)).singleElement().satisfies(d -> {
      assertThat(d.attempts()).isEqualTo(1);
      assertThat(d.lastError()).isEqualTo("answered HTTP 500");
    });
    assertThat(store.webhooks().remove(mine.id())).isTrue();
    assertThat(store.webhooks().pending(mine.id())).isEmpty();
    assertThat(store.webhooks().nextDue()).isNull();
    assertThat(store.webhooks().remove(mine.id())).isFalse();
  }

  // ------------------------------------------------------------------------------------------- web sessions

  @Test
  void webSessionsAreKeptAcrossAReopenAndEndPerAccount() {
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    WebSession a1 = store.webSessions().create("h1", "a@example.com", "csrf1", t0, "192.0.2.1", "Firefox");
    WebSession a2 = store.webSessions().create("h2", "a@example.com", "csrf2", t0.plusSeconds(5), "192.0.2.2", "");
    WebSession b1 = store.webSessions().create("h3", "b@example.com", "csrf3", t0, "192.0.2.3", "curl/8");
    assertThat(a2.id()).isNotEqualTo(a1.id());
    reopen();
    WebSession found = store.webSessions().byTokenHash("h1").orElseThrow();
    assertThat(found).isEqualTo(a1);
    assertThat(store.webSessions().byTokenHash("nope")).isEmpty();

    store.webSessions().touch(a1.id(), t0.plusSeconds(60), "192.0.2.9");
    assertThat(store.webSessions().byTokenHash("h1").orElseThrow().lastSeen()).isEqualTo(t0.plusSeconds(60));
    assertThat(store.webSessions().byTokenHash("h1").orElseThrow().ip()).isEqualTo("192.0.2.9");
    // the most recently seen first
    assertThat(store.webSessions().ofAccount("a@example.com")).extracting(WebSession::id)
        .containsExactly(a1.id(), a2.id());

    assertThat(store.webSessions().delete("b@example.com", a1.id())).as("another account's session").isFalse();
    assertThat(store.webSessions().delete("a@example.com", a2.id())).isTrue();
    assertThat(store.webSessions().ofAccount("a@example.com")).extracting(WebSession::id).containsExactly(a1.id());
    assertThat(store.webSessions().deleteAll("a@example.com")).isEqualTo(1);
    assertThat(store.webSessions().byTokenHash("h1")).isEmpty();
    assertThat(store.webSessions().byTokenHash("h3")).hasValue(b1);
  }

  @Test
  void expiredWebSessionsAreSweptOut() {
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    store.webSessions().create("old", "a@example.com", "c", t0, "192.0.2.1", "");
    WebSession idle = store.webSessions().create("idle", "a@example.com", "c", t0.plusSeconds(3600), "192.0.2.1", "");
    WebSession fresh = store.webSessions().create("fresh", "a@example.com", "c", t0.plusSeconds(7200), "ip", "");
    store.webSessions().touch(idle.id(), t0.plusSeconds(3600), "192.0.2.1");
    // created before t0+1h, or idle since before t0+2h
    assertThat(store.webSessions().deleteExpired(t0.plusSeconds(7000), t0.plusSeconds(1800))).isEqualTo(2);
    assertThat(store.webSessions().ofAccount("a@example.com")).extracting(WebSession::id)
        .containsExactly(fresh.id());
  }

  // ------------------------------------------------------------------------------------------- sign-up

  @Test
  void domainsOpenForSignup() {
    directory.addDomain("example.com");
    directory.addDomain("example.org");
    assertThat(store.signups().openDomains()).isEmpty();
    store.signups().setDomainOpen("EXAMPLE.org", true);
    store.signups().setDomainOpen("example.com", true);
    store.signups().setDomainOpen("example.com", true);
    assertThat(store.signups().openDomains()).containsExactly("example.com", "example.org");
    store.signups().setDomainOpen("example.org", false);
    reopen();
    assertThat(store.signups().openDomains()).containsExactly("example.com");
    assertCode(() -> store.signups().setDomainOpen("nowhere.test", true), StoreException.Code.UNKNOWN_DOMAIN);
    directory.removeDomain("example.com", true);
    assertThat(store.signups().openDomains()).isEmpty();
    directory.addDomain("example.com");
    assertThat(store.signups().openDomains()).as("a domain added again starts closed").isEmpty();
  }

  @Test
  void aBrowserSessionEndsWithItsAccount() {
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    account("gone@example.com");
    account("stays@example.com");
    store.webSessions().create("g1", "gone@example.com", "c1", t0, "192.0.2.1", "");
    store.webSessions().create("s1", "stays@example.com", "c2", t0, "192.0.2.2", "");
    directory.removeAccount("gone@example.com");
    account("gone@example.com"); // the same address again: someone else
    assertThat(store.webSessions().byTokenHash("g1")).isEmpty();
    assertThat(store.webSessions().byTokenHash("s1")).isPresent();
    account("who@example.org");
    store.webSessions().create("w1", "who@example.org", "c3", t0, "192.0.2.3", "");
    directory.removeDomain("example.org", true);
    assertThat(store.webSessions().byTokenHash("w1")).isEmpty();
  }

  @Test
  void anInviteIsUsedOnce() {
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    Invite i = store.signups().addInvite("hash1", "boss@example.com", "for carol", t0, t0.plusSeconds(3600));
    Invite expired = store.signups().addInvite("hash2", "boss@example.com", "", t0, t0.plusSeconds(60));
    assertThat(store.signups().invites()).extracting(Invite::id).containsExactly(expired.id(), i.id());
    assertThat(store.signups().useInvite("hash2", "x@example.com", t0.plusSeconds(60))).as("expired").isFalse();
    assertThat(store.signups().useInvite("nope", "x@example.com", t0)).isFalse();
    assertThat(store.signups().useInvite("hash1", "carol@example.com", t0.plusSeconds(10))).isTrue();
    assertThat(store.signups().useInvite("hash1", "dave@example.com", t0.plusSeconds(11))).as("used").isFalse();
    reopen();
    Invite used = store.signups().inviteByCodeHash("hash1").orElseThrow();
    assertThat(used.usedBy()).isEqualTo("carol@example.com");
    assertThat(used.usedAt()).isEqualTo(t0.plusSeconds(10));
    assertThat(used.note()).isEqualTo("for carol");
    store.signups().releaseInvite("hash1");
    assertThat(store.signups().inviteByCodeHash("hash1").orElseThrow().used()).isFalse();
    assertThat(store.signups().removeInvite(i.id())).isTrue();
    assertThat(store.signups().removeInvite(i.id())).isFalse();
    assertThat(store.signups().inviteByCodeHash("hash1")).isEmpty();
  }

  @Test
  void signupRequestsWaitOncePerAddress() {
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    SignupRequest r = store.signups().addRequest("Carol@Example.com", "$argon2id$x", "SCRAM-SHA-256$y", "192.0.2.1",
        t0);
    assertThat(r.address()).isEqualTo("carol@example.com");
    assertCode(() -> store.signups().addRequest("carol@example.com", "h", "s",
        "ip", t0), StoreException.Code.DUPLICATE);
    SignupRequest d = store.signups().addRequest("dave@example.com", "h", "s", "192.0.2.2", t0.plusSeconds(1));
    reopen();
    assertThat(store.signups().requests()).containsExactly(r, d);
    assertThat(store.signups().request(r.id())).hasValue(r);
    assertThat(store.signups().requestFor("CAROL@example.com")).hasValue(r);
    assertThat(store.signups().removeRequest(r.id())).isTrue();
    assertThat(store.signups().removeRequest(r.id())).isFalse();
    assertThat(store.signups().requests()).containsExactly(d);
  }
}
