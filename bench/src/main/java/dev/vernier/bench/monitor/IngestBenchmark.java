package dev.vernier.bench.monitor;

import dev.vernier.core.data.DataRoots;
import dev.vernier.core.json.Json;
import dev.vernier.kafka.embedded.EmbeddedKafka;
import dev.vernier.monitor.SyntheticEvents;
import dev.vernier.monitor.drift.DriftMethods;
import dev.vernier.monitor.ingest.BatchSink;
import dev.vernier.monitor.ingest.KafkaIngestor;
import dev.vernier.monitor.service.BaselinePredictor;
import dev.vernier.monitor.service.MonitorService;
import dev.vernier.monitor.spec.MonitorSpecParser;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.monitor.storage.sql.SqlMonitorStore;
import dev.vernier.platform.db.Database;
import dev.vernier.platform.db.DatabaseConfig;
import dev.vernier.platform.time.SystemClock;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Kafka ingestion speed: N 20-feature JSON inference events ({@link SyntheticEvents}) on an
 * embedded single-node broker, read (a) by a bare {@code KafkaConsumer<byte[], byte[]>} poll loop
 * that only counts records, and (b) by a Vernier monitor end to end: its {@link KafkaIngestor}
 * parses the events, appends them to count windows in SQLite (WAL; or PostgreSQL with {@code
 * --database}) with the source offsets in the same transaction, and evaluates and closes every full
 * window (drift, by default with the monitor's default methods, and data quality). Both read the
 * same topic on the same broker, with the same fetch settings. The monitor is measured twice: as
 * created by default, counting an inference id once (each id remembered in {@code inference_seen}),
 * and with {@code "deduplicate": false}, remembering none (a row of the table each, both against
 * the same bare loop).
 *
 * <p>The bare loop runs {@link #BARE_RUNS} times and its fastest run is reported; each monitor,
 * after an untimed warm-up monitor, runs {@link #VERNIER_RUNS} times (each a new monitor reading
 * the topic from the start; the two kinds alternate, so that a change in the machine's load falls
 * on both) and its fastest run is reported, so every side is the better of two warm runs. The
 * monitor's clock stops when the {@code events_accepted} counter reaches N and every full window is
 * closed; exactly-once is then checked (the counter and the sum of the windows' events both equal
 * N), and that the monitor remembered ids (some rows of {@code inference_seen}) or, with {@code
 * "deduplicate": false}, none. "accepted at" is when the counter reached N. "store" and "close" are
 * the shares of the monitor's elapsed time spent in {@link BatchSink#accept} (one database
 * transaction per polled batch, on the consumer's thread) and in {@link BatchSink#closeReady}
 * (window evaluation, on the closing thread, beside the consumer). "CPU s" is the process's CPU
 * time (every thread, the in-process broker's included) over each timed run. Note that with windows
 * of at most 10,000 events the {@code ks} method computes exact p-values (as scipy's {@code
 * method='auto'} does), which dominates evaluation: {@code window=10001} shows the rest.
 *
 * <p>Usage: {@code IngestBenchmark [events=N] [compression=C] [window=N] [methods=M,...] [warmup=N]
 * [dir=D]}: see {@link Options#of} for the defaults (1,000,000 events); DIR defaults to a temporary
 * folder deleted at the end.
 */
public final class IngestBenchmark {
  static final String TOPIC = "inferences";
  static final int PARTITIONS = 2;
  static final int BARE_RUNS = 2;
  static final int VERNIER_RUNS = 2;
  static final long T0 = 1_764_000_000_000L;
  static final Duration TIMEOUT = Duration.ofMinutes(10);

  private IngestBenchmark() {}

  /**
   * What one benchmark measured: the bare loop, and the monitor with and without its id memory.
   *
   * @param store "sqlite" or "postgresql"
   * @param deduplicated the monitor as created by default (an inference id counts once)
   * @param unique the monitor with {@code "deduplicate": false} (no id remembered)
   */
  public record Result(
      String store,
      int events,
      double bareRecordsPerSecond,
      double bareSeconds,
      double bareCpuSeconds,
      MonitorRun deduplicated,
      MonitorRun unique) {
    /** The default monitor's events per second. */
    public double vernierEventsPerSecond() {
      return deduplicated.eventsPerSecond();
    }

    /** The default monitor's events per second over the bare loop's records per second. */
    public double ratio() {
      return deduplicated.eventsPerSecond() / bareRecordsPerSecond;
    }

    /** With {@code "deduplicate": false}: its events per second over the bare loop's. */
    public double uniqueRatio() {
      return unique.eventsPerSecond() / bareRecordsPerSecond;
    }

    /** The default monitor's closed windows. */
    public long windowsClosed() {
      return deduplicated.windowsClosed();
    }

    /** What the default monitor's timed run added to the database. */
    public long databaseBytes() {
      return deduplicated.databaseBytes();
    }
  }

  /**
   * One monitor's best timed run.
   *
   * @param deduplicate the monitor's {@code deduplicate} option
   * @param databaseBytes what the run added to the database (SQLite: its file and WAL; PostgreSQL:
   *     the growth of {@code pg_database_size})
   * @param idsRemembered the monitor's rows of {@code inference_seen} at the end
   */
  public record MonitorRun(
      boolean deduplicate,
      double eventsPerSecond,
      long windowsClosed,
      long databaseBytes,
      double seconds,
      double acceptedSeconds,
      double storeSeconds,
      double closeSeconds,
      double cpuSeconds,
      long idsRemembered,
      List<Map.Entry<String, Double>> cpuByThread) {}

  /**
   * What to run.
   *
   * @param compression the producer's compression type (none, lz4, zstd...)
   * @param window events per count window
   * @param methods the monitor's drift methods, comma-separated; empty for the monitor's default
   */
  public record Options(int events, String compression, int window, String methods, int warmup) {
    public Options {
      if (events < 1 || window < 1 || warmup < 0) {
        throw new IllegalArgumentException(
            "events and window must be at least 1 and warmup at least 0, got "
                + events
                + ", "
                + window
                + " and "
                + warmup);
      }
    }

    /**
     * lz4, windows of 10,000 events (a tenth of the events when fewer), default drift methods, a
     * warm-up monitor on as many events (the bare loop's best of two runs is a warm one too; the
     * JIT compiles per-batch code only after many batches).
     */
    public static Options of(int events) {
      return new Options(events, "lz4", Math.max(1, Math.min(10_000, events / 10)), "", events);
    }

    /** From {@code key=value} arguments: events, compression, window, methods, warmup. */
    static Options parse(List<String> args) {
      Map<String, String> kv = new HashMap<>();
      for (String a : args) {
        int eq = a.indexOf('=');
        if (eq < 0
            || !List.of("events", "compression", "window", "methods", "warmup", "dir")
                .contains(a.substring(0, eq))) {
          throw new IllegalArgumentException(
              "arguments are events=N compression=C window=N methods=M,.. warmup=N dir=D, got "
                  + a);
        }
        kv.put(a.substring(0, eq), a.substring(eq + 1));
      }
      Options d = of(Integer.parseInt(kv.getOrDefault("events", "1000000").replace("_", "")));
      return new Options(
          d.events(),
          kv.getOrDefault("compression", d.compression()),
          kv.containsKey("window") ? Integer.parseInt(kv.get("window")) : d.window(),
          kv.getOrDefault("methods", d.methods()),
          kv.containsKey("warmup") ? Integer.parseInt(kv.get("warmup")) : d.warmup());
    }
  }

  public static void main(String[] args) throws IOException {
    Options options = Options.parse(List.of(args));
    String given =
        List.of(args).stream().filter(a -> a.startsWith("dir=")).findFirst().orElse(null);
    Path dir =
        given == null ? Files.createTempDirectory("vernier-ingest-") : Path.of(given.substring(4));
    try {
      run(System.out, dir, options);
    } finally {
      if (given == null) {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
    System.exit(0); // the broker's and clients' non-daemon threads
  }

  /** Runs the benchmark with {@link Options#of} on SQLite and prints the table. */
  public static Result run(PrintStream out, Path workDir, int events) {
    return run(out, workDir, Options.of(events), null);
  }

  /** Runs the benchmark on SQLite under {@code workDir} (broker logs, baseline, database). */
  public static Result run(PrintStream out, Path workDir, Options o) {
    return run(out, workDir, o, null);
  }

  /**
   * Runs the benchmark under {@code workDir} (broker logs, baseline, SQLite files) with the
   * monitor's state in {@code database}: null for a fresh SQLite file per monitor; on PostgreSQL
   * every monitor (the warm-up and each timed run, each a new monitor) shares that database.
   */
  public static Result run(PrintStream out, Path workDir, Options o, DatabaseConfig database) {
    int events = o.events();
    int window = o.window();
    String compression = o.compression();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka"))) {
      kafka.createTopic(TOPIC, PARTITIONS);
      kafka.createTopic(TOPIC + ".dead-letter", 1);
      long t0 = System.nanoTime();
      long bytes = KafkaLoad.produce(kafka, TOPIC, PARTITIONS, events, compression);
      double produceSeconds = (System.nanoTime() - t0) / 1e9;
      out.printf(
          Locale.ROOT,
          "ingest benchmark: %d events of %d features (%.0f bytes of JSON each) on %d partitions,"
              + " produced in %.2f s (linger.ms=20, batch.size=256 KiB, compression=%s);"
              + " count windows of %d events, drift methods %s; monitor state in %s%n",
          events,
          SyntheticEvents.FEATURES,
          bytes / (double) events,
          PARTITIONS,
          produceSeconds,
          compression,
          window,
          o.methods().isEmpty() ? "(the monitor's default)" : o.methods(),
          database == null ? "a fresh SQLite file per run" : database.toString());
      double bare = Double.MAX_VALUE;
      double bareCpu = 0;
      List<Map.Entry<String, Double>> bareThreads = List.of();
      for (int run = 0; run < BARE_RUNS; run++) {
        double c0 = IngestProbe.processCpuSeconds();
        Map<String, Double> threads0 = IngestProbe.threadCpuSeconds();
        double s = KafkaLoad.bareLoop(kafka, TOPIC, events, "bench-bare-" + run);
        if (s < bare) {
          bare = s;
          bareCpu = IngestProbe.processCpuSeconds() - c0;
          bareThreads = IngestProbe.difference(threads0, IngestProbe.threadCpuSeconds());
        }
      }
      if (o.warmup() > 0) {
        // the JIT compiles the monitor's path on a first, untimed monitor, as the bare loop's
        // best of two runs is a warm one
        String warm = TOPIC + "-warmup";
        kafka.createTopic(warm, PARTITIONS);
        kafka.createTopic(warm + ".dead-letter", 1);
        KafkaLoad.produce(kafka, warm, PARTITIONS, o.warmup(), compression);
        int w = Math.max(1, Math.min(window, o.warmup() / 10));
        vernier(kafka, workDir.resolve("warmup"), warm, o.warmup(), w, o.methods(), true, database);
      }
      // the two kinds of monitor alternate, so that a change in the machine's load falls on both
      MonitorRun counted = null;
      MonitorRun unique = null;
      for (int run = 0; run < VERNIER_RUNS; run++) {
        for (boolean deduplicate : new boolean[] {true, false}) {
          MonitorRun t =
              vernier(
                  kafka,
                  workDir.resolve("run-" + run + (deduplicate ? "" : "-unique")),
                  TOPIC,
                  events,
                  window,
                  o.methods(),
                  deduplicate,
                  database);
          if (deduplicate && (counted == null || t.seconds() < counted.seconds())) {
            counted = t;
          } else if (!deduplicate && (unique == null || t.seconds() < unique.seconds())) {
            unique = t;
          }
        }
      }
      Result r =
          new Result(
              database == null || database.isSqlite() ? "sqlite" : "postgresql",
              events,
              events / bare,
              bare,
              bareCpu,
              counted,
              unique);
      out.println();
      out.println(
          "| store | events | bare records/s | Vernier events/s | ratio | windows closed | DB MiB"
              + " | bare s | Vernier s | bare CPU s | Vernier CPU s | accepted at s | store %"
              + " | close % |");
      out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
      row(out, r, r.store(), counted);
      row(out, r, r.store() + ", deduplicate false", unique);
      out.println();
      out.printf(
          Locale.ROOT,
          "the id memory (the default, first row): %+.2f us of CPU per event, %.2fx the events/s of"
              + " \"deduplicate\": false; ids remembered: %d and %d%n",
          (counted.cpuSeconds() - unique.cpuSeconds()) * 1e6 / events,
          counted.eventsPerSecond() / unique.eventsPerSecond(),
          counted.idsRemembered(),
          unique.idsRemembered());
      out.println();
      IngestProbe.printThreads(out, "bare loop", bareThreads);
      IngestProbe.printThreads(out, "Vernier", counted.cpuByThread());
      IngestProbe.printThreads(out, "Vernier, deduplicate false", unique.cpuByThread());
      out.println();
      out.printf(
          Locale.ROOT,
          "targets: %s; deduplicate false: %s%n",
          targets(r.ratio(), counted),
          targets(r.uniqueRatio(), unique));
      return r;
    }
  }

  private static void row(PrintStream out, Result r, String store, MonitorRun m) {
    out.printf(
        Locale.ROOT,
        "| %s | %d | %,.0f | %,.0f | %.3f | %d | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f"
            + " | %.0f |%n",
        store,
        r.events(),
        r.bareRecordsPerSecond(),
        m.eventsPerSecond(),
        m.eventsPerSecond() / r.bareRecordsPerSecond(),
        m.windowsClosed(),
        m.databaseBytes() / (1024.0 * 1024.0),
        r.bareSeconds(),
        m.seconds(),
        r.bareCpuSeconds(),
        m.cpuSeconds(),
        m.acceptedSeconds(),
        100 * m.storeSeconds() / m.seconds(),
        100 * m.closeSeconds() / m.seconds());
  }

  private static String targets(double ratio, MonitorRun m) {
    return String.format(
        Locale.ROOT,
        ">= 100,000 events/s %s, >= 0.5x the bare loop %s",
        m.eventsPerSecond() >= 100_000 ? "met" : "NOT met",
        ratio >= 0.5 ? "met" : "NOT met");
  }

  private static MonitorRun vernier(
      EmbeddedKafka kafka,
      Path workDir,
      String topic,
      int events,
      int window,
      String methods,
      boolean deduplicate,
      DatabaseConfig database) {
    Path dataRoot;
    try {
      dataRoot = Files.createDirectories(workDir.resolve("data"));
      SyntheticEvents.writeBaseline(dataRoot.resolve("train.csv"), 2000, 11);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path db = workDir.resolve("vernier.db");
    DatabaseConfig config = database == null ? DatabaseConfig.sqlite(db) : database;
    try (Database ds = config.open(false)) {
      long sizeBefore = config.isSqlite() ? 0 : postgresBytes(ds);
      SqlMonitorStore store = new SqlMonitorStore(ds.dataSource(), ds.dialect());
      IngestProbe.Progress progress = new IngestProbe.Progress();
      MonitorService service =
          new MonitorService(
              store,
              new MonitorSpecParser(new DataRoots(List.of(dataRoot)), DriftMethods.names()),
              BaselinePredictor.NONE,
              progress,
              SystemClock.get(),
              2);
      String spec =
          "{'name':'ingest-bench-"
              + workDir.getFileName()
              + "-"
              + Long.toString(SystemClock.get().millis(), 36)
              + "','model':'m','baseline':{'path':'train.csv'},"
              + "'kafka':{'eventsTopic':'"
              + topic
              + "'},'window':{'events':"
              + window
              + "}"
              + (deduplicate ? "" : ",'deduplicate':false")
              + (methods.isEmpty()
                  ? ""
                  : ",'drift':{'methods':['" + String.join("','", methods.split(",")) + "']}")
              + "}";
      String id = service.create(Json.parse(spec.replace('\'', '"'), "bench spec").node).id();
      IngestProbe.TimedSink sink = new IngestProbe.TimedSink(service);
      KafkaIngestor ingestor =
          new KafkaIngestor(
              id,
              service.spec(id).orElseThrow().kafka(),
              kafka.clientConfig(),
              store,
              sink,
              progress);
      long full = events / window;
      double cpu0 = IngestProbe.processCpuSeconds();
      Map<String, Double> threads0 = IngestProbe.threadCpuSeconds();
      long t0 = System.nanoTime();
      long deadline = t0 + TIMEOUT.toNanos();
      Thread t = new Thread(ingestor, "bench-ingestor");
      t.setDaemon(true);
      t.start();
      long acceptedAt = 0;
      while (progress.accepted.get() < events || progress.closed.get() < full) {
        if (acceptedAt == 0 && progress.accepted.get() >= events) {
          acceptedAt = System.nanoTime();
        }
        if (!t.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the monitor accepted "
                  + progress.accepted.get()
                  + " of "
                  + events
                  + " events and closed "
                  + progress.closed.get()
                  + " of "
                  + full
                  + " windows"
                  + (t.isAlive() ? " within " + TIMEOUT : "; its consumer stopped"));
        }
        sleep(2);
      }
      long t1 = System.nanoTime();
      double cpu = IngestProbe.processCpuSeconds() - cpu0;
      var byThread = IngestProbe.difference(threads0, IngestProbe.threadCpuSeconds());
      double seconds = (t1 - t0) / 1e9;
      double acceptedSeconds = ((acceptedAt == 0 ? t1 : acceptedAt) - t0) / 1e9;
      ingestor.close();
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Map<String, Long> counters = store.counters(id);
      long accepted = counters.getOrDefault("events_accepted", 0L);
      long inWindows = 0;
      for (WindowRecord w : store.windows(id, Integer.MAX_VALUE)) {
        inWindows += w.events();
      }
      if (accepted != events || inWindows != events) {
        throw new IllegalStateException(
            "exactly-once broken: "
                + events
                + " events produced, events_accepted "
                + accepted
                + ", windows hold "
                + inWindows);
      }
      long remembered = rememberedIds(ds, id);
      if (deduplicate ? remembered == 0 : remembered != 0) {
        throw new IllegalStateException(
            "the monitor with \"deduplicate\": "
                + deduplicate
                + " remembered "
                + remembered
                + " inference ids");
      }
      long closed = counters.getOrDefault("windows_closed", 0L);
      return new MonitorRun(
          deduplicate,
          events / seconds,
          closed,
          config.isSqlite()
              ? size(config.sqliteFile()) + size(Path.of(config.sqliteFile() + "-wal"))
              : postgresBytes(ds) - sizeBefore,
          seconds,
          acceptedSeconds,
          sink.acceptNanos.get() / 1e9,
          sink.closeNanos.get() / 1e9,
          cpu,
          remembered,
          byThread);
    }
  }

  /** The monitor's rows of {@code inference_seen}: the ids it remembers. */
  private static long rememberedIds(Database ds, String monitorId) {
    try (java.sql.Connection c = ds.dataSource().getConnection();
        java.sql.PreparedStatement st =
            c.prepareStatement("SELECT count(*) FROM inference_seen WHERE monitor_id = ?")) {
      st.setString(1, monitorId);
      try (java.sql.ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("could not count the remembered ids: " + e.getMessage(), e);
    }
  }

  /** The size of the database {@code ds} is connected to, as PostgreSQL counts it. */
  private static long postgresBytes(Database ds) {
    try (java.sql.Connection c = ds.dataSource().getConnection();
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT pg_database_size(current_database())")) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("could not read the database's size: " + e.getMessage(), e);
    }
  }

  private static long size(Path p) {
    try {
      return Files.exists(p) ? Files.size(p) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
