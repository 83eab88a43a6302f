package dev.vernier.monitor.storage.sql;

import dev.vernier.monitor.storage.IngestRepositoryContract;
import java.nio.file.Path;

/** {@link IngestRepositoryContract} on SQLite. */
class SqliteIngestRepositoryTest extends IngestRepositoryContract {
  @Override
  protected Repositories open(Path dir) {
    return SqliteRepositories.open(dir);
  }
}
