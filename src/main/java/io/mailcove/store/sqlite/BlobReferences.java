package io.mailcove.store.sqlite;

import java.util.ArrayList;
import java.util.List;

/**
 * The table columns that refer to a blob by its id, gathered from the parts of the store that keep them: each part
 * ({@link Holder}) declares its own columns next to the SQL that writes them, and the store hands the collection to
 * blob garbage collection, which keeps a blob while any of these columns refers to it. A table that does not exist
 * (yet: a store kept at an older schema) is skipped.
 */
final class BlobReferences {
  record Column(String table, String column) {}

  /** A part of the store whose rows keep blobs alive. */
  interface Holder {
    List<Column> blobReferences();
  }

  private final List<Column> columns;

  private BlobReferences(List<Column> columns) {
    this.columns = List.copyOf(columns);
  }

  static BlobReferences of(Holder... holders) {
    List<Column> columns = new ArrayList<>();
    for (Holder h : holders) {
      columns.addAll(h.blobReferences());
    }
    return new BlobReferences(columns);
  }

  List<Column> columns() {
    return columns;
  }
}
