package dev.vernier.monitor.storage;

import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.event.LabelEvent;
import dev.vernier.monitor.spec.WindowSpec;
import dev.vernier.monitor.window.Windowing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every repository contract test shares: a fresh store per test, opened by the implementation
 * under test ({@link #open}), and a monitor {@link #ID} with one-second windows of {@link #COLS}
 * features to write into. A contract test names the repository it checks and uses the others only
 * to set its rows up.
 */
public abstract class RepositoryContract {
  public static final String ID = "mon-test";
  public static final int COLS = 2;
  public static final Windowing SECONDS =
      new Windowing(WindowSpec.time(Duration.ofSeconds(1), Duration.ZERO));
  public static final Duration HORIZON = Duration.ofHours(1);

  /**
   * The repositories of one store, as an implementation opens them.
   *
   * @param another opens a second store (its own pool) on the same database: what another replica
   *     of the service sees, for the races between replicas
   */
  public record Repositories(
      MonitorRepository monitors,
      IngestRepository ingest,
      WindowRepository windows,
      LabelRepository labels,
      AlertRepository alerts,
      DeliveryRepository deliveries,
      AutoCloseable closer,
      java.util.function.Supplier<Repositories> another) {}

  @TempDir protected Path dir;
  protected Repositories repos;

  /** Opens an empty store in {@code dir}. */
  protected abstract Repositories open(Path dir) throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    repos = open(dir);
    createMonitor(ID, 1_000);
  }

  @AfterEach
  void closeStore() throws Exception {
    repos.closer().close();
  }

  protected MonitorRecord createMonitor(String id, long createdAt) {
    MonitorRecord m =
        new MonitorRecord(
            id, "name-" + id, "{\"name\":\"" + id + "\"}", MonitorState.ACTIVE, createdAt, null);
    repos.monitors().create(m, "sha-" + id, "{\"baseline\":\"" + id + "\"}");
    return m;
  }

  /** An event with id {@code "e" + time}, features (time, 1) and {@code prediction}. */
  protected static InferenceEvent event(long time, double prediction) {
    return new InferenceEvent("e" + time, time, new float[] {time, 1}, new int[0], prediction);
  }

  protected static List<InferenceEvent> events(long... times) {
    List<InferenceEvent> out = new ArrayList<>();
    for (long t : times) {
      out.add(event(t, 1));
    }
    return out;
  }

  /** A batch of events (predictions kept for labels, features captured) and labels. */
  protected static IngestBatch batch(List<InferenceEvent> events, List<LabelEvent> labels) {
    return new IngestBatch(List.of(), events, labels, Map.of(), true, true);
  }

  protected IngestBatch.Result ingest(List<InferenceEvent> events, List<LabelEvent> labels) {
    return repos.ingest().ingest(ID, SECONDS, COLS, HORIZON, batch(events, labels));
  }

  protected IngestBatch.Result ingest(long... times) {
    return ingest(events(times), List.of());
  }

  /** The open window starting at {@code start}. */
  protected WindowRecord open(long start) {
    return repos.windows().openWindows(ID).stream()
        .filter(w -> w.start() == start)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no open window at " + start));
  }

  /** Closes the open window at {@code start} with {@code alerts}, delivered to {@code targets}. */
  protected WindowWrite close(
      long start, long now, long cooldownMillis, List<NewAlert> alerts, List<String> targets) {
    WindowRecord w = open(start);
    return repos
        .windows()
        .closeWindow(
            ID,
            w,
            w.events(),
            0,
            "{\"window\":" + start + "}",
            new byte[] {1, 2},
            new RaisedAlerts(alerts, now, cooldownMillis, targets));
  }

  protected static NewAlert alert(String kind, boolean retrain) {
    return new NewAlert(kind, kind + " summary", "{\"kind\":\"" + kind + "\"}", retrain);
  }
}
