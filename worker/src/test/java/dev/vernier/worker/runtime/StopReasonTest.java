package dev.vernier.worker.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vernier.core.fleet.EpochUpdate;
import dev.vernier.core.fleet.FleetClient;
import dev.vernier.core.fleet.HeartbeatReply;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial the service stops is reported with the service's reason (the early-stopping decision the
 * heartbeat carried), not only "stopped by the service": users read it in the trial's {@code
 * stateReason}, the dashboard's trials table and {@code tune trials}.
 */
class StopReasonTest {
  @TempDir Path dir;

  static final String WHY =
      "best 0.5000 up to epoch 2 is worse than the 25th percentile 0.8125 of 4 trials' running"
          + " averages at epoch 2";

  /** A service with one MLP trial that answers STOP, with {@link #WHY}, to epoch 2's heartbeat. */
  final class OneTrial implements FleetClient {
    final TrialAssignment trial;
    final AtomicBoolean leased = new AtomicBoolean();
    final CompletableFuture<TrialReport> report = new CompletableFuture<>();

    OneTrial(Path train) {
      trial =
          new TrialAssignment(
              "lease-1",
              "job",
              1,
              1,
              0,
              "mlp",
              null,
              Map.of("epochs", "6", "hidden_units", "8"),
              Map.of("train", new TrialAssignment.ChannelData(train.toString(), null, "auto")),
              7,
              "validation:accuracy",
              Map.of(),
              0,
              10);
    }

    @Override
    public String register(String name, int slots, String bootId) {
      return "w1";
    }

    @Override
    public Optional<TrialAssignment> lease(String workerId) {
      return leased.getAndSet(true) ? Optional.empty() : Optional.of(trial);
    }

    @Override
    public HeartbeatReply heartbeat(String leaseId, List<EpochUpdate> epochs) {
      boolean second = epochs.stream().anyMatch(e -> e.epoch() >= 2);
      return second
          ? new HeartbeatReply(HeartbeatReply.Directive.STOP, WHY)
          : HeartbeatReply.CONTINUE;
    }

    @Override
    public String upload(String leaseId, Path modelFile) {
      return "artifacts/" + leaseId;
    }

    @Override
    public void report(String leaseId, TrialReport r) {
      report.complete(r);
    }
  }

  @Test
  void aStoppedTrialReportsTheServicesReason() throws Exception {
    StringBuilder csv = new StringBuilder();
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < 300; i++) {
      int c = r.nextInt(2);
      csv.append(c).append(',').append(c + r.nextGaussian()).append(',').append(r.nextGaussian());
      csv.append('\n');
    }
    OneTrial service = new OneTrial(Files.writeString(dir.resolve("train.csv"), csv.toString()));
    WorkerRuntime w =
        new WorkerRuntime(
            service,
            new WorkerRuntime.Settings(
                "w", 1, "java", 1, dir.resolve("work"), Duration.ofMillis(50), Map.of()),
            Clock.systemUTC());
    try {
      w.start();
      TrialReport rep = service.report.get(60, TimeUnit.SECONDS);
      assertEquals(TrialReport.Outcome.STOPPED, rep.outcome(), rep.toString());
      assertEquals("stopped by the service: " + WHY, rep.reason());
    } finally {
      w.close();
    }
  }

  @Test
  void otherReportsAndRepliesWithoutAReasonAreLeftAsTheyAre() {
    TrialReport done = new TrialReport(TrialReport.Outcome.COMPLETED, 0.9, null, null, null);
    assertEquals(
        done,
        WorkerRuntime.withStopReason(done, new HeartbeatReply(HeartbeatReply.Directive.STOP, WHY)));
    TrialReport stopped =
        new TrialReport(TrialReport.Outcome.STOPPED, 0.5, "stopped by the service", null, null);
    assertEquals(
        stopped,
        WorkerRuntime.withStopReason(
            stopped, new HeartbeatReply(HeartbeatReply.Directive.STOP, " ")));
    assertEquals(stopped, WorkerRuntime.withStopReason(stopped, HeartbeatReply.CONTINUE));
    assertEquals(
        "stopped by the service: stop requested",
        WorkerRuntime.withStopReason(
                stopped, new HeartbeatReply(HeartbeatReply.Directive.STOP, "stop requested"))
            .reason());
  }
}
