package io.mailcove.store.sqlite;

import java.util.List;

/**
 * Every table column that refers to a blob by its id. Blob garbage collection keeps a blob while any of these
 * refers to it; a table that does not exist (yet) is skipped. A package that stores blob ids in a new table adds
 * it here.
 */
public final class BlobReferences {
  public record Column(String table, String column) {}

  public static final List<Column> COLUMNS = List.of(
      new Column("messages", "blob_id"),
      new Column("queue_messages", "blob_id"));

  private BlobReferences() {}
}
