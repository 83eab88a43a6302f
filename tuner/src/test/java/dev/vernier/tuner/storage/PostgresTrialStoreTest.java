package dev.vernier.tuner.storage;

import dev.vernier.platform.db.Database;
import dev.vernier.platform.db.PostgresServer;
import dev.vernier.tuner.storage.sql.TunerSchema;

/** The {@link TrialStore} contract on a real PostgreSQL server (a fresh database per test). */
class PostgresTrialStoreTest extends TrialStoreContractTest {
  @Override
  protected Database open() {
    PostgresServer server = PostgresServer.shared();
    return TunerSchema.migrate(Database.postgres(server.newDatabase(), server.user(), "", 4));
  }
}
