package dev.vernier.monitor.storage.sql;

import dev.vernier.monitor.storage.AlertRepositoryContract;
import java.nio.file.Path;

/** {@link AlertRepositoryContract} on SQLite. */
class SqliteAlertRepositoryTest extends AlertRepositoryContract {
  @Override
  protected Repositories open(Path dir) {
    return SqliteRepositories.open(dir);
  }
}
