package dev.vernier.monitor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.catalog.AlgorithmCatalog;
import dev.vernier.core.catalog.AlgorithmSpec;
import dev.vernier.core.catalog.Direction;
import dev.vernier.core.catalog.HyperparameterSpec;
import dev.vernier.core.catalog.MetricSpec;
import dev.vernier.core.data.DataRoots;
import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.DatasetReaders;
import dev.vernier.core.space.ContinuousRange;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.api.MonitorViews;
import dev.vernier.monitor.event.EventParser;
import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.event.LabelEvent;
import dev.vernier.monitor.retrain.Retrainer;
import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.AlertRetraining;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.RetrainState;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobSpecParser;
import dev.vernier.tuner.job.JobState;
import dev.vernier.tuner.job.WarmStart;
import dev.vernier.tuner.service.DefaultTuningService;
import dev.vernier.tuner.storage.sql.SqlJobStore;
import dev.vernier.tuner.storage.sql.SqlTrialStore;
import dev.vernier.tuner.strategy.StrategyRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
 * A persisting drift becomes one alert, the alert starts exactly one warm-start job whose parent is
 * the model's job, trained on the original data plus the rows captured from the windows that raised
 * the alert on, written under the service's own folder (never into a data root); a retry finds that
 * job instead of submitting another, and a second incident within the cool-down starts none and
 * says until when and because of which alert and job. The retraining waits for the labels of the
 * alerting windows (or a minimum of labelled rows, or the label horizon) and then follows its job.
 */
class RetrainingTest {
  static final AlgorithmSpec LEARNER =
      new AlgorithmSpec(
          "learner",
          "test algorithm",
          List.of(new HyperparameterSpec("lr", ContinuousRange.log(1e-4, 1), 0.1, true, "lr")),
          List.of(new MetricSpec("validation:accuracy", Direction.MAXIMIZE, "accuracy")));

  @TempDir Path dir;

  /** A monitor service, a tuner on the same SQLite file, the model's job and a retrainer. */
  private static final class Setup implements AutoCloseable {
    final MonitorFixture f;
    final Path retrainingDir;
    final SqlJobStore jobs;
    final DefaultTuningService tuning;
    final JobRecord parent;

    Setup(Path dir) throws Exception {
      f = new MonitorFixture(dir);
      // the service's --data folder, apart from the data root
      retrainingDir =
          Files.createDirectories(dir.resolve("state").resolve("artifacts").resolve("retraining"));
      AlgorithmCatalog catalog =
          new AlgorithmCatalog() {
            @Override
            public Optional<AlgorithmSpec> find(String name) {
              return name.equals("learner") ? Optional.of(LEARNER) : Optional.empty();
            }

            @Override
            public Collection<String> names() {
              return List.of("learner");
            }
          };
      StrategyRegistry strategies = StrategyRegistry.load();
      jobs = new SqlJobStore(f.db);
      JobSpecParser parser =
          new JobSpecParser(
              catalog,
              Set.of(),
              strategies.names(),
              new DataRoots(List.of(f.dataRoot)).withServiceRoots(List.of(retrainingDir)));
      tuning =
          new DefaultTuningService(
              jobs, new SqlTrialStore(f.db), parser, strategies, Clock.systemUTC());
      parent =
          tuning.submit(
              parser.parse(
                  MonitorFixture.json(
                      "{'name':'churn','algorithm':'learner','channels':{'train':{'path':'train.csv'}},"
                          + "'objective':{'metric':'validation:accuracy'},"
                          + "'parameterRanges':{'lr':{'type':'continuous','min':0.001,'max':0.5,"
                          + "'scaling':'log'}},'strategy':'random','limits':{'maxTrials':4}}")));
    }

    String monitor(String retraining) {
      return f.service
          .create(
              MonitorFixture.json(
                  ("{'name':'churn-monitor','model':'m','jobId':'%s',"
                          + "'baseline':{'path':'train.csv'},'window':{'events':300},"
                          + "'kafka':{'eventsTopic':'ev','labelsTopic':'lab'},'capture':true,"
                          + "'alerts':{'k':2,'n':3},'retraining':%s}")
                      .formatted(parent.id(), retraining)))
          .id();
    }

    Retrainer retrainer(Clock clock) {
      return new Retrainer(
          f.store, f.store, f.store, tuning, retrainingDir, f.service::spec, clock);
    }

    AlertRecord onlyDriftAlert(String id) {
      List<AlertRecord> drift =
          f.store.alerts(id, 100).stream().filter(a -> a.kind().equals("drift")).toList();
      assertEquals(1, drift.size(), drift.toString());
      return drift.get(0);
    }

    /** The training data of a retraining job. */
    Dataset train(AlertRecord a) {
      var train = tuning.job(a.retraining().jobId()).orElseThrow().spec().channels().get("train");
      return DatasetReaders.read(train.path(), train.labels());
    }

    @Override
    public void close() {
      f.close();
    }
  }

  @Test
  void onePersistingDriftStartsExactlyOneRetrainingJobWhoseParentIsTheModelsJob() throws Exception {
    try (Setup s = new Setup(dir)) {
      MonitorFixture f = s.f;
      String id = s.monitor("{'enabled':true,'cooldown':'PT1H','maxTrials':3}");
      Retrainer retrainer = s.retrainer(Clock.systemUTC());
      // the data root is the user's, read-only: retraining writes nothing there
      assertTrue(f.dataRoot.toFile().setWritable(false));
      try {
        // two windows like the baseline, then five shifted ones: one incident
        Random r = new Random(3);
        send(f, id, r, 0, 600, 0.0, true);
        send(f, id, r, 600, 2100, 2.0, true);
        AlertRecord alert = s.onlyDriftAlert(id);
        assertEquals(RetrainState.PENDING, alert.retraining().state());
        assertEquals(3, alert.windowStart(), "k=2 of n=3: the second shifted window alerts");
        assertTrue(alert.evidenceJson().contains("\"feature\""), alert.evidenceJson());
        assertEquals(7, f.store.counters(id).get("windows_closed"));

        assertEquals(1, retrainer.runPending(), "labels came with their events: no wait");
        assertEquals(0, retrainer.runPending());
        AlertRecord done = f.store.alert(alert.id()).orElseThrow();
        assertEquals(RetrainState.SUBMITTED, done.retraining().state(), done.toString());
        JobRecord child = s.tuning.job(done.retraining().jobId()).orElseThrow();
        assertEquals(List.of(s.parent.id()), child.spec().warmStart().parents());
        assertEquals(WarmStart.Type.TRANSFER, child.spec().warmStart().type());
        assertEquals(3, child.spec().limits().maxTrials());
        assertEquals(2, s.tuning.jobs(null, 0, 100).total());
        // the 2000 original rows plus the 5 x 300 captured rows of the drifted windows 2..6, not
        // the 600 rows from before the drift
        assertEquals(2000 + 1500, s.train(done).rows());
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L), done.retraining().windows());
        assertEquals(1500L, done.retraining().rows());
        assertTrue(done.retraining().detail().contains("windows 2..6"), done.toString());
        var train = child.spec().channels().get("train");
        assertTrue(train.path().startsWith(s.retrainingDir.toRealPath()), train.path().toString());
        assertTrue(
            train.path().getFileName().toString().contains("windows-2-6-rows-1500"),
            train.path().toString());
        try (var files = Files.list(f.dataRoot)) {
          assertEquals(List.of(f.dataRoot.resolve("train.csv")), files.toList());
        }

        // a crash after submitting but before recording: the retry finds the job by its name
        f.store.setRetraining(
            done.id(), RetrainState.SUBMITTED, done.retraining().withState(RetrainState.PENDING));
        assertEquals(1, retrainer.runPending());
        assertEquals(
            done.retraining().jobId(), f.store.alert(done.id()).orElseThrow().retraining().jobId());
        assertEquals(2, s.tuning.jobs(null, 0, 100).total());

        // back to normal, then a second incident within the cool-down: an alert, no job, and it
        // says until when and because of which alert and job
        send(f, id, r, 2100, 3000, 0.0, true);
        send(f, id, r, 3000, 4200, -2.0, true);
        List<AlertRecord> second =
            f.store.alerts(id, 100).stream()
                .filter(a -> a.kind().equals("drift") && a.id() != done.id())
                .toList();
        assertEquals(1, second.size());
        AlertRetraining cooldown = second.get(0).retraining();
        assertEquals(RetrainState.COOLDOWN, cooldown.state());
        assertEquals(done.createdAt() + 3_600_000L, cooldown.cooldownUntil());
        assertEquals(done.id(), cooldown.cooldownAlertId());
        assertEquals(done.retraining().jobId(), cooldown.cooldownJobId());
        var json = MonitorViews.alert(second.get(0)).path("retraining");
        assertEquals("COOLDOWN", json.path("state").asText());
        assertEquals(done.createdAt() + 3_600_000L, json.path("cooldownUntil").asLong());
        assertEquals(done.id(), json.path("cooldownCause").path("alertId").asLong());
        assertEquals(done.retraining().jobId(), json.path("cooldownCause").path("jobId").asText());
        assertEquals(0, retrainer.runPending());
        assertEquals(2, s.tuning.jobs(null, 0, 100).total());
      } finally {
        f.dataRoot.toFile().setWritable(true);
      }
    }
  }

  /**
   * Two replicas' retrainers (two processes' loops on one database) take the same alert at once:
   * one job is submitted, the alert records it and never a failure, however the two interleave.
   */
  @Test
  void twoRetrainersRacingOnOneAlertSubmitOneJob() throws Exception {
    try (Setup s = new Setup(dir)) {
      MonitorFixture f = s.f;
      String id = s.monitor("{'enabled':true,'cooldown':'PT1H','maxTrials':3}");
      Random r = new Random(3);
      send(f, id, r, 0, 600, 0.0, true);
      send(f, id, r, 600, 2100, 2.0, true);
      AlertRecord alert = s.onlyDriftAlert(id);
      List<Retrainer> retrainers =
          List.of(s.retrainer(Clock.systemUTC()), s.retrainer(Clock.systemUTC()));
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        List<java.util.concurrent.Future<Integer>> runs = new ArrayList<>();
        for (Retrainer t : retrainers) {
          runs.add(
              pool.submit(
                  () -> {
                    start.await();
                    return t.runPending();
                  }));
        }
        for (var run : runs) {
          run.get();
        }
      } finally {
        pool.shutdownNow();
      }
      AlertRecord done = f.store.alert(alert.id()).orElseThrow();
      assertEquals(RetrainState.SUBMITTED, done.retraining().state(), done.toString());
      assertEquals(2, s.tuning.jobs(null, 0, 100).total(), "the parent and one retraining job");
      assertTrue(s.tuning.job(done.retraining().jobId()).isPresent());
      assertEquals(2000 + 1500, s.train(done).rows(), "its files whole");
    }
  }

  @Test
  void anAlertWaitsForTheLabelsOfItsWindowsThenTrainsOnThemAndFollowsItsJob() throws Exception {
    try (Setup s = new Setup(dir)) {
      MonitorFixture f = s.f;
      String id = s.monitor("{'cooldown':'PT1H','maxTrials':3}");
      Retrainer retrainer = s.retrainer(Clock.systemUTC());
      Random r = new Random(5);
      // labels of the normal windows arrive; those of the drifted ones not yet
      List<LabelEvent> normal = send(f, id, r, 0, 600, 0.0, true);
      List<LabelEvent> drifted = send(f, id, r, 600, 1500, 2.0, false);
      assertEquals(600, normal.size());
      AlertRecord alert = s.onlyDriftAlert(id);

      assertEquals(0, retrainer.runPending());
      AlertRetraining waiting = f.store.alert(alert.id()).orElseThrow().retraining();
      assertEquals(RetrainState.WAITING_FOR_LABELS, waiting.state(), waiting.toString());
      assertEquals(List.of(2L, 3L), waiting.windows(), "the windows that raised the alert");
      assertEquals(0L, waiting.rows());
      assertEquals(alert.createdAt() + 3_600_000L, waiting.waitUntil(), "the label horizon");
      assertTrue(waiting.detail().contains("600 predictions still await"), waiting.detail());
      assertEquals(
          "WAITING_FOR_LABELS",
          MonitorViews.alert(f.store.alert(alert.id()).orElseThrow())
              .path("retraining")
              .path("state")
              .asText());

      // the labels of window 2 only: still waiting
      labels(f, id, drifted.subList(0, 300));
      assertEquals(0, retrainer.runPending());
      waiting = f.store.alert(alert.id()).orElseThrow().retraining();
      assertEquals(RetrainState.WAITING_FOR_LABELS, waiting.state());
      assertEquals(300L, waiting.rows());
      assertEquals(1, s.tuning.jobs(null, 0, 100).total());

      // window 3's too: the job trains on the original rows plus windows 2 and 3 (window 4 has no
      // labels yet, so nothing captured)
      labels(f, id, drifted.subList(300, 600));
      assertEquals(1, retrainer.runPending());
      AlertRecord submitted = f.store.alert(alert.id()).orElseThrow();
      assertEquals(RetrainState.SUBMITTED, submitted.retraining().state());
      assertEquals(2000 + 600, s.train(submitted).rows());
      assertEquals(List.of(2L, 3L), submitted.retraining().windows());
      assertEquals(600L, submitted.retraining().rows());
      assertNull(submitted.retraining().waitUntil());

      // the retraining follows its job
      String job = submitted.retraining().jobId();
      assertEquals(0, retrainer.runPending());
      assertEquals(RetrainState.SUBMITTED, state(f, alert));
      assertTrue(s.jobs.transition(job, JobState.PENDING, JobState.IN_PROGRESS, null, 1));
      retrainer.runPending();
      assertEquals(RetrainState.RUNNING, state(f, alert));
      assertTrue(s.jobs.transition(job, JobState.IN_PROGRESS, JobState.COMPLETED, "done", 2));
      retrainer.runPending();
      assertEquals(RetrainState.COMPLETED, state(f, alert));
      assertEquals(job, f.store.alert(alert.id()).orElseThrow().retraining().jobId());
      assertTrue(f.store.activeRetraining().isEmpty());
    }
  }

  @Test
  void aMinimumOfLabelledRowsOrTheLabelHorizonEndsTheWait() throws Exception {
    try (Setup s = new Setup(dir)) {
      MonitorFixture f = s.f;
      String id = s.monitor("{'cooldown':'PT0S','maxTrials':3,'minLabelledRows':250}");
      Random r = new Random(7);
      send(f, id, r, 0, 600, 0.0, true);
      List<LabelEvent> drifted = send(f, id, r, 600, 1500, 2.0, false);
      AlertRecord alert = s.onlyDriftAlert(id);
      Retrainer retrainer = s.retrainer(Clock.systemUTC());

      labels(f, id, drifted.subList(0, 200));
      assertEquals(0, retrainer.runPending());
      AlertRetraining waiting = f.store.alert(alert.id()).orElseThrow().retraining();
      assertEquals(RetrainState.WAITING_FOR_LABELS, waiting.state());
      assertTrue(waiting.detail().contains("250 labelled rows"), waiting.detail());
      labels(f, id, drifted.subList(200, 260));
      assertEquals(1, retrainer.runPending());
      assertEquals(2000 + 260, s.train(f.store.alert(alert.id()).orElseThrow()).rows());

      // a second incident whose labels never come: it waits until the label horizon has passed
      send(f, id, r, 1500, 2400, 0.0, true);
      send(f, id, r, 2400, 3300, -2.0, false);
      AlertRecord second =
          f.store.alerts(id, 100).stream()
              .filter(a -> a.kind().equals("drift") && a.id() != alert.id())
              .findFirst()
              .orElseThrow();
      assertEquals(RetrainState.PENDING, second.retraining().state(), "no cool-down (PT0S)");
      assertEquals(0, retrainer.runPending());
      assertEquals(RetrainState.WAITING_FOR_LABELS, state(f, second));
      Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(1).plusSeconds(1));
      assertEquals(0, s.retrainer(later).runPending());
      AlertRecord ended = f.store.alert(second.id()).orElseThrow();
      // the rows captured from its first alerting window on: none were labelled, so no job (it
      // would train on the original rows only)
      assertEquals(RetrainState.FAILED, ended.retraining().state(), ended.toString());
      assertTrue(
          ended.retraining().error().startsWith("no labelled rows captured within labelHorizon"),
          ended.retraining().error());
      assertNull(ended.retraining().jobId());
      assertEquals(2, s.tuning.jobs(null, 0, 100).total(), "the parent and the first retraining");
    }
  }

  private static RetrainState state(MonitorFixture f, AlertRecord a) {
    return f.store.alert(a.id()).orElseThrow().retraining().state();
  }

  /**
   * Events {@code from..to} shifted by {@code shift}, 100 per batch, each followed by its label
   * when {@code labelled}; returns the labels.
   */
  private static List<LabelEvent> send(
      MonitorFixture f, String id, Random r, int from, int to, double shift, boolean labelled) {
    EventParser parser = f.service.parser(id);
    List<LabelEvent> all = new ArrayList<>();
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
      f.service.accept(id, new IngestBatch(List.of(pos), events, List.of(), Map.of(), true, true));
      if (labelled) {
        labels(f, id, labels);
      }
      f.service.closeReady(id);
      all.addAll(labels);
    }
    return all;
  }

  private static void labels(MonitorFixture f, String id, List<LabelEvent> labels) {
    f.service.accept(id, new IngestBatch(List.of(), List.of(), labels, Map.of(), true, true));
  }
}
