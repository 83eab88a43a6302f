package dev.vernier.monitor.storage.sql;

import dev.vernier.monitor.storage.AlertRepositoryContract;
import java.nio.file.Path;

/** {@link AlertRepositoryContract} on a real PostgreSQL server. */
class PostgresAlertRepositoryTest extends AlertRepositoryContract {
  @Override
  protected Repositories open(Path dir) {
    return PostgresRepositories.open(dir);
  }
}
