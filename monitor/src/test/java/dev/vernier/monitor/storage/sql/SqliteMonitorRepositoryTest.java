package dev.vernier.monitor.storage.sql;

import dev.vernier.monitor.storage.MonitorRepositoryContract;
import java.nio.file.Path;

/** {@link MonitorRepositoryContract} on SQLite. */
class SqliteMonitorRepositoryTest extends MonitorRepositoryContract {
  @Override
  protected Repositories open(Path dir) {
    return SqliteRepositories.open(dir);
  }
}
