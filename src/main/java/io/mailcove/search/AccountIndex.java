package io.mailcove.search;

import io.mailcove.log.Log;
import io.mailcove.store.Mailbox;
import io.mailcove.store.MessageMeta;
import io.mailcove.store.PrivateFiles;
import io.mailcove.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.Bits;

/**
 * The Lucene index of one account. Documents are keyed by (mailbox id, uid); fields {@code body} and {@code hdr}
 * hold normalized text (see {@link SearchText}) tokenized into character trigrams with positions. A term of three
 * or more characters becomes a phrase of its trigrams at their exact offsets, which matches exactly the documents
 * containing the term as a substring; a shorter term is a prefix query on the trigrams (segments end with two
 * separator characters, so every character starts a trigram). No candidate needs re-checking.
 *
 * <p>All changes and searches of an account run under its lock; queued events are applied by the background
 * indexer or, if still pending, by the search itself.
 */
final class AccountIndex {
  private static final Log LOG = Log.of(AccountIndex.class);
  private static final double RAM_BUFFER_MB = 4.0;
  /**
   * Lucene commits (an fsync of every new segment) happen at most this often while changes keep coming, and once
   * the account has been quiet for {@link #QUIET_NANOS}. Nothing is lost in between: searches read the writer's
   * unflushed documents, and after a crash the start-up reconciliation indexes whatever the last commit missed.
   */
  static final long COMMIT_INTERVAL_NANOS = 60_000_000_000L;
  static final long QUIET_NANOS = 2_000_000_000L;
  private static final int GRAM = 3;

  static final FieldType GRAMS = new FieldType();

  static {
    GRAMS.setTokenized(true);
    GRAMS.setStored(false);
    GRAMS.setOmitNorms(true);
    GRAMS.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
    GRAMS.freeze();
  }

  record Task(Kind kind, long mailboxId, List<Long> uids) {
    enum Kind { ADD, REMOVE, DROP_MAILBOX }
  }

  private final long accountId;
  private final Path path;
  private final Store store;
  private final Consumer<AccountIndex> makeRoom;
  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentLinkedDeque<Task> pending = new ConcurrentLinkedDeque<>();
  /** When the oldest change still queued was queued (System.nanoTime), or 0 when none is. */
  private volatile long pendingSince;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean reconciled;
  private volatile long lastUsed;
  private volatile boolean closed;
  private PrivateIndexDirectory directory;
  private IndexWriter writer;
  private SearcherManager searchers;
  private boolean uncommitted;
  private long lastCommit = System.nanoTime();
  private volatile long lastChange;
  /** Extracted text of the last few blobs: COPY/MOVE re-index the same bytes. */
  private final Map<String, TextExtractor.Extracted> recent = new LinkedHashMap<>(8, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, TextExtractor.Extracted> eldest) {
      return size() > 8;
    }
  };

  AccountIndex(long accountId, Path path, Store store, Consumer<AccountIndex> makeRoom) {
    this.accountId = accountId;
    this.path = path;
    this.store = store;
    this.makeRoom = makeRoom;
  }

  /** Queues a change; true when the account was not yet scheduled for the background indexer. */
  boolean enqueue(Task task) {
    if (pending.isEmpty()) {
      pendingSince = System.nanoTime();
    }
    pending.add(task);
    return scheduled.compareAndSet(false, true);
  }

  boolean needsReconcile() {
    return !reconciled;
  }

  boolean isOpen() {
    return writer != null;
  }

  long lastUsed() {
    return lastUsed;
  }

  /** How long the oldest queued change has waited, in nanoseconds (0 when nothing is queued). */
  long pendingNanos() {
    long since = pendingSince;
    return since == 0 || pending.isEmpty() ? 0 : System.nanoTime() - since;
  }

  /**
   * The background indexer's share of work: reconciles on first use, then applies queued changes until they are
   * done or {@code budgetNanos} have passed, and commits when the last commit is older than
   * {@link #COMMIT_INTERVAL_NANOS}. Returns true when changes are left for another slice.
   */
  boolean catchUpSlice(long budgetNanos) throws IOException {
    scheduled.set(false);
    lock.lock();
    try {
      if (closed) {
        return false;
      }
      ensureOpen();
      if (!reconciled) {
        reconcile();
        reconciled = true;
      }
      drain(budgetNanos);
      if (uncommitted && System.nanoTime() - lastCommit > COMMIT_INTERVAL_NANOS) {
        commit();
      }
      return !pending.isEmpty() && scheduled.compareAndSet(false, true);
    } finally {
      lock.unlock();
    }
  }

  /** Commits changes once the account has been quiet for {@link #QUIET_NANOS}; false if it is busy. */
  boolean commitIfQuiet() throws IOException {
    if (!uncommitted || System.nanoTime() - lastChange < QUIET_NANOS || !lock.tryLock()) {
      return false;
    }
    try {
      if (writer != null && uncommitted && pending.isEmpty()) {
        commit();
        return true;
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  private void commit() throws IOException {
    writer.commit();
    uncommitted = false;
    lastCommit = System.nanoTime();
  }

  Set<Long> search(long mailboxId, SearchIndex.Field field, String term) throws IOException {
    IndexSearcher searcher;
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("search index closed");
      }
      ensureOpen();
      if (!reconciled) {
        reconcile();
        reconciled = true;
      }
      drain(Long.MAX_VALUE);
      searchers.maybeRefreshBlocking();
      searcher = searchers.acquire();
    } finally {
      lock.unlock();
    }
    try {
      return run(searcher, query(mailboxId, field, term));
    } finally {
      searchers.release(searcher);
    }
  }

  private static Query query(long mailboxId, SearchIndex.Field field, String rawTerm) {
    BooleanQuery.Builder q = new BooleanQuery.Builder();
    q.add(new TermQuery(new Term("mbox", Long.toString(mailboxId))), BooleanClause.Occur.FILTER);
    String term = SearchText.term(rawTerm);
    if (term.isEmpty()) {
      return q.build();
    }
    if (field == SearchIndex.Field.TEXT) {
      BooleanQuery.Builder either = new BooleanQuery.Builder();
      either.add(textQuery("body", term), BooleanClause.Occur.SHOULD);
      either.add(textQuery("hdr", term), BooleanClause.Occur.SHOULD);
      q.add(either.build(), BooleanClause.Occur.MUST);
    } else {
      q.add(textQuery("body", term), BooleanClause.Occur.MUST);
    }
    return q.build();
  }

  /** Exact substring query over trigrams (offsets in code points, as the tokenizer counts). */
  static Query textQuery(String field, String term) {
    int[] cps = term.codePoints().toArray();
    if (cps.length < GRAM) {
      return new PrefixQuery(new Term(field, term));
    }
    PhraseQuery.Builder phrase = new PhraseQuery.Builder();
    int last = cps.length - GRAM;
    for (int i = 0; ; i += GRAM) {
      int at = Math.min(i, last);
      phrase.add(new Term(field, new String(cps, at, GRAM)), at);
      if (at == last) {
        break;
      }
    }
    return phrase.build();
  }

  private static Set<Long> run(IndexSearcher searcher, Query query) throws IOException {
    Set<Long> uids = new TreeSet<>();
    Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      Scorer scorer = weight.scorer(leaf);
      if (scorer == null) {
        continue;
      }
      Bits live = leaf.reader().getLiveDocs();
      NumericDocValues uid = leaf.reader().getNumericDocValues("uid");
      DocIdSetIterator it = scorer.iterator();
      for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
        if ((live == null || live.get(doc)) && uid != null && uid.advanceExact(doc)) {
          uids.add(uid.longValue());
        }
      }
    }
    return uids;
  }

  /** Applies queued changes in order until none is left or {@code budgetNanos} have passed. */
  private void drain(long budgetNanos) throws IOException {
    long start = System.nanoTime();
    Task task;
    while (System.nanoTime() - start < budgetNanos && (task = pending.poll()) != null) {
      switch (task.kind()) {
        case ADD -> {
          List<Long> left = add(task.mailboxId(), task.uids(), start, budgetNanos);
          if (!left.isEmpty()) {
            pending.addFirst(new Task(Task.Kind.ADD, task.mailboxId(), left));
          }
        }
        case REMOVE -> {
          for (long uid : task.uids()) {
            writer.deleteDocuments(new Term("key", key(task.mailboxId(), uid)));
          }
        }
        case DROP_MAILBOX -> writer.deleteDocuments(new Term("mbox", Long.toString(task.mailboxId())));
      }
      uncommitted = true;
      lastChange = System.nanoTime();
    }
  }

  /** Indexes the messages of {@code uids} that still exist; returns the UIDs left when the budget ran out. */
  private List<Long> add(long mailboxId, List<Long> uids, long start, long budgetNanos) throws IOException {
    if (uids.isEmpty()) {
      return List.of();
    }
    Set<Long> wanted = new HashSet<>(uids);
    long min = Collections.min(uids);
    long max = Collections.max(uids);
    for (MessageMeta m : store.mail().messages(mailboxId, min, max)) {
      if (wanted.remove(m.uid())) {
        index(m);
        if (System.nanoTime() - start >= budgetNanos) {
          break;
        }
      }
    }
    if (System.nanoTime() - start < budgetNanos) {
      return List.of(); // the rest no longer exists
    }
    List<Long> left = new ArrayList<>(wanted);
    Collections.sort(left);
    return left;
  }

  private void index(MessageMeta m) throws IOException {
    TextExtractor.Extracted text = recent.get(m.blobId());
    if (text == null) {
      try (InputStream in = store.blobs().open(m.blobId())) {
        text = TextExtractor.extract(in);
      } catch (IOException e) {
        LOG.warn("search.blob.unreadable", e, "account", accountId, "mailbox", m.mailboxId(), "uid", m.uid());
        return;
      }
      recent.put(m.blobId(), text);
    }
    Document doc = new Document();
    String key = key(m.mailboxId(), m.uid());
    doc.add(new StringField("key", key, org.apache.lucene.document.Field.Store.NO));
    doc.add(new StringField("mbox", Long.toString(m.mailboxId()), org.apache.lucene.document.Field.Store.NO));
    doc.add(new NumericDocValuesField("mboxid", m.mailboxId()));
    doc.add(new NumericDocValuesField("uid", m.uid()));
    doc.add(new org.apache.lucene.document.Field("body", text.body(), GRAMS));
    doc.add(new org.apache.lucene.document.Field("hdr", text.headers(), GRAMS));
    writer.updateDocument(new Term("key", key), doc);
    uncommitted = true;
  }

  /** Makes the index match the store: index what is missing, remove what no longer exists. */
  private void reconcile() throws IOException {
    Map<Long, Set<Long>> indexed = new HashMap<>();
    searchers.maybeRefreshBlocking();
    IndexSearcher searcher = searchers.acquire();
    try {
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
        Bits live = leaf.reader().getLiveDocs();
        NumericDocValues mbox = leaf.reader().getNumericDocValues("mboxid");
        NumericDocValues uid = leaf.reader().getNumericDocValues("uid");
        if (mbox == null || uid == null) {
          continue;
        }
        for (int doc = mbox.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = mbox.nextDoc()) {
          if ((live == null || live.get(doc)) && uid.advanceExact(doc)) {
            indexed.computeIfAbsent(mbox.longValue(), k -> new HashSet<>()).add(uid.longValue());
          }
        }
      }
    } finally {
      searchers.release(searcher);
    }
    int added = 0;
    int removed = 0;
    Set<Long> mailboxIds = new HashSet<>();
    for (Mailbox box : store.mail().mailboxes(accountId)) {
      mailboxIds.add(box.id());
      Set<Long> have = indexed.getOrDefault(box.id(), Set.of());
      Set<Long> present = new HashSet<>();
      for (MessageMeta m : store.mail().messages(box.id())) {
        present.add(m.uid());
        if (!have.contains(m.uid())) {
          index(m);
          added++;
        }
      }
      for (long uid : have) {
        if (!present.contains(uid)) {
          writer.deleteDocuments(new Term("key", key(box.id(), uid)));
          removed++;
        }
      }
    }
    for (long mbox : new ArrayList<>(indexed.keySet())) {
      if (!mailboxIds.contains(mbox)) {
        writer.deleteDocuments(new Term("mbox", Long.toString(mbox)));
        removed += indexed.get(mbox).size();
      }
    }
    if (added > 0 || removed > 0) {
      commit();
      LOG.info("search.reconciled", "account", accountId, "indexed", added, "removed", removed);
    }
  }

  private static String key(long mailboxId, long uid) {
    return mailboxId + ":" + uid;
  }

  /** Opens the writer if needed; a corrupt or incompatible index is discarded and rebuilt from the store. */
  private void ensureOpen() throws IOException {
    lastUsed = System.nanoTime();
    if (writer != null) {
      return;
    }
    makeRoom.accept(this);
    PrivateFiles.createDirectories(path);
    try {
      openWriter();
    } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException e) {
      LOG.warn("search.index.rebuild", e, "account", accountId);
      closeQuietly();
      deleteTree(path);
      PrivateFiles.createDirectories(path);
      openWriter();
      reconciled = false;
    }
  }

  private void openWriter() throws IOException {
    directory = new PrivateIndexDirectory(new MMapDirectory(path));
    IndexWriterConfig config = new IndexWriterConfig(new TrigramAnalyzer())
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
        .setRAMBufferSizeMB(RAM_BUFFER_MB)
        .setCommitOnClose(true);
    writer = new IndexWriter(directory, config);
    searchers = new SearcherManager(writer, null);
  }

  /** Commits and closes the writer unless the account is busy; true when closed. */
  boolean closeIfIdle() {
    if (!lock.tryLock()) {
      return false;
    }
    try {
      closeQuietly();
      return true;
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      closed = true;
      closeQuietly();
    } finally {
      lock.unlock();
    }
  }

  private void closeQuietly() {
    try {
      if (searchers != null) {
        searchers.close();
      }
      if (writer != null) {
        writer.close();
      }
      if (directory != null) {
        directory.close();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("search.index.close_failed", e, "account", accountId);
      if (writer != null) {
        try {
          writer.rollback();
        } catch (IOException | RuntimeException ignored) {
          // already failing
        }
      }
    } finally {
      searchers = null;
      writer = null;
      directory = null;
      uncommitted = false;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Character trigrams of the whole (already normalized) field text, white space included. */
  static final class TrigramAnalyzer extends Analyzer {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      return new TokenStreamComponents(new NGramTokenizer(GRAM, GRAM));
    }
  }
}
