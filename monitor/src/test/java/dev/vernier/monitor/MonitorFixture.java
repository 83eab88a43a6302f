package dev.vernier.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.data.DataRoots;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.drift.DriftMethods;
import dev.vernier.monitor.ingest.MonitorMetrics;
import dev.vernier.monitor.service.BaselinePredictor;
import dev.vernier.monitor.service.MonitorService;
import dev.vernier.monitor.spec.MonitorSpecParser;
import dev.vernier.monitor.storage.sql.SqlMonitorStore;
import dev.vernier.platform.db.Database;
import dev.vernier.tuner.storage.sql.TunerSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A monitor service on a real SQLite file with a synthetic 20-feature baseline (label first CSV):
 * feature j of a baseline row is N(j / 10, 1), the label is 1 when the sum of the first two
 * features is positive. Used by the monitor's integration tests and by a child process in the crash
 * test.
 */
public final class MonitorFixture implements AutoCloseable {
  public static final int FEATURES = SyntheticEvents.FEATURES;

  public final Path dir;
  public final Path dataRoot;
  public final Database db;
  public final javax.sql.DataSource ds;
  public final SqlMonitorStore store;
  public final MonitorService service;

  public MonitorFixture(Path dir) throws IOException {
    this(dir, BaselinePredictor.NONE, MonitorMetrics.NONE);
  }

  public MonitorFixture(Path dir, BaselinePredictor predictor, MonitorMetrics metrics)
      throws IOException {
    this.dir = dir;
    this.dataRoot = Files.createDirectories(dir.resolve("data"));
    Path train = dataRoot.resolve("train.csv");
    if (!Files.exists(train)) {
      writeBaseline(train, 2000, 11);
    }
    db = TunerSchema.migrate(Database.sqlite(dir.resolve("vernier.db")));
    ds = db.dataSource();
    store = new SqlMonitorStore(ds, db.dialect());
    service =
        new MonitorService(
            store,
            new MonitorSpecParser(new DataRoots(List.of(dataRoot)), DriftMethods.names()),
            predictor,
            metrics,
            Clock.systemUTC(),
            2);
  }

  static void writeBaseline(Path file, int rows, long seed) throws IOException {
    SyntheticEvents.writeBaseline(file, rows, seed);
  }

  /** One row of features, every feature shifted by {@code shift}. */
  public static float[] row(Random r, double shift) {
    return SyntheticEvents.row(r, shift);
  }

  /** An inference event's JSON. */
  public static String event(String model, String id, long time, float[] x, double prediction) {
    return SyntheticEvents.event(model, id, time, x, prediction);
  }

  public static JsonNode json(String text) {
    return Json.parse(text.replace('\'', '"'), "test json").node;
  }

  public static String fmt(String s, Object... args) {
    return String.format(Locale.ROOT, s, args);
  }

  @Override
  public void close() {
    db.close();
  }
}
