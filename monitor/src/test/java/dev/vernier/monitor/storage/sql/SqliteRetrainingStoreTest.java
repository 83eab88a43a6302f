package dev.vernier.monitor.storage.sql;

import dev.vernier.monitor.storage.RetrainingStoreContract;
import java.nio.file.Path;

/** {@link RetrainingStoreContract} on SQLite. */
class SqliteRetrainingStoreTest extends RetrainingStoreContract {
  @Override
  protected Repositories open(Path dir) {
    return SqliteRepositories.open(dir);
  }
}
