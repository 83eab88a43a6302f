package dev.vernier.monitor.storage.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vernier.monitor.storage.MonitorRecord;
import dev.vernier.platform.db.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Versions 10 and 11 on a database written before them: two monitors stored with one name keep the
 * oldest's name and the later one is renamed so the unique index can be built; idempotency keys
 * stored without a kind are taken as labels posts when they joined or matched labels, else events.
 */
class MonitorNameAndKeyMigrationTest {
  @TempDir Path dir;

  @Test
  void duplicateNamesAreRenamedAndStoredKeysGetAKind() throws Exception {
    try (Database db = Database.sqlite(dir.resolve("vernier.db"))) {
      Flyway.configure()
          .dataSource(db.dataSource())
          .locations("classpath:db/monitor")
          .table("flyway_monitor_history")
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .placeholders(
              Map.of("id_pk", "INTEGER PRIMARY KEY AUTOINCREMENT", "postgres_only", "-- "))
          .target("9")
          .load()
          .migrate();
      try (Connection c = db.dataSource().getConnection();
          Statement s = c.createStatement()) {
        for (String[] m :
            List.of(
                new String[] {"mon-b", "dup", "2"},
                new String[] {"mon-a", "dup", "1"},
                new String[] {"mon-c", "dup", "2"},
                new String[] {"mon-d", "other", "1"})) {
          s.executeUpdate(
              "INSERT INTO monitor (id, name, spec, state, created_at) VALUES ('"
                  + m[0]
                  + "', '"
                  + m[1]
                  + "', '{}', 'ACTIVE', "
                  + m[2]
                  + ")");
        }
        s.executeUpdate("INSERT INTO ingest_request VALUES ('mon-a', 'k-events', 5, 0, 0, 0, 10)");
        s.executeUpdate("INSERT INTO ingest_request VALUES ('mon-a', 'k-labels', 0, 0, 3, 1, 10)");
      }
      SqlMonitorStore store = new SqlMonitorStore(db.dataSource(), db.dialect());
      List<String> names = new ArrayList<>();
      for (MonitorRecord m : store.monitors()) {
        names.add(m.id() + " " + m.name());
      }
      names.sort(String::compareTo);
      assertEquals(
          List.of("mon-a dup", "mon-b dup-mon-b", "mon-c dup-mon-c", "mon-d other"), names);
      List<String> keys = new ArrayList<>();
      try (Connection c = db.dataSource().getConnection();
          Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT kind, request_key, body_sha256 FROM ingest_request ORDER BY request_key")) {
        while (r.next()) {
          keys.add(r.getString(1) + " " + r.getString(2) + " " + r.getString(3));
        }
      }
      assertEquals(List.of("events k-events null", "labels k-labels null"), keys);
    }
  }
}
