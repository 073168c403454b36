package io.mailcove.search;

import io.mailcove.store.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.store.Lock;

/**
 * A Lucene directory whose files are 600 like everything in the data folder: Lucene creates them with the process
 * umask (usually 644), and the index holds the text of the mail. Each file is restricted as soon as it is created,
 * before any content is written; the folder itself is 700, so no one else could reach it in between.
 */
final class PrivateIndexDirectory extends FilterDirectory {
  private final Path path;

  PrivateIndexDirectory(FSDirectory directory) {
    super(directory);
    this.path = directory.getDirectory();
  }

  @Override
  public IndexOutput createOutput(String name, IOContext context) throws IOException {
    IndexOutput out = super.createOutput(name, context);
    PrivateFiles.restrict(path.resolve(out.getName()));
    return out;
  }

  @Override
  public IndexOutput createTempOutput(String prefix, String suffix, IOContext context) throws IOException {
    IndexOutput out = super.createTempOutput(prefix, suffix, context);
    PrivateFiles.restrict(path.resolve(out.getName()));
    return out;
  }

  @Override
  public Lock obtainLock(String name) throws IOException {
    Lock lock = super.obtainLock(name);
    PrivateFiles.restrict(path.resolve(name));
    return lock;
  }
}
