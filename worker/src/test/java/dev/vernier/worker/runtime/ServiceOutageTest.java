package dev.vernier.worker.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.fleet.EpochUpdate;
import dev.vernier.core.fleet.FleetClient;
import dev.vernier.core.fleet.HeartbeatReply;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service that does not answer for a while (an {@link IOException} from the client: no
 * connection, a 503, or the in-process client's database outage) costs the trial nothing: its
 * heartbeats are tried again and then skipped with one warning (training goes on), the epochs of a
 * skipped heartbeat go with the next one (or before the report), and its model's upload and its
 * report are retried until they land, never waiting longer than a heartbeat interval. An upload
 * that failed used to drop the finished trial (the lease expired and the trial ran again), and a
 * skipped heartbeat's epochs were lost. Nothing is logged as SEVERE.
 *
 * <p>The service is a script (the worker module has no service to run); the whole path on a real
 * PostgreSQL that stops and starts is {@code InProcessWorkerOutageTest} in the app module.
 */
class ServiceOutageTest {
  @TempDir Path dir;

  /**
   * A service that fails as an unreachable one does: the heartbeats with epochs that {@code
   * heartbeats} marks {@code F} in turn (a heartbeat without epochs, the keep-alive's, always
   * answers), and the first {@code uploads} uploads and {@code reports} reports.
   */
  static final class Outage implements FleetClient {
    final ConcurrentLinkedQueue<Character> heartbeats = new ConcurrentLinkedQueue<>();
    final AtomicInteger uploadsFailing;
    final AtomicInteger reportsFailing;
    final AtomicInteger uploads = new AtomicInteger();
    final ConcurrentLinkedQueue<Integer> epochsDelivered = new ConcurrentLinkedQueue<>();
    final LinkedBlockingQueue<TrialReport> reports = new LinkedBlockingQueue<>();
    final ConcurrentLinkedQueue<TrialAssignment> trials;

    Outage(TrialAssignment trial, String heartbeats, int uploads, int reports) {
      this.trials = new ConcurrentLinkedQueue<>(List.of(trial));
      heartbeats.chars().forEach(c -> this.heartbeats.add((char) c));
      this.uploadsFailing = new AtomicInteger(uploads);
      this.reportsFailing = new AtomicInteger(reports);
    }

    private static IOException unavailable() {
      return new IOException("the server failed (HTTP 503): the database is busy; retry");
    }

    private static void fail(AtomicInteger left) throws IOException {
      if (left.getAndDecrement() > 0) {
        throw unavailable();
      }
    }

    @Override
    public String register(String name, int slots, String bootId) {
      return "w1";
    }

    @Override
    public Optional<TrialAssignment> lease(String workerId) {
      return Optional.ofNullable(trials.poll());
    }

    @Override
    public HeartbeatReply heartbeat(String leaseId, List<EpochUpdate> epochs) throws IOException {
      if (!epochs.isEmpty()) {
        Character next = heartbeats.poll();
        if (next != null && next == 'F') {
          throw unavailable();
        }
        epochs.forEach(e -> epochsDelivered.add(e.epoch()));
      }
      return HeartbeatReply.CONTINUE;
    }

    @Override
    public String upload(String leaseId, Path modelFile) throws IOException {
      uploads.incrementAndGet();
      fail(uploadsFailing);
      return "artifacts/" + leaseId + "/" + modelFile.getFileName();
    }

    @Override
    public void report(String leaseId, TrialReport r) throws IOException {
      fail(reportsFailing);
      reports.add(r);
    }
  }

  /** The worker runtime's log records, while installed. */
  static final class Records extends Handler implements AutoCloseable {
    final ConcurrentLinkedQueue<LogRecord> all = new ConcurrentLinkedQueue<>();
    final Logger logger = Logger.getLogger(WorkerRuntime.class.getName());

    Records() {
      logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord r) {
      all.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
    }

    List<String> at(Level level) {
      return all.stream().filter(r -> r.getLevel() == level).map(LogRecord::getMessage).toList();
    }
  }

  Path data() throws Exception {
    StringBuilder csv = new StringBuilder();
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < 200; i++) {
      int c = r.nextInt(2);
      csv.append(c).append(',').append(c + r.nextGaussian()).append(',').append(r.nextGaussian());
      csv.append('\n');
    }
    return Files.writeString(dir.resolve("train.csv"), csv.toString());
  }

  TrialAssignment trial() throws Exception {
    return new TrialAssignment(
        "lease-1",
        "job",
        1,
        1,
        0,
        "mlp",
        null,
        Map.of("epochs", "3", "hidden_units", "8"),
        Map.of("train", new TrialAssignment.ChannelData(data().toString(), null, "auto")),
        7,
        "validation:accuracy",
        Map.of(),
        0,
        2);
  }

  @Test
  void heartbeatsUploadAndReportThatMeetAnOutageAreRetriedAndTheTrialCompletesOnce()
      throws Exception {
    // every try of epoch 1's heartbeat fails, epoch 2's lands, every try of epoch 3's (the last)
    // fails; then the upload twice and the report twice
    Outage service = new Outage(trial(), "FFFSFFF", 2, 2);
    WorkerRuntime.Settings settings =
        new WorkerRuntime.Settings(
            "w", 1, "java", 1, dir.resolve("work"), Duration.ofMillis(20), Map.of());
    try (Records log = new Records();
        WorkerRuntime w = new WorkerRuntime(service, settings, Clock.systemUTC())) {
      w.start();
      TrialReport r = service.reports.poll(20, TimeUnit.SECONDS);
      assertTrue(r != null, "no report within 20 s; log: " + log.at(Level.WARNING));
      assertEquals(TrialReport.Outcome.COMPLETED, r.outcome(), r.toString());
      assertEquals(
          "artifacts/lease-1/" + Path.of(r.artifactPath()).getFileName(), r.artifactPath());
      assertEquals(3, service.uploads.get(), "two failed uploads, then one that landed");
      assertEquals(0, service.reports.size(), "reported once");
      // epoch 1 went again with epoch 2's heartbeat, epoch 3 in one more before the upload
      assertEquals(List.of(1, 2, 3), List.copyOf(service.epochsDelivered));

      List<String> warnings = log.at(Level.WARNING);
      assertEquals(
          2,
          warnings.stream()
              .filter(
                  m ->
                      m.startsWith("heartbeat of lease lease-1 failed 3 times (the server failed")
                          && m.endsWith("the trial goes on and the next heartbeat tries again"))
              .count(),
          warnings.toString());
      assertEquals(
          2,
          warnings.stream()
              .filter(m -> m.startsWith("upload of trial job/1 (lease lease-1)"))
              .count(),
          warnings.toString());
      assertEquals(
          2,
          warnings.stream()
              .filter(m -> m.startsWith("report of trial job/1 (lease lease-1)"))
              .count(),
          warnings.toString());
      assertTrue(warnings.stream().allMatch(m -> !m.contains("\n")), "one line each");
      // the trial's lease lives three heartbeat intervals (2 s here): no wait is longer than one
      assertTrue(
          warnings.stream()
              .filter(m -> m.contains("; retrying in "))
              .allMatch(
                  m -> Long.parseLong(m.replaceAll(".*; retrying in (\\d+) ms$", "$1")) <= 2000),
          warnings.toString());
      assertEquals(List.of(), log.at(Level.SEVERE));
    }
  }
}
