package dev.vernier.monitor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.catalog.AlgorithmCatalog;
import dev.vernier.core.catalog.AlgorithmSpec;
import dev.vernier.core.catalog.Direction;
import dev.vernier.core.catalog.HyperparameterSpec;
import dev.vernier.core.catalog.MetricSpec;
import dev.vernier.core.data.DatasetReaders;
import dev.vernier.core.space.ContinuousRange;
import dev.vernier.monitor.MonitorFixture;
import dev.vernier.monitor.event.EventParser;
import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.event.LabelEvent;
import dev.vernier.monitor.retrain.Retrainer;
import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.tuner.job.DataRoots;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobSpecParser;
import dev.vernier.tuner.job.WarmStart;
import dev.vernier.tuner.service.DefaultTuningService;
import dev.vernier.tuner.storage.sql.Database;
import dev.vernier.tuner.storage.sql.SqlJobStore;
import dev.vernier.tuner.storage.sql.SqlTrialStore;
import dev.vernier.tuner.strategy.StrategyRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
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
 * the model's job, trained on the original data plus the captured rows; a retry finds that job
 * instead of submitting another, and a second incident within the cool-down starts none.
 */
class RetrainingTest {
  static final AlgorithmSpec LEARNER =
      new AlgorithmSpec(
          "learner",
          "test algorithm",
          List.of(new HyperparameterSpec("lr", ContinuousRange.log(1e-4, 1), 0.1, true, "lr")),
          List.of(new MetricSpec("validation:accuracy", Direction.MAXIMIZE, "accuracy")));

  @TempDir Path dir;

  @Test
  void onePersistingDriftStartsExactlyOneRetrainingJobWhoseParentIsTheModelsJob() throws Exception {
    try (MonitorFixture f = new MonitorFixture(dir)) {
      Database tunerDb = f.db;
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
      var tuning =
          new DefaultTuningService(
              new SqlJobStore(tunerDb),
              new SqlTrialStore(tunerDb),
              new JobSpecParser(
                  catalog, Set.of(), strategies.names(), new DataRoots(List.of(f.dataRoot))),
              strategies,
              Clock.systemUTC());
      JobRecord parent =
          tuning.submit(
              MonitorFixture.json(
                  "{'name':'churn','algorithm':'learner','channels':{'train':{'path':'train.csv'}},"
                      + "'objective':{'metric':'validation:accuracy'},"
                      + "'parameterRanges':{'lr':{'type':'continuous','min':0.001,'max':0.5,"
                      + "'scaling':'log'}},'strategy':'random','limits':{'maxTrials':4}}"));
      String id =
          f.service
              .create(
                  MonitorFixture.json(
                      ("{'name':'churn-monitor','model':'m','jobId':'%s',"
                              + "'baseline':{'path':'train.csv'},'window':{'events':300},"
                              + "'kafka':{'eventsTopic':'ev','labelsTopic':'lab'},'capture':true,"
                              + "'alerts':{'k':2,'n':3},"
                              + "'retraining':{'enabled':true,'cooldown':'PT1H','maxTrials':3}}")
                          .formatted(parent.id())))
              .id();
      Retrainer retrainer =
          new Retrainer(f.store, tuning, f.dataRoot.resolve("retraining"), f.service::spec);

      // two windows like the baseline, then five shifted ones: one incident
      Random r = new Random(3);
      send(f, id, r, 0, 600, 0.0);
      send(f, id, r, 600, 2100, 2.0);
      List<AlertRecord> alerts = f.store.alerts(id, 100);
      List<AlertRecord> drift = alerts.stream().filter(a -> a.kind().equals("drift")).toList();
      assertEquals(1, drift.size(), alerts.toString());
      assertEquals("PENDING", drift.get(0).retrainState());
      assertTrue(drift.get(0).evidenceJson().contains("\"feature\""), drift.get(0).evidenceJson());
      assertEquals(7, f.store.counters(id).get("windows_closed"));

      assertEquals(1, retrainer.runPending());
      assertEquals(0, retrainer.runPending());
      AlertRecord done = f.store.alert(drift.get(0).id()).orElseThrow();
      assertEquals("SUBMITTED", done.retrainState(), done.toString());
      JobRecord child = tuning.job(done.retrainJobId()).orElseThrow();
      assertEquals(List.of(parent.id()), child.spec().warmStart().parents());
      assertEquals(WarmStart.Type.TRANSFER, child.spec().warmStart().type());
      assertEquals(3, child.spec().limits().maxTrials());
      assertEquals(2, tuning.jobs(null, 0, 100).total());
      // the child trains on the 2000 original rows plus the 2100 captured, labelled rows
      var train = child.spec().channels().get("train");
      assertEquals(2000 + 2100, DatasetReaders.read(train.path(), train.labels()).rows());

      // a crash after submitting but before recording: the retry finds the job by its name
      f.store.setRetraining(done.id(), "PENDING", null, null);
      assertEquals(1, retrainer.runPending());
      assertEquals(done.retrainJobId(), f.store.alert(done.id()).orElseThrow().retrainJobId());
      assertEquals(2, tuning.jobs(null, 0, 100).total());

      // back to normal, then a second incident within the cool-down: an alert, no job
      send(f, id, r, 2100, 3000, 0.0);
      send(f, id, r, 3000, 4200, -2.0);
      List<AlertRecord> second =
          f.store.alerts(id, 100).stream()
              .filter(a -> a.kind().equals("drift") && a.id() != done.id())
              .toList();
      assertEquals(1, second.size());
      assertEquals("COOLDOWN", second.get(0).retrainState());
      assertEquals(0, retrainer.runPending());
      assertEquals(2, tuning.jobs(null, 0, 100).total());
    }
  }

  /**
   * Events {@code from..to} shifted by {@code shift}, each followed by its label, 100 per batch.
   */
  private static void send(MonitorFixture f, String id, Random r, int from, int to, double shift) {
    EventParser parser = f.service.parser(id);
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
      f.service.accept(id, new IngestBatch(List.of(), List.of(), labels, Map.of(), true, true));
      f.service.closeReady(id);
    }
  }
}
