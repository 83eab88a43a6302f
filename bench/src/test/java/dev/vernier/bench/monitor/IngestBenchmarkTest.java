package dev.vernier.bench.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.platform.db.DatabaseConfig;
import dev.vernier.platform.db.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The ingest benchmark end to end on a few thousand events: it runs and prints its table. */
class IngestBenchmarkTest {
  @TempDir Path dir;

  @Test
  @Timeout(240)
  void fiveThousandEventsThroughTheBareLoopAndTheMonitor() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    IngestBenchmark.Result r =
        IngestBenchmark.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), dir, 5000);
    String table = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(5000, r.events());
    assertEquals(10, r.windowsClosed(), "windows of 500 events");
    assertTrue(r.bareRecordsPerSecond() > 0 && r.vernierEventsPerSecond() > 0, table);
    assertTrue(r.databaseBytes() > 0, table);
    assertTrue(table.contains("| Vernier events/s |"), table);
    assertTrue(table.contains("| sqlite | 5000 |"), table);
  }

  @Test
  @Timeout(240)
  void threeThousandEventsWithTheMonitorOnPostgres() {
    PostgresServer pg = PostgresServer.shared();
    DatabaseConfig db = new DatabaseConfig(pg.newDatabase(), pg.user(), null);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    IngestBenchmark.Result r =
        IngestBenchmark.run(
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            dir,
            new IngestBenchmark.Options(3000, "lz4", 300, "", 1000),
            db);
    String table = bytes.toString(StandardCharsets.UTF_8);
    assertEquals("postgresql", r.store(), table);
    assertEquals(10, r.windowsClosed(), "windows of 300 events: " + table);
    assertTrue(r.databaseBytes() > 0, table);
    assertTrue(table.contains("| postgresql | 3000 |"), table);
    assertTrue(table.contains("monitor state in " + db.redactedUrl()), table);
  }
}
