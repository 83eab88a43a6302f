package dev.vernier.app.cli;

import dev.vernier.core.InvalidInputException;
import dev.vernier.kernels.Backends;
import dev.vernier.worker.bench.KernelBenchmark;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vernier bench ...}: benchmarks that print a table. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks that print a table (run by hand, never by the tests).",
    subcommands = {BenchCommand.Kernels.class})
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
        "sgemm GFLOP/s, k-means ms per Lloyd iteration (k=10) and MLP 784-256-10 seconds per",
        "SGD epoch (lr 0.1, batch 128) with test accuracy, per backend, on Fashion-MNIST.",
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
}
