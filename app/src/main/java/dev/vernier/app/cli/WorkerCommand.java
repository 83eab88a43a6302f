package dev.vernier.app.cli;

import dev.vernier.app.fleet.ApiClient;
import dev.vernier.app.fleet.HttpFleetClient;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import dev.vernier.kernels.Backends;
import dev.vernier.worker.runtime.TrialListener;
import dev.vernier.worker.runtime.WorkerRuntime;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
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
      description =
          "The service's URL, e.g. http://tuner:8080. Repeatable, or several separated by commas:"
              + " replicas of one service; the worker talks to one and moves to the next when it"
              + " cannot be reached.")
  List<String> servers = new ArrayList<>();

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
    for (Path root : dataRoots) {
      if (!java.nio.file.Files.isDirectory(root)) {
        // a root that is not there would refuse every trial later, each with a puzzling reason
        throw new dev.vernier.core.InvalidInputException(
            "--data-root",
            java.nio.file.Files.exists(root) ? "must be a folder" : "no such folder",
            root.toString());
      }
    }
    if (java.nio.file.Files.exists(workDir) && !java.nio.file.Files.isDirectory(workDir)) {
      throw new dev.vernier.core.InvalidInputException(
          "--work-dir", "must be a folder (a file of that name exists)", workDir.toString());
    }
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
    PrintWriter out = spec.commandLine().getOut();
    ConsoleLines lines = new ConsoleLines(out);
    ApiClient api = new ApiClient(servers, token, m -> lines.line("worker " + n + ": " + m));
    try (WorkerRuntime w =
        new WorkerRuntime(new HttpFleetClient(api), s, VernierCommand.clock(spec), lines)) {
      // the slots print through the same writer: the joined line comes first
      synchronized (out) {
        w.start();
        out.println(
            "worker "
                + n
                + " joined "
                + stripSlash(api.server().toString())
                + " with "
                + slots
                + " slot(s)");
        out.flush();
      }
      Thread.currentThread().join();
    }
    return 0;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** One line when a trial starts and one when it ends; slots print from their own threads. */
  static final class ConsoleLines implements TrialListener {
    private final PrintWriter out;

    ConsoleLines(PrintWriter out) {
      this.out = out;
    }

    private void line(String s) {
      synchronized (out) {
        out.println(s);
        out.flush();
      }
    }

    static String name(TrialAssignment a) {
      return "trial " + a.jobId() + "/" + a.trialNumber();
    }

    @Override
    public void started(TrialAssignment a) {
      line(
          name(a)
              + " started"
              + (a.attempt() > 0 ? " (attempt " + (a.attempt() + 1) + ")" : "")
              + ": "
              + (a.algorithm() != null ? a.algorithm() : a.command())
              + " "
              + new java.util.TreeMap<>(a.hyperparameters()));
    }

    @Override
    public void ended(TrialAssignment a, TrialReport r) {
      line(
          name(a)
              + " "
              + r.outcome()
              + (r.objective() != null ? ": " + a.objectiveMetric() + " " + r.objective() : "")
              + (r.reason() != null && !r.reason().isBlank() ? " (" + r.reason() + ")" : ""));
    }

    @Override
    public void abandoned(TrialAssignment a, String reason) {
      line(name(a) + " abandoned: " + reason);
    }
  }
}
