package dev.vernier.monitor.storage.sql;

import dev.vernier.monitor.storage.WindowRepositoryContract;
import java.nio.file.Path;

/** {@link WindowRepositoryContract} on SQLite. */
class SqliteWindowRepositoryTest extends WindowRepositoryContract {
  @Override
  protected Repositories open(Path dir) {
    return SqliteRepositories.open(dir);
  }
}
