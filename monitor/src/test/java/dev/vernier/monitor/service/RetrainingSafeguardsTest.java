package dev.vernier.monitor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.AlgorithmCatalog;
import dev.vernier.core.catalog.AlgorithmSpec;
import dev.vernier.core.data.DataRoots;
import dev.vernier.core.data.DatasetReaders;
import dev.vernier.core.fleet.EpochUpdate;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.SyntheticEvents;
import dev.vernier.monitor.drift.DriftMethods;
import dev.vernier.monitor.event.EventParser;
import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.event.LabelEvent;
import dev.vernier.monitor.ingest.MonitorMetrics;
import dev.vernier.monitor.retrain.Retrainer;
import dev.vernier.monitor.spec.MonitorSpecParser;
import dev.vernier.monitor.spec.TopicAllowList;
import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.AlertRetraining;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.RetrainState;
import dev.vernier.platform.error.NotFoundException;
import dev.vernier.platform.time.ManualClock;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobSpecParser;
import dev.vernier.tuner.job.JobState;
import dev.vernier.tuner.service.ArtifactStore;
import dev.vernier.tuner.service.DefaultTuningService;
import dev.vernier.tuner.service.FleetService;
import dev.vernier.tuner.service.Scheduler;
import dev.vernier.tuner.service.TunerMetrics;
import dev.vernier.tuner.stopping.StopperRegistry;
import dev.vernier.tuner.storage.sql.SqlFleetStore;
import dev.vernier.tuner.storage.sql.SqlJobStore;
import dev.vernier.tuner.storage.sql.SqlTrialStore;
import dev.vernier.tuner.strategy.StrategyRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a retraining must not do, on a real SQLite file with the real tuner (its job runs one trial
 * through the fleet service, as a worker would report it) and a simulated clock:
 *
 * <ul>
 *   <li>train when no labelled row was captured (labels that never came, {@code capture: false}):
 *       it fails with the reason and gives the cool-down back, so the next incident retrains;
 *   <li>train on a baseline file that changed since the monitor was created, whatever its width: it
 *       fails naming both hashes, and a job records the hash it trained on;
 *   <li>adopt a job named like the alert's retraining that is not its own;
 *   <li>start at all from a job without a completed best trial: such a {@code jobId} is refused
 *       when the monitor is created.
 * </ul>
 */
class RetrainingSafeguardsTest {
  @TempDir Path dir;

  /** A monitor service that checks jobs with the tuner, the tuner, and a completed parent job. */
  private static final class Setup implements AutoCloseable {
    final ManualClock clock = new ManualClock(1_700_000_000_000L);
    final MonitorFixture f;
    final MonitorService service;
    final Path retrainingDir;
    final SqlJobStore jobs;
    final JobSpecParser jobParser;
    final DefaultTuningService tuning;
    final Scheduler scheduler;
    final FleetService fleet;
    final JobRecord parent;

    Setup(Path dir) throws Exception {
      f = new MonitorFixture(dir);
      retrainingDir =
          Files.createDirectories(dir.resolve("state").resolve("artifacts").resolve("retraining"));
      AlgorithmCatalog catalog =
          new AlgorithmCatalog() {
            @Override
            public Optional<AlgorithmSpec> find(String name) {
              return name.equals("learner")
                  ? Optional.of(RetrainingTest.LEARNER)
                  : Optional.empty();
            }

            @Override
            public Collection<String> names() {
              return List.of("learner");
            }
          };
      StrategyRegistry strategies = StrategyRegistry.load();
      jobs = new SqlJobStore(f.db);
      SqlTrialStore trials = new SqlTrialStore(f.db);
      SqlFleetStore fleetStore = new SqlFleetStore(f.db, 3);
      DataRoots roots = new DataRoots(List.of(f.dataRoot));
      jobParser =
          new JobSpecParser(
              catalog,
              Set.of(),
              strategies.names(),
              roots.withServiceRoots(List.of(retrainingDir)));
      tuning = new DefaultTuningService(jobs, trials, jobParser, strategies, clock);
      scheduler =
          new Scheduler(jobs, trials, fleetStore, strategies, catalog, clock, TunerMetrics.NONE);
      fleet =
          new FleetService(
              jobs,
              trials,
              fleetStore,
              scheduler,
              strategies,
              StopperRegistry.load(),
              new ArtifactStore(dir.resolve("state").resolve("artifacts").resolve("models")),
              clock,
              Duration.ofSeconds(10),
              1 << 20,
              TunerMetrics.NONE,
              roots);
      fleet.register("w", "w", 1, "boot");
      service =
          new MonitorService(
              f.store,
              new MonitorSpecParser(roots, DriftMethods.names()),
              BaselinePredictor.NONE,
              MonitorMetrics.NONE,
              clock,
              2,
              TopicAllowList.all(),
              tuning);
      parent = submit("churn", "");
      completeOneTrial(parent);
    }

    /** A user's job of one trial on the data root's train.csv ({@code extra}: more fields). */
    JobRecord submit(String name, String extra) {
      return tuning.submit(
          jobParser.parse(
              MonitorFixture.json(
                  ("{'name':'%s','algorithm':'learner','channels':{'train':{'path':'train.csv'}},"
                          + "'objective':{'metric':'validation:accuracy'},"
                          + "'parameterRanges':{'lr':{'type':'continuous','min':0.001,'max':0.5,"
                          + "'scaling':'log'}},'strategy':'random','limits':{'maxTrials':1}%s}")
                      .formatted(name, extra))));
    }

    /** Runs the job's one trial to completion, as a worker reports it, and the job with it. */
    void completeOneTrial(JobRecord job) {
      scheduler.tick();
      TrialAssignment a = fleet.lease("w").orElseThrow();
      assertEquals(job.id(), a.jobId());
      fleet.heartbeat(a.leaseId(), List.of(new EpochUpdate(1, Map.of("validation:accuracy", 0.8))));
      fleet.report(
          a.leaseId(), new TrialReport(TrialReport.Outcome.COMPLETED, 0.8, null, null, null));
      scheduler.tick();
      JobRecord done = tuning.job(job.id()).orElseThrow();
      assertEquals(JobState.COMPLETED, done.state(), done.toString());
    }

    String monitor(String capture, String retraining) {
      return service
          .create(
              MonitorFixture.json(
                  ("{'name':'churn-monitor','model':'m','jobId':'%s',"
                          + "'baseline':{'path':'train.csv'},'window':{'events':300},"
                          + "'kafka':{'eventsTopic':'ev','labelsTopic':'lab'},'capture':%s,"
                          + "'alerts':{'k':2,'n':3},'labelHorizon':'PT1H','retraining':%s}")
                      .formatted(parent.id(), capture, retraining)))
          .id();
    }

    Retrainer retrainer() {
      return new Retrainer(f.store, f.store, f.store, tuning, retrainingDir, service::spec, clock);
    }

    List<AlertRecord> driftAlerts(String id) {
      return f.store.alerts(id, 100).stream()
          .filter(a -> a.kind().equals("drift"))
          .sorted(java.util.Comparator.comparingLong(AlertRecord::id))
          .toList();
    }

    AlertRecord alert(AlertRecord a) {
      return f.store.alert(a.id()).orElseThrow();
    }

    int jobCount() {
      return tuning.jobs(null, 0, 100).total();
    }

    /** Events {@code from..to} shifted by {@code shift}, 100 a batch, labelled when asked. */
    void send(String id, Random r, int from, int to, double shift, boolean labelled) {
      EventParser parser = service.parser(id);
      for (int start = from; start < to; start += 100) {
        List<InferenceEvent> events = new ArrayList<>();
        List<LabelEvent> labels = new ArrayList<>();
        for (int i = start; i < Math.min(to, start + 100); i++) {
          float[] x = MonitorFixture.row(r, shift);
          int label = x[0] + x[1] > 0 ? 1 : 0;
          String json = MonitorFixture.event("m", "e" + i, i, x, label);
          events.add(parser.inference(json.getBytes(StandardCharsets.UTF_8)).event());
          labels.add(new LabelEvent("e" + i, i, label));
        }
        IngestBatch.Position pos = new IngestBatch.Position("ev", 0, to, to);
        // as the ingestion paths store a batch: features captured only when the monitor captures
        boolean keep = service.joinsLabels(id);
        boolean capture = service.captures(id);
        service.accept(
            id, new IngestBatch(List.of(pos), events, List.of(), Map.of(), keep, capture));
        if (labelled) {
          service.accept(
              id, new IngestBatch(List.of(), List.of(), labels, Map.of(), keep, capture));
        }
        service.closeReady(id);
      }
    }

    /** Two windows like the baseline, then five shifted ones: one drift incident. */
    AlertRecord incident(String id, Random r, int from, double shift, boolean labelled) {
      int before = driftAlerts(id).size();
      send(id, r, from, from + 600, 0.0, true);
      send(id, r, from + 600, from + 2100, shift, labelled);
      List<AlertRecord> all = driftAlerts(id);
      assertEquals(before + 1, all.size(), all.toString());
      return all.get(all.size() - 1);
    }

    @Override
    public void close() {
      f.close();
    }
  }

  @Test
  void labelsThatNeverComeStartNoJobAndGiveTheCooldownBack() throws Exception {
    try (Setup s = new Setup(dir)) {
      String id = s.monitor("true", "{'enabled':true,'cooldown':'PT6H','maxTrials':2}");
      Retrainer retrainer = s.retrainer();
      Random r = new Random(3);
      AlertRecord first = s.incident(id, r, 0, 2.0, false);
      assertEquals(RetrainState.PENDING, first.retraining().state());
      assertEquals(first.createdAt(), s.f.store.monitor(id).orElseThrow().lastRetrainAt());

      assertEquals(0, retrainer.runPending());
      assertEquals(RetrainState.WAITING_FOR_LABELS, s.alert(first).retraining().state());
      s.clock.advance(Duration.ofHours(1).plusMillis(1));
      assertEquals(0, retrainer.runPending());
      AlertRetraining failed = s.alert(first).retraining();
      assertEquals(RetrainState.FAILED, failed.state(), failed.toString());
      assertTrue(
          failed.error().startsWith("no labelled rows captured within labelHorizon PT1H"),
          failed.error());
      assertTrue(failed.error().contains("cool-down is given back"), failed.error());
      assertNull(failed.jobId());
      assertEquals(1, s.jobCount(), "no job: only the parent");
      assertNull(s.f.store.monitor(id).orElseThrow().lastRetrainAt(), "the cool-down is back");
      assertFalse(Files.exists(s.retrainingDir.resolve(id)), "no dataset written");

      // a real incident ten minutes later, well within the 6 h cool-down, retrains
      s.clock.advance(Duration.ofMinutes(10));
      AlertRecord second = s.incident(id, r, 2100, -2.0, true);
      assertEquals(RetrainState.PENDING, second.retraining().state(), second.toString());
      assertEquals(1, retrainer.runPending());
      AlertRetraining submitted = s.alert(second).retraining();
      assertEquals(RetrainState.SUBMITTED, submitted.state(), submitted.toString());
      assertEquals(1500L, submitted.rows());
      // the job's record names the training data it was checked against
      String sha = DatasetReaders.read(s.f.dataRoot.resolve("train.csv"), null).sha256();
      assertTrue(submitted.detail().contains("train.csv sha256 " + sha), submitted.detail());
    }
  }

  @Test
  void aMonitorThatCapturesNothingStartsNoJob() throws Exception {
    try (Setup s = new Setup(dir)) {
      String id = s.monitor("false", "{'enabled':true,'cooldown':'PT6H','maxTrials':2}");
      AlertRecord alert = s.incident(id, new Random(4), 0, 2.0, true);
      assertEquals(0, s.retrainer().runPending(), "nothing to wait for, nothing to train on");
      AlertRetraining failed = s.alert(alert).retraining();
      assertEquals(RetrainState.FAILED, failed.state(), failed.toString());
      assertTrue(
          failed.error().contains("the monitor captures no rows (\"capture\": false)"),
          failed.error());
      assertEquals(1, s.jobCount());
      assertNull(s.f.store.monitor(id).orElseThrow().lastRetrainAt());
    }
  }

  /**
   * The tester's case: 5-wide captured rows cut into 4-wide garbage once the file had 4 columns.
   */
  @Test
  void aBaselineFileReplacedByANarrowerOneAfterCaptureFailsTheRetraining() throws Exception {
    replacedBaselineFailsTheRetraining(SyntheticEvents.FEATURES - 1);
  }

  /** Same width, other data: the job would train on data the monitor never baselined. */
  @Test
  void aBaselineFileReplacedByOtherDataOfTheSameWidthFailsTheRetraining() throws Exception {
    replacedBaselineFailsTheRetraining(SyntheticEvents.FEATURES);
  }

  private void replacedBaselineFailsTheRetraining(int cols) throws Exception {
    try (Setup s = new Setup(dir)) {
      String id = s.monitor("true", "{'enabled':true,'cooldown':'PT6H','maxTrials':2}");
      Path train = s.f.dataRoot.resolve("train.csv");
      String before = DatasetReaders.read(train, null).sha256();
      AlertRecord alert = s.incident(id, new Random(5), 0, 2.0, true);
      // replaced after the rows were captured, before the retraining reads it
      Random r = new Random(99);
      StringBuilder csv = new StringBuilder();
      for (int i = 0; i < 2000; i++) {
        csv.append(i % 2);
        for (int j = 0; j < cols; j++) {
          csv.append(',').append((float) r.nextGaussian());
        }
        csv.append('\n');
      }
      Files.writeString(train, csv);
      String now = DatasetReaders.read(train, null).sha256();

      assertEquals(0, s.retrainer().runPending());
      AlertRetraining failed = s.alert(alert).retraining();
      assertEquals(RetrainState.FAILED, failed.state(), failed.toString());
      assertNull(failed.jobId());
      assertTrue(
          failed
              .error()
              .startsWith(
                  "the baseline file "
                      + train
                      + " changed since the monitor was created (sha256 "
                      + before),
          failed.error());
      assertTrue(failed.error().contains("now " + now), failed.error());
      assertEquals(1, s.jobCount(), "no job: only the parent");
      assertFalse(Files.exists(s.retrainingDir.resolve(id)), "no dataset written");
    }
  }

  @Test
  void aJobNamedLikeTheAlertsRetrainingButNotItsOwnIsNeverAdopted() throws Exception {
    try (Setup s = new Setup(dir)) {
      String id = s.monitor("true", "{'enabled':true,'cooldown':'PT6H','maxTrials':2}");
      Random r = new Random(6);
      AlertRecord first = s.incident(id, r, 0, 2.0, true);
      // a submitter's job of the name the alert's retraining takes, even warm-starting from the
      // parent as a transfer: it trains on the user's train.csv, not on the captured rows
      JobRecord squatter =
          s.submit(
              "churn-retrain-" + first.id(),
              ",'warmStart':{'parents':['" + s.parent.id() + "'],'type':'transfer'}");
      assertEquals(0, s.retrainer().runPending());
      AlertRetraining failed = s.alert(first).retraining();
      assertEquals(RetrainState.FAILED, failed.state(), failed.toString());
      assertNull(failed.jobId(), "the squatter's job is not recorded");
      assertTrue(
          failed
              .error()
              .startsWith(
                  "a job named churn-retrain-"
                      + first.id()
                      + " (id "
                      + squatter.id()
                      + ") exists and is not this alert's retraining: its train channel is "),
          failed.error());
      assertEquals(2, s.jobCount(), "the parent and the squatter: nothing submitted");
      assertNull(s.f.store.monitor(id).orElseThrow().lastRetrainAt(), "the cool-down is back");

      // one that does not even warm-start from the parent: refused for that
      s.clock.advance(Duration.ofMinutes(10));
      AlertRecord second = s.incident(id, r, 2100, -2.0, true);
      s.submit("churn-retrain-" + second.id(), "");
      assertEquals(0, s.retrainer().runPending());
      AlertRetraining refused = s.alert(second).retraining();
      assertEquals(RetrainState.FAILED, refused.state());
      assertTrue(
          refused.error().contains("it warm-starts from no job, not from job " + s.parent.id()),
          refused.error());
    }
  }

  @Test
  void aJobThatEndedWithoutACompletedBestTrialIsRefusedAsTheMonitorsJob() throws Exception {
    try (Setup s = new Setup(dir)) {
      JobRecord failed = s.submit("broken", "");
      assertTrue(
          s.jobs.transition(
              failed.id(), JobState.PENDING, JobState.FAILED, "3 trials failed", s.clock.millis()));
      JobRecord pending = s.submit("unfinished", "");
      // a job still running is taken: its best trial is still to come (a retraining checks again)
      s.service.create(
          MonitorFixture.json(
              "{'name':'m-running','model':'m','jobId':'%s','baseline':{'path':'train.csv'}}"
                  .formatted(pending.id())));
      JobRecord stopped = s.submit("stopped-early", "");
      assertTrue(
          s.jobs.transition(
              stopped.id(),
              JobState.PENDING,
              JobState.STOPPED,
              "stop requested",
              s.clock.millis()));
      for (JobRecord j : List.of(failed, stopped)) {
        InvalidInputException e =
            assertThrows(
                InvalidInputException.class,
                () ->
                    s.service.create(
                        MonitorFixture.json(
                            "{'name':'m-%s','model':'m','jobId':'%s','baseline':{'path':'train.csv'}}"
                                .formatted(j.id(), j.id()))));
        assertEquals("$.jobId", e.errors().get(0).field());
        assertTrue(
            e.getMessage()
                .contains("must name a tuning job that is running or has a completed best trial"),
            e.getMessage());
        assertTrue(
            e.getMessage()
                .contains("job " + j.id() + " is " + (j == failed ? "FAILED" : "STOPPED")),
            e.getMessage());
      }
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () ->
                  s.service.create(
                      MonitorFixture.json(
                          "{'name':'m-broken','model':'m','jobId':'%s','baseline':{'path':'train.csv'}}"
                              .formatted(failed.id()))));
      assertTrue(
          e.getMessage().contains("is FAILED (3 trials failed) with no trial"), e.getMessage());
      NotFoundException missing =
          assertThrows(
              NotFoundException.class,
              () ->
                  s.service.create(
                      MonitorFixture.json(
                          "{'name':'m-none','model':'m','jobId':'none',"
                              + "'baseline':{'path':'train.csv'}}")));
      assertEquals("$.jobId", missing.field());
      assertEquals(
          List.of("m-running"),
          s.service.monitors().stream().map(m -> m.name()).toList(),
          "none of the refused was stored");
      // the completed parent is accepted
      s.monitor("true", "{'enabled':true}");
      assertEquals(2, s.service.monitors().size());
    }
  }
}
