package dev.vernier.tuner.storage;

import dev.vernier.tuner.storage.sql.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on a real SQLite file. */
class SqliteStoreTest extends StoreContractTest {
  @TempDir Path dir;

  @Override
  protected Database open() {
    return Database.sqlite(dir.resolve("vernier.db"));
  }
}
