package dev.vernier.monitor.storage.sql;

import dev.vernier.monitor.storage.DeliveryRepositoryContract;
import java.nio.file.Path;

/** {@link DeliveryRepositoryContract} on SQLite. */
class SqliteDeliveryRepositoryTest extends DeliveryRepositoryContract {
  @Override
  protected Repositories open(Path dir) {
    return SqliteRepositories.open(dir);
  }
}
