package dev.vernier.monitor.storage.sql;

import java.nio.file.Path;

/** {@link DeduplicateContract} on SQLite. */
class SqliteDeduplicateTest extends DeduplicateContract {
  @Override
  protected Repositories open(Path dir) {
    return SqliteRepositories.open(dir);
  }
}
