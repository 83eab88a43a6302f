package dev.vernier.tuner.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.catalog.AlgorithmCatalog;
import dev.vernier.core.catalog.AlgorithmSpec;
import dev.vernier.core.catalog.Direction;
import dev.vernier.core.catalog.HyperparameterSpec;
import dev.vernier.core.catalog.MetricSpec;
import dev.vernier.core.data.DataRoots;
import dev.vernier.core.space.ContinuousRange;
import dev.vernier.core.space.IntegerRange;
import dev.vernier.platform.db.Database;
import dev.vernier.platform.time.ManualClock;
import dev.vernier.tuner.job.JobSpecParser;
import dev.vernier.tuner.stopping.StopperRegistry;
import dev.vernier.tuner.storage.sql.SqlFleetStore;
import dev.vernier.tuner.storage.sql.SqlJobStore;
import dev.vernier.tuner.storage.sql.SqlTrialStore;
import dev.vernier.tuner.storage.sql.TunerSchema;
import dev.vernier.tuner.strategy.StrategyRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A tuner on a real SQLite file with a simulated clock, for tests. */
final class TunerHarness implements AutoCloseable {
  static final AlgorithmSpec QUAD =
      new AlgorithmSpec(
          "quad",
          "test objective",
          List.of(
              new HyperparameterSpec("x", ContinuousRange.linear(-10, 10), 0.0, true, "x"),
              new HyperparameterSpec("y", ContinuousRange.linear(-10, 10), 0.0, true, "y"),
              new HyperparameterSpec("epochs", IntegerRange.linear(1, 100), 5L, false, "epochs")),
          List.of(new MetricSpec("validation:loss", Direction.MINIMIZE, "loss")));

  static final AlgorithmCatalog CATALOG =
      new AlgorithmCatalog() {
        @Override
        public Optional<AlgorithmSpec> find(String name) {
          return name.equals("quad") ? Optional.of(QUAD) : Optional.empty();
        }

        @Override
        public Collection<String> names() {
          return List.of("quad");
        }
      };

  final Database db;
  final ManualClock clock = new ManualClock(1_000_000);
  final SqlJobStore jobs;
  final SqlTrialStore trials;
  final SqlFleetStore fleet;
  final Scheduler scheduler;
  final FleetService fleetService;
  final DefaultTuningService service;
  final JobSpecParser parser;
  final Path data;

  TunerHarness(Path dir) throws Exception {
    this(dir, TunerSchema.migrate(Database.sqlite(dir.resolve("vernier.db"))));
  }

  /** A tuner on {@code db} (migrated), closed with the harness. */
  TunerHarness(Path dir, Database db) throws Exception {
    this.db = db;
    jobs = new SqlJobStore(db);
    trials = new SqlTrialStore(db);
    fleet = new SqlFleetStore(db, 3);
    StrategyRegistry strategies = StrategyRegistry.load();
    scheduler = new Scheduler(jobs, trials, fleet, strategies, CATALOG, clock, TunerMetrics.NONE);
    Path root = Files.createDirectories(dir.resolve("data"));
    fleetService =
        new FleetService(
            jobs,
            trials,
            fleet,
            scheduler,
            strategies,
            StopperRegistry.load(),
            new ArtifactStore(dir.resolve("artifacts")),
            clock,
            Duration.ofSeconds(10),
            1 << 20,
            TunerMetrics.NONE,
            new DataRoots(List.of(root)));
    data = Files.writeString(root.resolve("train.csv"), "0,1\n");
    parser =
        new JobSpecParser(
            CATALOG, Set.of("my-cmd"), strategies.names(), new DataRoots(List.of(root)));
    service = new DefaultTuningService(jobs, trials, parser, strategies, clock);
  }

  /** Parses a job as the REST API does and submits it. */
  dev.vernier.tuner.job.JobRecord submit(JsonNode json) {
    return service.submit(parser.parse(json));
  }

  JsonNode job(String name, String strategy, int maxTrials, int parallel, String extra)
      throws Exception {
    return new ObjectMapper()
        .readTree(
            ("{'name':'%s','algorithm':'quad','channels':{'train':{'path':'train.csv'}},"
                    + "'objective':{'metric':'validation:loss'},"
                    + "'parameterRanges':{'x':{'type':'continuous','min':-10,'max':10}},"
                    + "'strategy':'%s','limits':{'maxTrials':%d,'maxParallelTrials':%d},'seed':3%s}")
                .formatted(name, strategy, maxTrials, parallel, extra)
                .replace('\'', '"'));
  }

  /** A call {@link #spied} saw: the method's name, its arguments and what it returned. */
  @FunctionalInterface
  interface Spy {
    void saw(String method, Object[] args, Object result);
  }

  /** This harness's real trial store, each call it answers also shown to {@code spy}. */
  dev.vernier.tuner.storage.TrialStore spied(Spy spy) {
    return (dev.vernier.tuner.storage.TrialStore)
        java.lang.reflect.Proxy.newProxyInstance(
            dev.vernier.tuner.storage.TrialStore.class.getClassLoader(),
            new Class<?>[] {dev.vernier.tuner.storage.TrialStore.class},
            (proxy, m, args) -> {
              try {
                Object r = m.invoke(trials, args);
                spy.saw(m.getName(), args, r);
                return r;
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Override
  public void close() {
    db.close();
  }
}
