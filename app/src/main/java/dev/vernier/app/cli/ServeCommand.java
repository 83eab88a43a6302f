package dev.vernier.app.cli;

import dev.vernier.app.server.RequestLimits;
import dev.vernier.app.server.ServerSettings;
import dev.vernier.app.server.VernierServer;
import dev.vernier.core.InvalidInputException;
import dev.vernier.kafka.embedded.EmbeddedKafka;
import dev.vernier.kafka.embedded.ForeignKafkaFolderException;
import dev.vernier.kernels.Backends;
import dev.vernier.monitor.spec.TopicAllowList;
import dev.vernier.platform.db.DatabaseConfig;
import dev.vernier.worker.runtime.RegisteredCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vernier serve}: the tuning service with in-process worker slots. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Runs the tuning service (REST API, scheduler, in-process worker slots) on SQLite"
            + " (default) or PostgreSQL (--database).")
public final class ServeCommand implements Callable<Integer> {
  /** The state directory that serve, token and demo use when --data is not given. */
  static final String DEFAULT_DATA = "vernier-data";

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--data",
      defaultValue = DEFAULT_DATA,
      description =
          "State directory: artifacts/ unless --artifacts names another folder, and vernier.db"
              + " unless --database names another (default: ${DEFAULT-VALUE}).")
  Path data;

  @Mixin DatabaseOptions database;

  @Option(
      names = "--artifacts",
      paramLabel = "DIR",
      description =
          "Where uploaded model files, models and retraining datasets live; replicas on one"
              + " database share one folder on a shared file system (default: artifacts in --data).")
  Path artifacts;

  @Option(
      names = "--replica-id",
      paramLabel = "NAME",
      description =
          "This replica's id among the replicas on one database: 1-128 letters, digits, dots,"
              + " underscores, colons or dashes; it holds its jobs' scheduling leases under it"
              + " (default: <hostname>-<pid>).")
  String replicaId;

  @Option(
      names = "--data-root",
      description =
          "A directory jobs may read data from; repeat for several (default: the current directory).")
  List<Path> dataRoots = new ArrayList<>();

  @Option(
      names = "--slots",
      defaultValue = "1",
      description =
          "In-process worker slots; 0 for remote workers only (default: ${DEFAULT-VALUE}).")
  int slots;

  @Option(
      names = "--backend",
      defaultValue = "auto",
      description = "Kernel backend of the local slots (default: ${DEFAULT-VALUE}).")
  String backend;

  @Option(
      names = "--threads-per-slot",
      description = "Kernel threads per local slot (default: cores / slots).")
  Integer threadsPerSlot;

  @Option(
      names = "--command",
      description =
          "Register a training command jobs may name: name=/path/to/executable [args]. Repeatable.")
  List<String> commands = new ArrayList<>();

  @Option(
      names = "--heartbeat-seconds",
      defaultValue = "10",
      description = "Worker heartbeat period; a lease lasts three (default: ${DEFAULT-VALUE}).")
  int heartbeatSeconds;

  @Option(
      names = "--sqlite-sync",
      defaultValue = "normal",
      description =
          "normal: a killed process loses nothing committed, a power loss may lose the last"
              + " transactions; full: every commit is synced to disk (fewer writes a second)"
              + " (default: ${DEFAULT-VALUE}).")
  String sqliteSync;

  @Option(
      names = "--max-json-bytes",
      defaultValue = "1048576",
      description =
          "Largest body of a document request (a job, a monitor, a webhook; default:"
              + " ${DEFAULT-VALUE}, 1 MiB); larger ones are answered 413.")
  long maxJsonBytes;

  @Option(
      names = "--max-ingest-bytes",
      defaultValue = "67108864",
      description =
          "Largest batch of events or labels posted to a monitor (default: ${DEFAULT-VALUE},"
              + " 64 MiB); larger ones are answered 413.")
  long maxIngestBytes;

  @Option(
      names = "--max-artifact-bytes",
      defaultValue = "1073741824",
      description =
          "The most bytes a model file uploaded by a worker may have; larger uploads are refused"
              + " with 413 (default: ${DEFAULT-VALUE}, 1 GiB).")
  long maxArtifactBytes;

  @Option(
      names = "--kafka-bootstrap",
      description = "Kafka bootstrap.servers for monitors (host:port,...).")
  String kafkaBootstrap;

  @Option(
      names = "--kafka-config",
      description =
          "A properties file of Kafka client settings passed through to monitors' clients"
              + " (security.protocol, sasl.*, ssl.*, ...).")
  Path kafkaConfig;

  @Option(
      names = "--embedded-kafka",
      description =
          "Start a single-node Kafka broker in this process on 127.0.0.1 (data under --data);"
              + " for trying Vernier out, not for production.")
  boolean embeddedKafka;

  @Option(
      names = "--kafka-topics",
      paramLabel = "REGEX[,REGEX...]",
      description =
          "The Kafka topics monitors may read and write (events, labels, dead-letter, alerts):"
              + " Java regular expressions, each matched against the whole topic name, separated"
              + " by commas or given in several options. Default: every topic with"
              + " --embedded-kafka, none with an external broker.")
  List<String> kafkaTopics = new ArrayList<>();

  static Map<String, RegisteredCommand> commands(List<String> specs) {
    Map<String, RegisteredCommand> out = new LinkedHashMap<>();
    for (String s : specs) {
      RegisteredCommand c = RegisteredCommand.parse(s);
      if (!Files.isExecutable(Path.of(c.executable()))) {
        throw new InvalidInputException(
            "--command", "the executable must exist and be executable", c.executable());
      }
      out.put(c.name(), c);
    }
    return out;
  }

  ServerSettings settings() {
    if (port < 0 || port > 65535) {
      throw new InvalidInputException("--port", "must be between 0 and 65535", port);
    }
    if (slots < 0) {
      throw new InvalidInputException("--slots", "must be 0 or more", slots);
    }
    if (heartbeatSeconds < 1) {
      throw new InvalidInputException(
          "--heartbeat-seconds", "must be at least 1", heartbeatSeconds);
    }
    List<Path> roots =
        dataRoots.isEmpty() ? List.of(Path.of(".").toAbsolutePath().normalize()) : dataRoots;
    for (Path r : roots) {
      if (!Files.isDirectory(r)) {
        throw new InvalidInputException(
            "--data-root", "must be an existing directory", r.toString());
      }
    }
    int tps =
        threadsPerSlot != null
            ? threadsPerSlot
            : Math.max(1, Backends.defaultThreads() / Math.max(1, slots));
    return new ServerSettings(
        host,
        port,
        data,
        roots,
        slots,
        backend,
        tps,
        commands(commands),
        Duration.ofSeconds(heartbeatSeconds),
        Duration.ofSeconds(1),
        kafka(),
        fullSync(sqliteSync),
        topics(kafkaTopics, embeddedKafka),
        new RequestLimits(maxJsonBytes, maxIngestBytes, maxArtifactBytes),
        databaseConfig(),
        artifactsDir(artifacts),
        replicaId(replicaId));
  }

  /** {@code --replica-id}, checked; null (the default, {@code <hostname>-<pid>}) when not given. */
  static String replicaId(String id) {
    if (id != null && !ServerSettings.REPLICA_ID.matcher(id).matches()) {
      throw new InvalidInputException(
          "--replica-id", "must be 1-128 letters, digits, dots, underscores, colons or dashes", id);
    }
    return id;
  }

  /**
   * {@code --artifacts}, created if missing and proven writable (a file is made and removed); null
   * (artifacts in --data) when not given.
   */
  static Path artifactsDir(Path dir) {
    if (dir == null) {
      return null;
    }
    try {
      Path d = Files.createDirectories(dir);
      Files.delete(Files.createTempFile(d, ".write-check-", ".tmp"));
      return d;
    } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
      throw new InvalidInputException(
          "--artifacts",
          "must be a directory this process can create and write (" + e + ")",
          dir.toString());
    }
  }

  /** --database, refusing --sqlite-sync given with a PostgreSQL one (it would do nothing there). */
  private DatabaseConfig databaseConfig() {
    DatabaseConfig d = database.config(data);
    if (!d.isSqlite()
        && spec != null
        && spec.commandLine().getParseResult() != null
        && spec.commandLine().getParseResult().hasMatchedOption("--sqlite-sync")) {
      throw new InvalidInputException(
          "--sqlite-sync",
          "applies to a SQLite --database only (PostgreSQL's durability is the server's"
              + " synchronous_commit setting); leave it out with "
              + d.redactedUrl(),
          sqliteSync);
    }
    return d;
  }

  /** Starts the server; a PostgreSQL server that cannot be used is one line naming --database. */
  private static VernierServer startServer(
      ServerSettings settings, java.time.Clock clock, java.io.PrintStream log) throws Exception {
    try {
      return VernierServer.start(settings, clock, log);
    } catch (RuntimeException e) {
      throw DatabaseFailures.explain(e, settings.database());
    }
  }

  /**
   * The topics monitors may name: those matching {@code --kafka-topics}; without it, every topic of
   * the embedded broker (the service's own) and none of an external one.
   */
  static TopicAllowList topics(List<String> options, boolean embedded) {
    if (options.isEmpty()) {
      return embedded ? TopicAllowList.all() : TopicAllowList.none();
    }
    List<String> patterns = new ArrayList<>();
    for (String o : options) {
      patterns.addAll(splitPatterns(o));
    }
    return TopicAllowList.of(patterns);
  }

  /** Splits at the commas outside braces and brackets ({@code a{1,3},b} is two patterns). */
  static List<String> splitPatterns(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if ((c == '}' || c == ']') && depth > 0) {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }

  /** Whether {@code --sqlite-sync} asks for synchronous=FULL. */
  static boolean fullSync(String value) {
    return switch (value) {
      case "normal" -> false;
      case "full" -> true;
      default -> throw new InvalidInputException("--sqlite-sync", "must be normal or full", value);
    };
  }

  /** The Kafka client settings from --kafka-config and --kafka-bootstrap. */
  Map<String, Object> kafka() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (kafkaConfig != null) {
      java.util.Properties p = new java.util.Properties();
      try (var in = Files.newInputStream(kafkaConfig)) {
        p.load(in);
      } catch (java.io.IOException e) {
        throw new InvalidInputException(
            "--kafka-config", "must be a readable properties file", kafkaConfig.toString());
      }
      p.forEach((k, v) -> out.put(k.toString(), v.toString()));
    }
    if (kafkaBootstrap != null) {
      if (embeddedKafka) {
        throw new InvalidInputException(
            "--kafka-bootstrap", "cannot be combined with --embedded-kafka", kafkaBootstrap);
      }
      out.put("bootstrap.servers", kafkaBootstrap);
    }
    if (!out.isEmpty() && !out.containsKey("bootstrap.servers")) {
      throw new InvalidInputException(
          "--kafka-config", "must set bootstrap.servers (or give --kafka-bootstrap)", kafkaConfig);
    }
    return out;
  }

  /**
   * Starts (or starts again) the embedded broker on {@code data}/kafka; a folder of another cluster
   * is bad input: exit 2, naming --data.
   */
  static EmbeddedKafka embeddedKafka(Path data) {
    try {
      return EmbeddedKafka.start(data.resolve("kafka"));
    } catch (ForeignKafkaFolderException e) {
      throw new InvalidInputException(
          "--data",
          "must not hold another Kafka cluster's data in its kafka folder ("
              + e.reason()
              + "); use another --data folder, or remove "
              + e.folder()
              + " to start an empty broker (its topics, records and offsets are lost)",
          data.toString(),
          e);
    }
  }

  @Override
  public Integer call() throws Exception {
    ServerSettings settings = settings();
    EmbeddedKafka kafka = null;
    if (embeddedKafka) {
      kafka = embeddedKafka(data);
      settings = settings.withKafka(kafka.clientConfig());
      spec.commandLine().getOut().println("embedded Kafka broker at " + kafka.bootstrapServers());
    }
    try (EmbeddedKafka k = kafka;
        VernierServer server =
            startServer(
                settings,
                VernierCommand.clock(spec),
                new java.io.PrintStream(
                    new java.io.FileOutputStream(java.io.FileDescriptor.out), true))) {
      spec.commandLine().getOut().println("vernier serving " + server.url() + " (Ctrl-C to stop)");
      spec.commandLine().getOut().println("Dashboard: " + server.dashboardLink());
      spec.commandLine().getOut().flush();
      // stop the broker in the hook too: the JVM may halt before this thread's
      // try-with-resources gets to it, and a broker stopped cleanly restarts without recovery
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.close();
                    if (k != null) {
                      k.close();
                    }
                  }));
      server.awaitShutdown();
    }
    return 0;
  }
}
