package dev.vernier.monitor.storage.sql;

import dev.vernier.monitor.storage.DeliveryRepositoryContract;
import java.nio.file.Path;

/** {@link DeliveryRepositoryContract} on a real PostgreSQL server. */
class PostgresDeliveryRepositoryTest extends DeliveryRepositoryContract {
  @Override
  protected Repositories open(Path dir) {
    return PostgresRepositories.open(dir);
  }
}
