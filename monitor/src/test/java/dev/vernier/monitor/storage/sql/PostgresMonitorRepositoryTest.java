package dev.vernier.monitor.storage.sql;

import dev.vernier.monitor.storage.MonitorRepositoryContract;
import java.nio.file.Path;

/** {@link MonitorRepositoryContract} on a real PostgreSQL server. */
class PostgresMonitorRepositoryTest extends MonitorRepositoryContract {
  @Override
  protected Repositories open(Path dir) {
    return PostgresRepositories.open(dir);
  }
}
