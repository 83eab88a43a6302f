package dev.vernier.tuner.storage;

import dev.vernier.platform.db.Database;
import dev.vernier.platform.db.PostgresServer;
import dev.vernier.tuner.storage.sql.TunerSchema;

/** The {@link TrialStore} contract on a real PostgreSQL server (a fresh database per test). */
class PostgresTrialStoreTest extends TrialStoreContractTest {
  private String url;

  @Override
  protected Database open() {
    PostgresServer server = PostgresServer.shared();
    url = server.newDatabase();
    return TunerSchema.migrate(Database.postgres(url, server.user(), "", 4));
  }

  @Override
  protected Database openReplica() {
    return Database.postgres(url, PostgresServer.shared().user(), "", 4);
  }
}
