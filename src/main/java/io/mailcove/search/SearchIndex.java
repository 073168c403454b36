package io.mailcove.search;

import io.mailcove.log.Log;
import io.mailcove.server.Load;
import io.mailcove.store.EventBus;
import io.mailcove.store.MailboxEvent;
import io.mailcove.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Full-text index for IMAP SEARCH BODY and TEXT (RFC 9051 §6.4.4), one Lucene index per account under
 * {@code <dataDir>/index/<accountId>/}. Fed from the store's events: APPENDED messages are indexed, EXPUNGED and
 * MAILBOX_DELETED ones removed, on a background virtual thread. A search first applies every event of its account
 * that is still queued (everything committed before the search started has been published by then), and the first
 * use of an account after start-up reconciles its index with the store (messages never indexed, e.g. after a
 * crash, are indexed; stale ones removed). Matching is an exact case-insensitive substring match: trigram phrase
 * queries over normalized text (see {@link AccountIndex}).
 */
public final class SearchIndex implements AutoCloseable {
  private static final Log LOG = Log.of(SearchIndex.class);
  /** Open Lucene writers at most; the least recently used account is closed beyond that (1 GB hosts). */
  static final int MAX_OPEN_ACCOUNTS = 8;

  /** What a SEARCH key looks at: BODY = the body text, TEXT = header and body. */
  public enum Field { BODY, TEXT }

  /** The indexer works when clients have sent nothing for this long... */
  static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
  /** ...or when a whole processor is idle... */
  static final double SPARE_CORES = 1.0;
  /** ...or, once a change has waited this long, in slices with pauses nine times as long. */
  static final long OVERDUE_NANOS = TimeUnit.SECONDS.toNanos(60);
  static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long CPU_SAMPLE_MILLIS = 50;


  private final Store store;
  private final Path root;
  private final Load load;
  private static final Long STOP = Long.MIN_VALUE;

  private final Map<Long, AccountIndex> accounts = new ConcurrentHashMap<>();
  private final BlockingQueue<Long> dirty = new LinkedBlockingQueue<>();
  private final EventBus.Subscription subscription;
  private final Thread worker;
  private volatile boolean closed;

  private SearchIndex(Store store, Path dataDir, Load load) {
    this.store = store;
    this.load = load;
    this.root = dataDir.resolve("index");
    this.subscription = store.events().subscribeAll(this::onEvent);
    this.worker = Thread.ofVirtual().name("search-indexer").start(this::work);
  }

  /**
   * Opens the index. An account's Lucene index is opened (and reconciled with the store) when it is first used: at
   * its first search or its first new message, not at start-up, so that a start and an idle server carry no Lucene
   * writers. Indexing yields to clients while they keep the processors busy ({@code load}); a search still sees
   * every change, applying what is queued for its account itself.
   */
  public static SearchIndex open(Store store, Path dataDir, Load load) {
    return new SearchIndex(store, dataDir, load);
  }

  /**
   * UIDs of the messages of a mailbox whose body (BODY) or header and body (TEXT) contain {@code term}, ignoring
   * case. An empty term matches every message.
   */
  public Set<Long> search(long accountId, long mailboxId, Field field, String term) {
    if (closed) {
      throw new IllegalStateException("search index closed");
    }
    AccountIndex account = account(accountId);
    // Lucene I/O runs on a thread of its own: the caller (an IMAP session) may be interrupted when its client
    // goes away, and an interrupt during a write would close the index files under the writer.
    java.util.concurrent.CompletableFuture<Set<Long>> result = new java.util.concurrent.CompletableFuture<>();
    Thread.ofVirtual().name("search-" + accountId).start(() -> {
      try {
        result.complete(account.search(mailboxId, field, term));
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    });
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("search interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** Whether changes of an account are queued and not yet applied to its index. */
  boolean hasQueued(long accountId) {
    return account(accountId).pendingNanos() > 0;
  }

  /** Applies all queued changes of an account now (tests and administrative tools). */
  public void catchUp(long accountId) {
    search(accountId, -1, Field.BODY, "");
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    subscription.close();
    dirty.add(STOP); // never interrupt: an interrupt closes Lucene's file channels mid-write
    try {
      worker.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (AccountIndex a : accounts.values()) {
      a.close();
    }
  }

  private AccountIndex account(long accountId) {
    return accounts.computeIfAbsent(accountId,
        id -> new AccountIndex(id, root.resolve(Long.toString(id)), store, this::makeRoom));
  }

  private void onEvent(MailboxEvent event) {
    if (closed) {
      return;
    }
    AccountIndex.Task task = switch (event.kind()) {
      case APPENDED -> new AccountIndex.Task(AccountIndex.Task.Kind.ADD, event.mailboxId(), event.uids());
      case EXPUNGED -> new AccountIndex.Task(AccountIndex.Task.Kind.REMOVE, event.mailboxId(), event.uids());
      case MAILBOX_DELETED -> new AccountIndex.Task(AccountIndex.Task.Kind.DROP_MAILBOX, event.mailboxId(), List.of());
      default -> null;
    };
    if (task == null) {
      return;
    }
    AccountIndex account = account(event.accountId());
    if (account.enqueue(task)) {
      dirty.add(event.accountId());
    }
  }

  private void work() {
    long lastSweep = System.nanoTime();
    while (!closed) {
      Long accountId;
      try {
        accountId = dirty.poll(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (accountId == null || System.nanoTime() - lastSweep > AccountIndex.QUIET_NANOS) {
        commitQuietAccounts();
        lastSweep = System.nanoTime();
      }
      if (accountId == null) {
        continue;
      }
      if (accountId.equals(STOP)) {
        continue;
      }
      try {
        AccountIndex account = account(accountId);
        awaitTurn(account);
        if (account.catchUpSlice(SLICE_NANOS)) {
          dirty.add(accountId);
        }
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          LOG.warn("search.index.failed", e, "account", accountId);
        }
      }
    }
  }

  /**
   * Waits until clients have been quiet for {@link #QUIET_NANOS} or {@link #SPARE_CORES} are idle; once a change
   * of the account has waited {@link #OVERDUE_NANOS}, at most for a pause nine slices long.
   */
  private void awaitTurn(AccountIndex account) {
    long start = System.nanoTime();
    try {
      while (!closed) {
        if (load.quietNanos() >= QUIET_NANOS || load.spareCores(CPU_SAMPLE_MILLIS) >= SPARE_CORES) {
          return;
        }
        if (account.pendingNanos() >= OVERDUE_NANOS && System.nanoTime() - start >= 9 * SLICE_NANOS) {
          return;
        }
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(SLICE_NANOS));
      }
    } catch (InterruptedException e) {
      // closing
    }
  }

  /** Commits the indexes that changed and have been quiet for a while (each commit fsyncs its segments). */
  private void commitQuietAccounts() {
    for (Map.Entry<Long, AccountIndex> e : accounts.entrySet()) {
      if (closed) {
        return;
      }
      try {
        e.getValue().commitIfQuiet();
      } catch (IOException | RuntimeException ex) {
        LOG.warn("search.index.commit_failed", ex, "account", e.getKey());
      }
    }
  }

  /** Closes least recently used writers so at most {@link #MAX_OPEN_ACCOUNTS} stay open. */
  private void makeRoom(AccountIndex opening) {
    List<AccountIndex> open = new ArrayList<>();
    for (AccountIndex a : accounts.values()) {
      if (a != opening && a.isOpen()) {
        open.add(a);
      }
    }
    if (open.size() < MAX_OPEN_ACCOUNTS) {
      return;
    }
    open.sort((x, y) -> Long.compare(x.lastUsed(), y.lastUsed()));
    Iterator<AccountIndex> it = open.iterator();
    int excess = open.size() - MAX_OPEN_ACCOUNTS + 1;
    while (it.hasNext() && excess > 0) {
      if (it.next().closeIfIdle()) {
        excess--;
      }
    }
  }
}
