package dev.vernier.app.security.storage;

import dev.vernier.platform.db.Database;
import dev.vernier.platform.db.PostgresServer;

/** The token store contract on PostgreSQL: the same migrations (db/app), a fresh database each. */
class PostgresTokenStoreTest extends TokenStoreContractTest {
  @Override
  Database open() {
    PostgresServer pg = PostgresServer.shared();
    return Database.postgres(pg.newDatabase(), pg.user(), null, 2);
  }
}
