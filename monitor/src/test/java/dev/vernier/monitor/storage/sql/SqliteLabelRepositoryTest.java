package dev.vernier.monitor.storage.sql;

import dev.vernier.monitor.storage.LabelRepositoryContract;
import java.nio.file.Path;

/** {@link LabelRepositoryContract} on SQLite. */
class SqliteLabelRepositoryTest extends LabelRepositoryContract {
  @Override
  protected Repositories open(Path dir) {
    return SqliteRepositories.open(dir);
  }
}
