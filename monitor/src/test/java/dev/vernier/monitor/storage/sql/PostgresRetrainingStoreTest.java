package dev.vernier.monitor.storage.sql;

import dev.vernier.monitor.storage.RetrainingStoreContract;
import java.nio.file.Path;

/** {@link RetrainingStoreContract} on a real PostgreSQL server. */
class PostgresRetrainingStoreTest extends RetrainingStoreContract {
  @Override
  protected Repositories open(Path dir) {
    return PostgresRepositories.open(dir);
  }
}
