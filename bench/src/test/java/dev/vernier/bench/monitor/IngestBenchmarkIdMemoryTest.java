package dev.vernier.bench.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest benchmark measures the monitor with its id memory (the default) and with {@code
 * "deduplicate": false}, each against the same bare loop, a row of the table each.
 */
class IngestBenchmarkIdMemoryTest {
  @TempDir Path dir;

  @Test
  @Timeout(240)
  void bothMonitorsAgainstOneBareLoop() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    IngestBenchmark.Result r =
        IngestBenchmark.run(
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            dir,
            new IngestBenchmark.Options(3000, "lz4", 300, "", 1000),
            null);
    String table = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(r.deduplicated().deduplicate(), table);
    assertFalse(r.unique().deduplicate(), table);
    assertEquals(3000, r.deduplicated().idsRemembered(), "every id of the default monitor");
    assertEquals(0, r.unique().idsRemembered(), "none with deduplicate false");
    assertEquals(10, r.unique().windowsClosed(), table);
    assertTrue(r.ratio() > 0 && r.uniqueRatio() > 0, table);
    assertEquals(r.unique().eventsPerSecond() / r.bareRecordsPerSecond(), r.uniqueRatio(), 1e-12);
    assertTrue(table.contains("\n| sqlite | 3000 |"), table);
    assertTrue(table.contains("\n| sqlite, deduplicate false | 3000 |"), table);
    assertTrue(table.contains("ids remembered: 3000 and 0"), table);
    assertTrue(table.contains("Vernier, deduplicate false CPU s by thread:"), table);
  }
}
