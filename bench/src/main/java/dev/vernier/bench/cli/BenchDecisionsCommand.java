package dev.vernier.bench.cli;

import dev.vernier.bench.decisions.CurveFile;
import dev.vernier.bench.decisions.DecisionBenchmark;
import dev.vernier.bench.decisions.DecisionReport;
import dev.vernier.core.InvalidInputException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vernier bench decisions}: issue 17's table of tuning decisions on Fashion-MNIST. */
@Command(
    name = "decisions",
    mixinStandardHelpOptions = true,
    description = {
      "ASHA vs random (16 x 9 epochs), the median rule vs off (random 16 x 9) and warm start",
      "identical-data and transfer (bayesian 12 x 3) with the MLP on Fashion-MNIST, run as jobs on",
      "an in-process service with 2 slots; counts epochs and trials, prints per-seed rows and the",
      "goals with PASS/MISS. Slow: --quick trains on 10,000 rows (validation 5,000)."
    })
final class BenchDecisionsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--seeds",
      defaultValue = "5",
      description = "How many seeds, from --first-seed on (default: 5).")
  int seeds;

  @Option(
      names = "--first-seed",
      defaultValue = "1",
      description =
          "The first seed (default: 1): e.g. 6 with --seeds 5 runs seeds 6-10, held out from"
              + " settings chosen on seeds 1-5.")
  long firstSeed;

  @Option(
      names = "--quick",
      description = "Train on the first 10,000 rows, validate on the first 5,000 test rows.")
  boolean quick;

  @Option(
      names = "--only",
      split = ",",
      description = "Lines to run: asha, median, warm-identical, warm-transfer (default: all).")
  List<String> only;

  @Option(
      names = "--data",
      defaultValue = "/usr/share/datasets/fashion-mnist",
      description = "Fashion-MNIST IDX files (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--out", description = "Also write the tables as markdown to this file.")
  Path out;

  @Option(
      names = "--curves",
      description =
          "Also write every trial's epochs (job, seed, trial, state, started, epoch, accuracy,"
              + " recorded) as CSV to this file, for MedianReplay (bench/decisions).")
  Path curves;

  /** The lines chosen, checked. */
  Set<String> lines() {
    if (seeds < 1 || seeds > 100) {
      throw new InvalidInputException("--seeds", "must be between 1 and 100", seeds);
    }
    if (firstSeed < 1 || firstSeed > 1_000) {
      // a parent's seed is the job's + 1000: seeds above 1000 would share their parents' seeds
      throw new InvalidInputException("--first-seed", "must be between 1 and 1000", firstSeed);
    }
    if (only == null || only.isEmpty()) {
      return new LinkedHashSet<>(DecisionBenchmark.LINES);
    }
    Set<String> s = new LinkedHashSet<>();
    for (String l : only) {
      String v = l.trim().toLowerCase(Locale.ROOT);
      if (!DecisionBenchmark.LINES.contains(v)) {
        throw new InvalidInputException(
            "--only", "must name lines among " + String.join(", ", DecisionBenchmark.LINES), l);
      }
      s.add(v);
    }
    return s;
  }

  @Override
  public Integer call() throws Exception {
    Set<String> lines = lines();
    if (!Files.isRegularFile(data.resolve("train-images-idx3-ubyte.gz"))) {
      throw new InvalidInputException(
          "--data",
          "must hold Fashion-MNIST's IDX files (apt-get install dataset-fashion-mnist)",
          data.toString());
    }
    PrintWriter w = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("vernier-decisions-bench");
    long t0 = System.nanoTime();
    DecisionReport.Results r;
    try (PrintWriter c =
        curves == null ? null : new PrintWriter(Files.newBufferedWriter(curves), true)) {
      if (c != null) {
        c.println(CurveFile.HEADER);
      }
      r = DecisionBenchmark.run(data, dir, quick, firstSeed, seeds, lines, w, c);
    } finally {
      deleteTree(dir);
    }
    String setting =
        String.format(
            Locale.ROOT,
            "%s, seeds %d-%d, %s, 2 slots, %.0f s wall",
            quick
                ? "--quick (10,000 training rows, 5,000 validation rows)"
                : "full (60,000/10,000)",
            firstSeed,
            firstSeed + seeds - 1,
            String.join(", ", lines),
            (System.nanoTime() - t0) / 1e9);
    String md = DecisionReport.markdown(r, setting);
    w.println();
    w.print(md);
    w.flush();
    if (out != null) {
      Files.writeString(out, md);
    }
    return 0;
  }

  /** Removes the run's data files and service state (tens of MiB per run). */
  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
