package dev.vernier.monitor.storage.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vernier.monitor.storage.Webhook;
import dev.vernier.platform.db.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: webhooks registered before posts were signed keep working after the migration: allowed
 * to resolve privately (they were registered without the check) and without a secret (posted
 * unsigned until registered again); registering one again sets its secret and keeps its id.
 */
class WebhookMigrationTest {
  @TempDir Path dir;

  @Test
  void webhooksRegisteredBeforeVersion7KeepWorkingUnsigned() throws Exception {
    try (Database db = Database.sqlite(dir.resolve("vernier.db"))) {
      Flyway.configure()
          .dataSource(db.dataSource())
          .locations("classpath:db/monitor")
          .table("flyway_monitor_history")
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .placeholders(Map.of("id_pk", "INTEGER PRIMARY KEY AUTOINCREMENT"))
          .target("6")
          .load()
          .migrate();
      try (Connection c = db.dataSource().getConnection();
          Statement s = c.createStatement()) {
        s.executeUpdate(
            "INSERT INTO webhook (id, url, created_at)"
                + " VALUES ('wh-old', 'http://10.0.0.5/hook', 5)");
      }
      SqlMonitorStore store = new SqlMonitorStore(db.dataSource(), db.dialect());
      assertEquals(
          List.of(new Webhook("wh-old", "http://10.0.0.5/hook", null, true, 5)), store.webhooks());

      Webhook again =
          store.addWebhook(new Webhook("wh-new", "http://10.0.0.5/hook", "s".repeat(16), false, 9));
      assertEquals(new Webhook("wh-old", "http://10.0.0.5/hook", "s".repeat(16), false, 5), again);
      assertEquals(List.of(again), store.webhooks());
    }
  }
}
