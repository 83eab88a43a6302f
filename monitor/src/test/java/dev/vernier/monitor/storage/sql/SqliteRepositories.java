package dev.vernier.monitor.storage.sql;

import dev.vernier.monitor.storage.RepositoryContract.Repositories;
import dev.vernier.platform.db.Database;
import java.nio.file.Path;

/** The SQLite repositories of a fresh store in a folder: what each SQLite contract test opens. */
final class SqliteRepositories {
  private SqliteRepositories() {}

  static Repositories open(Path dir) {
    Database db = Database.sqlite(dir.resolve("monitor.db"));
    SqlMonitorStore s = new SqlMonitorStore(db.dataSource(), db.dialect());
    return new Repositories(
        s.monitorRepository(),
        s.ingestRepository(),
        s.windowRepository(),
        s.labelRepository(),
        s.alertRepository(),
        s.deliveryRepository(),
        db,
        () -> open(dir));
  }
}
