package dev.vernier.app.cli;

import dev.vernier.app.fleet.ApiClient;
import dev.vernier.app.fleet.HttpFleetClient;
import dev.vernier.kernels.Backends;
import dev.vernier.worker.runtime.WorkerRuntime;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vernier worker}: runs trials for a remote service. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = "Joins a Vernier service's fleet and runs trials on this machine.")
public final class WorkerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--server",
      required = true,
      description = "The service's URL, e.g. http://tuner:8080.")
  String server;

  @Option(
      names = "--token",
      defaultValue = "${env:VERNIER_TOKEN}",
      description = "A worker (or admin) token; default: $VERNIER_TOKEN.")
  String token;

  @Option(names = "--name", description = "This worker's name (default: the host name).")
  String name;

  @Option(
      names = "--slots",
      defaultValue = "1",
      description = "Trials run at once (default: ${DEFAULT-VALUE}).")
  int slots;

  @Option(names = "--backend", defaultValue = "auto")
  String backend;

  @Option(
      names = "--threads-per-slot",
      description = "Kernel threads per slot (default: cores / slots).")
  Integer threadsPerSlot;

  @Option(
      names = "--work-dir",
      defaultValue = "vernier-worker",
      description = "Where trials write their files (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(
      names = "--command",
      description =
          "A training command this worker may run: name=/path/to/executable [args]. Repeatable.")
  List<String> commands = new ArrayList<>();

  @Option(
      names = "--data-root",
      description =
          "A folder this worker may read channel files from (links are resolved and must stay"
              + " under one). Repeatable. Without it, channels are read wherever their paths point.")
  List<Path> dataRoots = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    String n = name != null ? name : InetAddress.getLocalHost().getHostName();
    int tps =
        threadsPerSlot != null
            ? threadsPerSlot
            : Math.max(1, Backends.defaultThreads() / Math.max(1, slots));
    WorkerRuntime.Settings s =
        new WorkerRuntime.Settings(
            n,
            slots,
            backend,
            tps,
            workDir,
            Duration.ofMillis(500),
            ServeCommand.commands(commands),
            dataRoots);
    try (WorkerRuntime w =
        new WorkerRuntime(
            new HttpFleetClient(new ApiClient(server, token)), s, Clock.systemUTC())) {
      w.start();
      spec.commandLine()
          .getOut()
          .println("worker " + n + " joined " + server + " with " + slots + " slot(s)");
      spec.commandLine().getOut().flush();
      Thread.currentThread().join();
    }
    return 0;
  }
}
