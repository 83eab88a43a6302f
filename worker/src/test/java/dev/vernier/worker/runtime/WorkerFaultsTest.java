package dev.vernier.worker.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.fleet.EpochUpdate;
import dev.vernier.core.fleet.FleetClient;
import dev.vernier.core.fleet.HeartbeatReply;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a worker slot does when a trial goes wrong in ways a user's input can cause: the slot
 * outlives the trial, and the trial fails once with a reason that says what happened.
 */
class WorkerFaultsTest {
  @TempDir Path dir;

  /** A service handing out the given trials in order, refusing the reports {@code refuse} picks. */
  static final class Script implements FleetClient {
    final Deque<TrialAssignment> trials;
    final Predicate<TrialReport> refuse;
    final LinkedBlockingQueue<TrialReport> reports = new LinkedBlockingQueue<>();

    Script(List<TrialAssignment> trials, Predicate<TrialReport> refuse) {
      this.trials = new ArrayDeque<>(trials);
      this.refuse = refuse;
    }

    @Override
    public String register(String name, int slots, String bootId) {
      return "w1";
    }

    @Override
    public synchronized Optional<TrialAssignment> lease(String workerId) {
      return Optional.ofNullable(trials.poll());
    }

    @Override
    public HeartbeatReply heartbeat(String leaseId, List<EpochUpdate> epochs) {
      return HeartbeatReply.CONTINUE;
    }

    @Override
    public String upload(String leaseId, Path modelFile) {
      return "artifacts/" + leaseId;
    }

    @Override
    public void report(String leaseId, TrialReport r) {
      if (refuse.test(r)) {
        // as ReportIntake answers a COMPLETED report without its objective (HTTP 400)
        throw new InvalidInputException(
            "objective", "a COMPLETED trial needs its objective value", null);
      }
      reports.add(r);
    }

    TrialReport next() throws InterruptedException {
      TrialReport r = reports.poll(60, TimeUnit.SECONDS);
      if (r == null) {
        throw new AssertionError("no report within 60 s");
      }
      return r;
    }
  }

  static TrialAssignment trial(int n, Path train, String objective) {
    return new TrialAssignment(
        "lease-" + n,
        "job",
        n,
        n,
        0,
        "mlp",
        null,
        Map.of("epochs", "2", "hidden_units", "8"),
        Map.of("train", new TrialAssignment.ChannelData(train.toString(), null, "auto")),
        7,
        objective,
        Map.of(),
        0,
        10);
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

  WorkerRuntime.Settings settings() {
    return new WorkerRuntime.Settings(
        "w", 1, "java", 1, dir.resolve("work"), Duration.ofMillis(20), Map.of());
  }

  /**
   * A trial that runs the JVM out of memory (a data file whose header asks for gigabytes, a network
   * too wide) used to kill its slot's thread: the worker kept heartbeating and never ran another
   * trial. Now the trial fails, saying so, and the slot takes the next one.
   */
  @Test
  void aTrialOutOfMemoryFailsAndTheSlotRunsTheNextTrial() throws Exception {
    Path train = data();
    Script service =
        new Script(
            List.of(trial(1, train, "validation:accuracy"), trial(2, train, "validation:accuracy")),
            r -> false);
    TrialExecutor real =
        new BuiltInExecutor(
            () -> dev.vernier.kernels.Backends.open("java", 1),
            Clock.systemUTC(),
            new DatasetCache(List.of()));
    TrialExecutor firstRunsOut =
        (a, work, epochs) -> {
          if (a.trialNumber() == 1) {
            throw new OutOfMemoryError("Java heap space");
          }
          return real.run(a, work, epochs);
        };
    try (WorkerRuntime w =
        new WorkerRuntime(service, settings(), firstRunsOut, TrialListener.NONE)) {
      w.start();
      TrialReport first = service.next();
      assertEquals(TrialReport.Outcome.FAILED, first.outcome());
      assertTrue(first.reason().contains("needed more memory than the worker has"), first.reason());
      TrialReport second = service.next();
      assertEquals(TrialReport.Outcome.COMPLETED, second.outcome(), second.toString());
    }
  }

  /**
   * A job whose objective the algorithm never emits (validation:accuracy from a regressor, a
   * misspelt metric) was reported COMPLETED without an objective; the service refused the report,
   * the lease expired and the trial ran again, three times, ending as "stopped sending heartbeats".
   * Now the trial fails at once, naming the metrics the training did emit.
   */
  @Test
  void anObjectiveNeverEmittedFailsTheTrialNamingTheMetricsThatWere() throws Exception {
    Script service = new Script(List.of(trial(1, data(), "validation:rmse")), r -> false);
    try (WorkerRuntime w = new WorkerRuntime(service, settings(), Clock.systemUTC())) {
      w.start();
      TrialReport r = service.next();
      assertEquals(TrialReport.Outcome.FAILED, r.outcome(), r.toString());
      assertTrue(r.reason().contains("validation:rmse was never emitted"), r.reason());
      assertTrue(r.reason().contains("validation:accuracy"), r.reason());
    }
  }

  /** A report the service refuses as invalid becomes a FAILED report carrying the refusal. */
  @Test
  void aReportTheServiceRefusesFailsTheTrialOnceWithTheRefusal() throws Exception {
    Script service =
        new Script(
            List.of(trial(1, data(), "validation:accuracy")),
            r -> r.outcome() != TrialReport.Outcome.FAILED);
    try (WorkerRuntime w = new WorkerRuntime(service, settings(), Clock.systemUTC())) {
      w.start();
      TrialReport r = service.next();
      assertEquals(TrialReport.Outcome.FAILED, r.outcome(), r.toString());
      assertEquals(
          "the service refused the trial's report: objective: a COMPLETED trial needs its"
              + " objective value",
          r.reason());
    }
  }
}
