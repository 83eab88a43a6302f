package dev.vernier.app.server;

import dev.vernier.app.security.Role;
import dev.vernier.app.security.TokenStore;
import dev.vernier.app.security.storage.SqlTokenStore;
import dev.vernier.core.Version;
import dev.vernier.core.data.DataRoots;
import dev.vernier.monitor.service.MonitorRunner;
import dev.vernier.platform.db.Database;
import dev.vernier.tuner.job.JobSpecParser;
import dev.vernier.tuner.sagemaker.SageMakerTranslator;
import dev.vernier.tuner.service.ArtifactStore;
import dev.vernier.tuner.service.DefaultTuningService;
import dev.vernier.tuner.service.FleetService;
import dev.vernier.tuner.service.LocalFleetClient;
import dev.vernier.tuner.service.Scheduler;
import dev.vernier.tuner.service.TuningService;
import dev.vernier.tuner.stopping.StopperRegistry;
import dev.vernier.tuner.storage.sql.SqlFleetStore;
import dev.vernier.tuner.storage.sql.SqlJobStore;
import dev.vernier.tuner.storage.sql.SqlTrialStore;
import dev.vernier.tuner.storage.sql.TunerSchema;
import dev.vernier.tuner.strategy.StrategyRegistry;
import dev.vernier.worker.algorithm.Algorithms;
import dev.vernier.worker.runtime.WorkerRuntime;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The running service: storage, the tuner, the HTTP API, the scheduler's timer and the in-process
 * worker slots, started in that order and closed in reverse.
 */
public final class VernierServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(VernierServer.class.getName());

  private final Database db;
  private final ApplicationContext ctx;
  private final EmbeddedServer http;
  private final ScheduledExecutorService timer;
  private final WorkerRuntime localWorker;
  private final TuningService tuning;
  private final FleetService fleet;
  private final TokenStore tokens;
  private final String firstAdminToken;
  private final MonitorRunner monitors;
  private final JvmProcessMetrics jvmMetrics;
  private final Scheduler scheduler;
  private final DataDirLock dataLock;

  private VernierServer(
      DataDirLock dataLock,
      Database db,
      ApplicationContext ctx,
      EmbeddedServer http,
      ScheduledExecutorService timer,
      WorkerRuntime localWorker,
      TuningService tuning,
      FleetService fleet,
      TokenStore tokens,
      String firstAdminToken,
      MonitorRunner monitors,
      JvmProcessMetrics jvmMetrics,
      Scheduler scheduler) {
    this.dataLock = dataLock;
    this.scheduler = scheduler;
    this.monitors = monitors;
    this.jvmMetrics = jvmMetrics;
    this.fleet = fleet;
    this.db = db;
    this.ctx = ctx;
    this.http = http;
    this.timer = timer;
    this.localWorker = localWorker;
    this.tuning = tuning;
    this.tokens = tokens;
    this.firstAdminToken = firstAdminToken;
  }

  /** Starts everything; prints the admin token once on the first start. */
  public static VernierServer start(ServerSettings s, Clock clock, PrintStream out)
      throws Exception {
    Files.createDirectories(s.dataDir());
    // SQLite: one server per file; replicas on PostgreSQL may share a --data folder
    DataDirLock dataLock = s.database().isSqlite() ? DataDirLock.acquire(s.dataDir()) : null;
    Database db;
    try {
      db = TunerSchema.migrate(s.database().open(s.fullSync()));
    } catch (Exception | Error e) {
      DataDirLock.close(dataLock);
      throw e;
    }
    try {
      TokenStore tokens = new SqlTokenStore(db.dataSource(), db.dialect(), clock);
      SqlJobStore jobs = new SqlJobStore(db);
      SqlTrialStore trials = new SqlTrialStore(db);
      SqlFleetStore fleet = new SqlFleetStore(db, 3);
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      JvmProcessMetrics jvmMetrics = new JvmProcessMetrics(registry);
      MicrometerTunerMetrics metrics = new MicrometerTunerMetrics(registry, jobs, trials, fleet);
      StrategyRegistry strategies = StrategyRegistry.load();
      var catalog = Algorithms.catalog();
      // each job's decisions are made by the replica holding its scheduling lease; three ticks
      // without renewal and another replica takes it over
      Scheduler scheduler =
          new Scheduler(
              jobs,
              trials,
              fleet,
              strategies,
              catalog,
              clock,
              metrics,
              s.replicaId(),
              s.schedulingLease());
      ArtifactStore artifacts = new ArtifactStore(s.artifactsDir());
      // the monitor's retraining datasets: the service's own folder, readable by its own jobs only
      Path retraining = Files.createDirectories(s.retrainingDir());
      DataRoots roots =
          new DataRoots(s.dataRoots())
              .excluding(s.stateDirs())
              .withServiceRoots(List.of(retraining));
      FleetService fleetService =
          new FleetService(
              jobs,
              trials,
              fleet,
              scheduler,
              strategies,
              StopperRegistry.load(),
              artifacts,
              clock,
              s.heartbeat(),
              s.maxArtifactBytes(),
              metrics,
              roots);
      JobSpecParser parser =
          new JobSpecParser(catalog, s.commands().keySet(), strategies.names(), roots);
      TuningService tuning = new DefaultTuningService(jobs, trials, parser, strategies, clock);
      SageMakerTranslator sagemaker = new SageMakerTranslator(catalog, s.commands().keySet());
      MonitorRunner monitors = MonitorWiring.runner(s, db, tuning, registry, clock);

      Map<String, Object> props = new LinkedHashMap<>();
      props.put("micronaut.server.host", s.host());
      props.put("micronaut.server.port", s.port());
      // the largest body any route takes; an artifact upload is streamed to disk and counted
      props.put("micronaut.server.max-request-size", s.limits().largest());
      // bodies bound whole (documents, ingestion batches) are held in memory up to this size;
      // BodyLimitFilter holds each route to its own limit before the body is read
      props.put("micronaut.server.max-request-buffer-size", s.limits().buffered());
      props.put("micronaut.server.multipart.max-file-size", 1L << 30);
      // what comes before the body: longer is a 414 or a 431 problem document (RequestHeadLimits)
      props.put("micronaut.server.netty.max-initial-line-length", RequestHeadLimits.LINE_BYTES);
      props.put("micronaut.server.netty.max-header-size", RequestHeadLimits.HEADER_BYTES);
      props.put(
          "micronaut.router.static-resources.swagger-ui.paths",
          "classpath:" + ApiDocsController.webJarFolder());
      props.put(
          "micronaut.router.static-resources.swagger-ui.mapping", ApiDocsController.ASSETS + "/**");
      props.put("endpoints.all.enabled", false);
      props.put("endpoints.health.enabled", true);
      props.put("endpoints.health.sensitive", false);
      props.put("micronaut.application.name", "vernier");
      props.put("jackson.serialization-inclusion", "always");
      ApplicationContext ctx =
          ApplicationContext.builder()
              .properties(props)
              .singletons(
                  tuning,
                  parser,
                  fleetService,
                  // read by the dashboard's views: the workers and the trials' curves
                  fleet,
                  trials,
                  sagemaker,
                  artifacts,
                  tokens,
                  registry,
                  monitors,
                  monitors.service(),
                  new DatabaseReadiness.Probe(db.dataSource(), s.database().toString()),
                  new ShownPaths(s.shownRoots()),
                  s.limits(),
                  // the controllers' time (webhook registrations), the one clock of this server
                  clock)
              .banner(false)
              .start();
      EmbeddedServer http;
      try {
        http = ctx.getBean(EmbeddedServer.class).start();
      } catch (io.micronaut.http.server.exceptions.ServerStartupException e) {
        ctx.close();
        throw new dev.vernier.core.InvalidInputException(
            "--port",
            "cannot be listened on at "
                + s.host()
                + " (in use by another process, or not allowed to this user)",
            s.port(),
            e);
      }
      // only once the port is ours: a start that fails must not spend the one showing
      String first = null;
      if (tokens.isEmpty()) {
        first = tokens.create(Role.ADMIN, "created at first start", clock.millis());
        out.println(
            "First start: the admin token is shown once, keep it (only its hash is stored):");
        out.println("  " + first);
        out.flush();
      }

      ScheduledExecutorService timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "vernier-scheduler");
                t.setDaemon(true);
                return t;
              });
      timer.scheduleWithFixedDelay(scheduler::tick, 0, s.tick().toMillis(), TimeUnit.MILLISECONDS);

      WorkerRuntime local = null;
      if (s.slots() > 0) {
        String id =
            LocalWorkerName.of(
                InetAddress.getLocalHost().getHostName(),
                s.dataDir(),
                s.database().isSqlite() ? null : s.replicaId());
        local =
            new WorkerRuntime(
                new LocalFleetClient(fleetService, id),
                new WorkerRuntime.Settings(
                    id,
                    s.slots(),
                    s.backend(),
                    s.threadsPerSlot(),
                    s.dataDir().resolve("work"),
                    java.time.Duration.ofMillis(200),
                    s.commands(),
                    s.workerDataRoots(),
                    s.stateDirs()),
                clock);
        local.start();
      }
      LOG.info(
          "vernier "
              + Version.get()
              + " serving "
              + http.getURL()
              + " (data "
              + s.dataDir().toAbsolutePath()
              + ", database "
              + s.database()
              + ", artifacts "
              + s.artifactsDir().toAbsolutePath()
              + ", replica "
              + s.replicaId()
              + ", "
              + s.slots()
              + " local slots)");
      monitors.start(Duration.ofSeconds(1));
      return new VernierServer(
          dataLock,
          db,
          ctx,
          http,
          timer,
          local,
          tuning,
          fleetService,
          tokens,
          first,
          monitors,
          jvmMetrics,
          scheduler);
    } catch (Exception | Error e) {
      db.close();
      DataDirLock.close(dataLock);
      throw e;
    }
  }

  /** The monitors of this server. */
  public MonitorRunner monitors() {
    return monitors;
  }

  /** The application context, for tests that look at the running server (its routes). */
  ApplicationContext context() {
    return ctx;
  }

  public URL url() {
    return http.getURL();
  }

  public int port() {
    return http.getPort();
  }

  public TuningService tuning() {
    return tuning;
  }

  /** The fleet protocol's service side, for in-process clients. */
  public FleetService fleet() {
    return fleet;
  }

  public TokenStore tokens() {
    return tokens;
  }

  /**
   * The dashboard's address; after the first start it carries the admin token in its fragment
   * ({@code #token=...}), which browsers never send to the server, so it stays out of logs.
   */
  public String dashboardLink() {
    return dashboardLink(firstAdminToken);
  }

  /** The dashboard's address, logging in with {@code token} when it is not null. */
  public String dashboardLink(String token) {
    String base = http.getURL().toString().replaceAll("/+$", "") + "/";
    return token == null ? base : base + "#token=" + token;
  }

  /** The admin token created by this start, or null when tokens existed before. */
  public String firstAdminToken() {
    return firstAdminToken;
  }

  @Override
  public void close() {
    if (localWorker != null) {
      localWorker.close();
    }
    timer.shutdownNow();
    try {
      // other replicas take this one's jobs at their next tick instead of after the lease
      int released = scheduler.release();
      if (released > 0) {
        LOG.info("replica " + scheduler.replica() + " released " + released + " scheduling leases");
      }
    } catch (RuntimeException e) {
      LOG.warning("could not release the scheduling leases (they run out by themselves): " + e);
    }
    monitors.close();
    ctx.close();
    jvmMetrics.close();
    db.close();
    DataDirLock.close(dataLock);
  }

  /** Blocks until the process is interrupted. */
  public void awaitShutdown() throws InterruptedException {
    Thread.currentThread().join();
  }
}
