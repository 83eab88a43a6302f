package dev.vernier.monitor.storage.sql;

import dev.vernier.monitor.storage.LabelRepositoryContract;
import java.nio.file.Path;

/** {@link LabelRepositoryContract} on a real PostgreSQL server. */
class PostgresLabelRepositoryTest extends LabelRepositoryContract {
  @Override
  protected Repositories open(Path dir) {
    return PostgresRepositories.open(dir);
  }
}
