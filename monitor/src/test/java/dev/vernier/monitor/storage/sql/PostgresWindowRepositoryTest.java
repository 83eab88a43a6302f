package dev.vernier.monitor.storage.sql;

import dev.vernier.monitor.storage.WindowRepositoryContract;
import java.nio.file.Path;

/** {@link WindowRepositoryContract} on a real PostgreSQL server. */
class PostgresWindowRepositoryTest extends WindowRepositoryContract {
  @Override
  protected Repositories open(Path dir) {
    return PostgresRepositories.open(dir);
  }
}
