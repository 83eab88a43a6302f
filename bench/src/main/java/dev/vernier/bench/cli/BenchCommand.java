package dev.vernier.bench.cli;

import dev.vernier.app.cli.DatabaseOptions;
import dev.vernier.bench.fleet.FleetBenchmark;
import dev.vernier.bench.kernels.KernelBenchmark;
import dev.vernier.core.InvalidInputException;
import dev.vernier.kernels.Backends;
import dev.vernier.platform.db.DatabaseConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vernier bench ...}: benchmarks that print a table. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks that print a table (run by hand, never by the tests).",
    subcommands = {
      BenchCommand.Kernels.class,
      BenchCommand.Strategies.class,
      BenchCommand.Fleet.class,
      BenchIngestCommand.class,
      BenchDecisionsCommand.class
    })
public final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code vernier bench kernels}. */
  @Command(
      name = "kernels",
      mixinStandardHelpOptions = true,
      description = {
        "gemm GFLOP/s, k-means ms per Lloyd iteration (k=10) and MLP 784-256-10 seconds per",
        "SGD epoch (lr 0.1, batch 128) with test accuracy, per backend and precision (fp32,",
        "bf16), on Fashion-MNIST.",
        "Compare with shared/peers (kmeans_sklearn.py, mlp_torch.py) in the same environment."
      })
  static final class Kernels implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--backend",
        split = ",",
        defaultValue = "cpu,java",
        description = "Backends to run (default: ${DEFAULT-VALUE}).")
    List<String> backends;

    @Option(names = "--threads", description = "Threads (default: the number of cores).")
    Integer threads;

    @Option(
        names = "--data",
        defaultValue = "/usr/share/datasets/fashion-mnist",
        description = "Fashion-MNIST IDX files (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(
        names = "--repeats",
        defaultValue = "3",
        description = "Repeats; the minimum is reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--kmeans-iterations", defaultValue = "20")
    int kmeansIterations;

    @Option(names = "--no-mlp", description = "Skip the MLP epoch.")
    boolean noMlp;

    @Option(
        names = "--java-mlp",
        description = "Also time the MLP on the java backend (slow: about a minute).")
    boolean javaMlp;

    @Override
    public Integer call() {
      if (!Files.isRegularFile(data.resolve("train-images-idx3-ubyte.gz"))) {
        throw new InvalidInputException(
            "--data",
            "must hold Fashion-MNIST's IDX files (apt-get install dataset-fashion-mnist)",
            data.toString());
      }
      if (repeats < 1) {
        throw new InvalidInputException("--repeats", "must be at least 1", repeats);
      }
      PrintWriter out = spec.commandLine().getOut();
      int t = threads == null ? Backends.defaultThreads() : threads;
      KernelBenchmark.Settings s =
          new KernelBenchmark.Settings(
              data, backends, t, repeats, kmeansIterations, !noMlp, javaMlp);
      KernelBenchmark.print(new KernelBenchmark(s, out).run(), out);
      return 0;
    }
  }

  /** {@code vernier bench strategies}: regret on synthetic functions and suggest latency. */
  @Command(
      name = "strategies",
      mixinStandardHelpOptions = true,
      description = {
        "Median regret of random, sobol and bayesian at budgets 25/50/100 over 5 seeds on Branin,",
        "Hartmann-3/6, Rosenbrock-4 and a mixed space, and bayesian suggest latency at 100/500/1000",
        "finished trials. Options: --seeds N --budgets 25,50,100 --functions all|f1,f2",
        "--strategies s1,s2 --latency-sizes 100,500,1000 --latency-reps N --no-latency.",
        "Compare with shared/peers/optuna_bench.py in the same environment."
      })
  static final class Strategies implements Callable<Integer> {
    @picocli.CommandLine.Unmatched List<String> args = new java.util.ArrayList<>();

    @Override
    public Integer call() {
      try {
        dev.vernier.bench.strategies.BenchmarkReport.main(args.toArray(String[]::new));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("bench strategies", e.getMessage(), String.join(" ", args));
      }
      return 0;
    }
  }

  /** {@code vernier bench fleet}: scheduling throughput. */
  @Command(
      name = "fleet",
      mixinStandardHelpOptions = true,
      description = {
        "Trials leased, heartbeated, reported and completed per second with a trivial objective,",
        "in process and over HTTP, on SQLite (default: a fresh file per transport) or on",
        "PostgreSQL (--database) with --replicas servers on that database, the workers spread",
        "round-robin over them. Compare with shared/peers/optuna_rdb.py on the same store",
        "(bench/fleet-postgres.sh runs both)."
      })
  static final class Fleet implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin DatabaseOptions database;

    @Option(names = "--trials", defaultValue = "2000")
    int trials;

    @Option(names = "--workers", defaultValue = "8")
    int workers;

    @Option(
        names = "--replicas",
        defaultValue = "1",
        description =
            "In-process servers on the --database, each on its own port (default:"
                + " ${DEFAULT-VALUE}; more than one needs PostgreSQL).")
    int replicas;

    @Option(
        names = "--heartbeats",
        defaultValue = "0",
        description =
            "Epoch heartbeats per trial (default: ${DEFAULT-VALUE}: a trivial objective).")
    int heartbeats;

    @Option(
        names = "--early-stopping",
        description =
            "The job stops trials by the median rule (earlyStopping auto): each heartbeat then"
                + " brings a decision over the job's curves (with --heartbeats).")
    boolean earlyStopping;

    @Option(
        names = "--warmup",
        defaultValue = "0",
        description =
            "Untimed trials run first on the same servers and transport, as a service that has"
                + " been up a while is warm (the Optuna peer runs 20; default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
        names = "--transport",
        split = ",",
        defaultValue = "in-process,http",
        description = "in-process, http or both (default: ${DEFAULT-VALUE}).")
    List<String> transports;

    @Override
    public Integer call() throws Exception {
      if (trials < 1 || trials > 10_000) {
        throw new InvalidInputException("--trials", "must be between 1 and 10000", trials);
      }
      if (workers < 1 || workers > 100) {
        throw new InvalidInputException("--workers", "must be between 1 and 100", workers);
      }
      if (heartbeats < 0 || heartbeats > 100) {
        throw new InvalidInputException("--heartbeats", "must be between 0 and 100", heartbeats);
      }
      for (String t : transports) {
        if (!t.equals("in-process") && !t.equals("http")) {
          throw new InvalidInputException(
              "--transport", "must be in-process, http or both (comma-separated)", t);
        }
      }
      if (warmup < 0 || warmup > 10_000) {
        throw new InvalidInputException("--warmup", "must be between 0 and 10000", warmup);
      }
      if (replicas < 1 || replicas > 16) {
        throw new InvalidInputException("--replicas", "must be between 1 and 16", replicas);
      }
      DatabaseConfig db = BenchDatabase.of(spec, database);
      if (replicas > 1 && (db == null || db.isSqlite())) {
        throw new InvalidInputException(
            "--replicas",
            "more than 1 needs a PostgreSQL --database (replicas share one database; SQLite is"
                + " one machine's)",
            replicas);
      }
      Path dir = Files.createTempDirectory("vernier-fleet-bench");
      try {
        PrintWriter out = spec.commandLine().getOut();
        FleetBenchmark.print(
            FleetBenchmark.run(
                dir,
                new FleetBenchmark.Settings(
                    db, replicas, trials, warmup, workers, heartbeats, transports, earlyStopping),
                out),
            out);
      } finally {
        Folders.delete(dir);
      }
      return 0;
    }
  }
}
