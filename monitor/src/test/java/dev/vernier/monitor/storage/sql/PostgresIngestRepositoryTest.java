package dev.vernier.monitor.storage.sql;

import dev.vernier.monitor.storage.IngestRepositoryContract;
import java.nio.file.Path;

/** {@link IngestRepositoryContract} on a real PostgreSQL server. */
class PostgresIngestRepositoryTest extends IngestRepositoryContract {
  @Override
  protected Repositories open(Path dir) {
    return PostgresRepositories.open(dir);
  }
}
