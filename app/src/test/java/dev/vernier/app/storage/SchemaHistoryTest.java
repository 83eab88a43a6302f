package dev.vernier.app.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vernier.app.security.Role;
import dev.vernier.app.security.storage.SqlTokenStore;
import dev.vernier.monitor.storage.sql.SqlMonitorStore;
import dev.vernier.platform.db.Database;
import dev.vernier.platform.db.Migrations;
import dev.vernier.tuner.storage.sql.TunerSchema;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three modules' migrations in one database, each with the history table every existing
 * database holds: a renamed table would make Flyway apply a module's migrations again on upgrade.
 */
class SchemaHistoryTest {
  @TempDir Path dir;

  @Test
  void eachModuleKeepsItsHistoryTableAndAReopenMigratesNothing() {
    Path file = dir.resolve("vernier.db");
    try (Database db = TunerSchema.migrate(Database.sqlite(file))) {
      new SqlMonitorStore(db.dataSource(), db.dialect());
      new SqlTokenStore(db.dataSource(), db.dialect(), java.time.Clock.systemUTC())
          .create(Role.READER, "kept", 1);
      assertEquals(
          List.of("flyway_app_history", "flyway_monitor_history", "flyway_tuner_history"),
          db.dsl()
              .fetch(
                  "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'flyway%'"
                      + " ORDER BY name")
              .getValues(0, String.class));
    }
    try (Database db = Database.sqlite(file)) {
      assertEquals(
          0,
          Migrations.run(
              db.dataSource(), db.dialect(), "classpath:db/tuner", TunerSchema.HISTORY_TABLE));
      assertEquals(
          0,
          Migrations.run(
              db.dataSource(), db.dialect(), "classpath:db/monitor", "flyway_monitor_history"));
      assertEquals(
          0,
          Migrations.run(db.dataSource(), db.dialect(), "classpath:db/app", "flyway_app_history"));
      assertEquals(
          1,
          new SqlTokenStore(db.dataSource(), db.dialect(), java.time.Clock.systemUTC())
              .list()
              .size());
    }
  }
}
