package dev.vernier.app.cli;

import dev.vernier.app.server.ServerSettings;
import dev.vernier.app.server.VernierServer;
import dev.vernier.core.InvalidInputException;
import dev.vernier.kafka.embedded.EmbeddedKafka;
import dev.vernier.kernels.Backends;
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

  @Mixin StateOptions state;

  @Mixin KafkaOptions kafka;

  @Mixin RequestLimitOptions limits;

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
        StateOptions.stateDir(data),
        roots,
        slots,
        backend,
        tps,
        commands(commands),
        Duration.ofSeconds(heartbeatSeconds),
        Duration.ofSeconds(1),
        kafka.clientConfig(),
        state.fullSync(),
        kafka.topics(),
        limits.requestLimits(),
        state.databaseConfig(data),
        state.artifactsDir(),
        state.replicaId());
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

  @Override
  public Integer call() throws Exception {
    ServerSettings settings = settings();
    EmbeddedKafka broker = null;
    if (kafka.embeddedKafka) {
      broker = KafkaOptions.startEmbedded(data);
      settings = settings.withKafka(broker.clientConfig());
      spec.commandLine().getOut().println("embedded Kafka broker at " + broker.bootstrapServers());
    }
    try (EmbeddedKafka k = broker;
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
