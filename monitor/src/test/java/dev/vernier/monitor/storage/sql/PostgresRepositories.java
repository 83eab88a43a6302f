package dev.vernier.monitor.storage.sql;

import dev.vernier.monitor.storage.RepositoryContract.Repositories;
import dev.vernier.platform.db.Database;
import dev.vernier.platform.db.PostgresServer;
import java.nio.file.Path;

/** The repositories of a fresh store on a new database of the shared test PostgreSQL server. */
final class PostgresRepositories {
  private PostgresRepositories() {}

  static Repositories open(Path dir) {
    return open(PostgresServer.shared().newDatabase());
  }

  /** A store on the database at {@code url}, whose second store opens the same database. */
  static Repositories open(String url) {
    PostgresServer server = PostgresServer.shared();
    Database db = Database.postgres(url, server.user(), "", 4);
    SqlMonitorStore s = new SqlMonitorStore(db.dataSource(), db.dialect());
    return new Repositories(
        s.monitorRepository(),
        s.ingestRepository(),
        s.windowRepository(),
        s.labelRepository(),
        s.alertRepository(),
        s.deliveryRepository(),
        db,
        () -> open(url));
  }
}
