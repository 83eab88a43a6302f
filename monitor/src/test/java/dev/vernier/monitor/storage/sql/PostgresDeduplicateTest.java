package dev.vernier.monitor.storage.sql;

import java.nio.file.Path;

/** {@link DeduplicateContract} on a real PostgreSQL server. */
class PostgresDeduplicateTest extends DeduplicateContract {
  @Override
  protected Repositories open(Path dir) {
    return PostgresRepositories.open(dir);
  }
}
