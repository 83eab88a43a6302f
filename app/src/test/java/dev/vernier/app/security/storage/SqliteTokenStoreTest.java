package dev.vernier.app.security.storage;

import dev.vernier.platform.db.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The token store contract on a SQLite file. */
class SqliteTokenStoreTest extends TokenStoreContractTest {
  @TempDir Path dir;

  @Override
  Database open() {
    return Database.sqlite(dir.resolve("vernier.db"));
  }
}
