package dev.vernier.tuner.storage;

import dev.vernier.platform.db.Database;
import dev.vernier.tuner.storage.sql.TunerSchema;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@link TrialStore} contract on a real SQLite file. */
class SqliteTrialStoreTest extends TrialStoreContractTest {
  @TempDir Path dir;

  @Override
  protected Database open() {
    return TunerSchema.migrate(Database.sqlite(dir.resolve("vernier.db")));
  }

  @Override
  protected Database openReplica() {
    return Database.sqlite(dir.resolve("vernier.db"));
  }
}
