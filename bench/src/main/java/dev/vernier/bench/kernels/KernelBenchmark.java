package dev.vernier.bench.kernels;

import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.DatasetReaders;
import dev.vernier.kernels.Activation;
import dev.vernier.kernels.Backends;
import dev.vernier.kernels.FloatMatrix;
import dev.vernier.kernels.IntVector;
import dev.vernier.kernels.Kernels;
import dev.vernier.kernels.Precision;
import dev.vernier.worker.kmeans.Lloyd;
import dev.vernier.worker.kmeans.Seeding;
import dev.vernier.worker.nn.Evaluation;
import dev.vernier.worker.nn.Head;
import dev.vernier.worker.nn.Network;
import dev.vernier.worker.nn.NetworkConfig;
import dev.vernier.worker.nn.NetworkTraining;
import dev.vernier.worker.nn.Optimizer;
import dev.vernier.worker.nn.Targets;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The kernel benchmark on Fashion-MNIST (60000 x 784 float32), set up as the peers in {@code
 * shared/peers/} are: gemm GFLOP/s (n x n x n); k-means (k=10, k-means++ from seed 0) milliseconds
 * per Lloyd iteration, the fused assignment plus the centre update; a 784-256-10 ReLU MLP, SGD lr
 * 0.1, batch 128, seconds for one epoch's training loop (data already in memory) and test accuracy
 * after it. Each backend gets one row per {@link Precision}: the gemm and the MLP's products in
 * that precision (k-means has no bf16 variant). Timings are minima over repeats, the precisions
 * taking turns in each repeat: noise on a shared machine only adds time.
 */
public final class KernelBenchmark {
  /** What to run. */
  public record Settings(
      Path dataDir,
      List<String> backends,
      int threads,
      int repeats,
      int kmeansIterations,
      boolean mlp,
      boolean javaMlp) {}

  /** One backend's figures in one precision; NaN where skipped. */
  public record Row(
      String backend,
      Precision precision,
      String description,
      int gemmSize,
      double gemmGflops,
      double kmeansMsPerIter,
      double mlpSecondsPerEpoch,
      double mlpTestAccuracy) {}

  private final Settings s;
  private final PrintWriter log;

  public KernelBenchmark(Settings s, PrintWriter log) {
    this.s = s;
    this.log = log;
  }

  public List<Row> run() {
    Dataset train =
        DatasetReaders.read(
            s.dataDir().resolve("train-images-idx3-ubyte.gz"),
            s.dataDir().resolve("train-labels-idx1-ubyte.gz"));
    Dataset test =
        DatasetReaders.read(
            s.dataDir().resolve("t10k-images-idx3-ubyte.gz"),
            s.dataDir().resolve("t10k-labels-idx1-ubyte.gz"));
    List<Row> rows = new ArrayList<>();
    for (String b : s.backends()) {
      try (Kernels k = Backends.open(b, s.threads())) {
        log.println("running " + k.description());
        log.flush();
        boolean isJava = k.name().equals("java");
        int n = isJava ? 1024 : 2048;
        double[] gflops = gemm(k, n);
        double kmeans = kmeans(k, train);
        double[][] mlp =
            s.mlp() && (!isJava || s.javaMlp())
                ? mlp(k, train, test)
                : new double[][] {{Double.NaN, Double.NaN}, {Double.NaN, Double.NaN}};
        for (Precision p : Precision.values()) {
          int i = p.ordinal();
          rows.add(
              new Row(
                  k.name(),
                  p,
                  k.description(),
                  n,
                  gflops[i],
                  p == Precision.FP32 ? kmeans : Double.NaN,
                  mlp[i][0],
                  mlp[i][1]));
        }
      }
    }
    return rows;
  }

  /** GFLOP/s of an n x n x n product, per {@link Precision} (by ordinal). */
  private double[] gemm(Kernels k, int n) {
    SplittableRandom r = new SplittableRandom(1);
    float[] v = new float[n * n];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble(-1, 1);
    }
    Precision[] ps = Precision.values();
    double[] best = new double[ps.length];
    Arrays.fill(best, Double.MAX_VALUE);
    try (FloatMatrix a = k.upload(v, n, n);
        FloatMatrix b = k.upload(v, n, n);
        FloatMatrix c = k.matrix(n, n)) {
      for (Precision p : ps) {
        k.gemm(false, false, 1f, a, b, 0f, c, p);
      }
      for (int i = 0; i < s.repeats(); i++) {
        for (Precision p : ps) {
          long t0 = System.nanoTime();
          k.gemm(false, false, 1f, a, b, 0f, c, p);
          best[p.ordinal()] = Math.min(best[p.ordinal()], (System.nanoTime() - t0) / 1e9);
        }
      }
    }
    double[] gflops = new double[ps.length];
    for (int i = 0; i < ps.length; i++) {
      gflops[i] = 2.0 * n * n * (double) n / best[i] / 1e9;
    }
    return gflops;
  }

  private double kmeans(Kernels k, Dataset train) {
    int kc = 10;
    int d = train.cols();
    try (FloatMatrix x = k.upload(train.features(), train.rows(), d);
        IntVector labels = k.ints(train.rows());
        FloatMatrix sums = k.matrix(kc, d);
        FloatMatrix counts = k.matrix(kc, 1)) {
      float[] start = Seeding.kmeansPlusPlus(k, x, train, kc, new SplittableRandom(0));
      float[] sumHost = new float[kc * d];
      float[] countHost = new float[kc];
      double best = Double.MAX_VALUE;
      for (int rep = 0; rep < s.repeats(); rep++) {
        float[] centres = start.clone();
        try (FloatMatrix c = k.upload(centres, kc, d)) {
          k.kmeansAssign(x, c, labels, sums, counts); // warm-up
          long t0 = System.nanoTime();
          for (int it = 0; it < s.kmeansIterations(); it++) {
            k.kmeansAssign(x, c, labels, sums, counts);
            sums.copyTo(sumHost, 0);
            counts.copyTo(countHost, 0);
            Lloyd.updateCentres(centres, sumHost, countHost, d);
            c.copyFrom(centres, 0);
          }
          best = Math.min(best, (System.nanoTime() - t0) / 1e6 / s.kmeansIterations());
        }
      }
      return best;
    }
  }

  /**
   * Seconds per epoch and test accuracy after it (of the first repeat), per {@link Precision} (by
   * ordinal); the precisions take turns within each repeat, from the same seed and order.
   */
  private double[][] mlp(Kernels k, Dataset train, Dataset test) {
    Precision[] ps = Precision.values();
    double[][] out = new double[ps.length][];
    for (Precision p : ps) {
      out[p.ordinal()] = new double[] {Double.MAX_VALUE, Double.NaN};
    }
    try (FloatMatrix x = k.upload(train.features(), train.rows(), train.cols());
        FloatMatrix xt = k.upload(test.features(), test.rows(), test.cols());
        Targets y = Targets.classes(train.classLabels(10, "classes"), k);
        Targets yt = Targets.classes(test.classLabels(10, "classes"), k)) {
      int[] order = new int[train.rows()];
      for (int rep = 0; rep < s.repeats(); rep++) {
        // a method call of its own, so the JIT does not recompile mlp() around the loop
        NetworkTraining.permute(order, new SplittableRandom(rep));
        for (Precision p : ps) {
          double[] r = out[p.ordinal()];
          try (Network net = Network.init(k, mlpConfig(p), rep)) {
            long t0 = System.nanoTime();
            net.trainEpoch(x, y, order);
            r[0] = Math.min(r[0], (System.nanoTime() - t0) / 1e9);
            Evaluation ev = net.evaluate(xt, yt);
            r[1] = rep == 0 ? ev.accuracy() : r[1];
          }
        }
      }
    }
    return out;
  }

  private static NetworkConfig mlpConfig(Precision p) {
    return new NetworkConfig(
        784,
        new int[] {256},
        Activation.RELU,
        10,
        Head.SOFTMAX,
        Optimizer.SGD,
        0.1f,
        0f,
        0f,
        128,
        1,
        false,
        p);
  }

  /** The table, as Markdown. */
  public static void print(List<Row> rows, PrintWriter out) {
    out.println();
    out.println(
        "| backend | precision | gemm n | gemm GFLOP/s | k-means ms/iter (k=10) | MLP s/epoch"
            + " | MLP test acc |");
    out.println("|---|---|---|---|---|---|---|");
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          "| %s | %s | %d | %.1f | %s | %s | %s |%n",
          r.backend(),
          r.precision().label(),
          r.gemmSize(),
          r.gemmGflops(),
          Double.isNaN(r.kmeansMsPerIter())
              ? "-"
              : String.format(Locale.ROOT, "%.2f", r.kmeansMsPerIter()),
          Double.isNaN(r.mlpSecondsPerEpoch())
              ? "skipped"
              : String.format(Locale.ROOT, "%.3f", r.mlpSecondsPerEpoch()),
          Double.isNaN(r.mlpTestAccuracy())
              ? "skipped"
              : String.format(Locale.ROOT, "%.4f", r.mlpTestAccuracy()));
    }
    out.println();
    rows.stream().map(Row::description).distinct().forEach(d -> out.println("  " + d));
    out.println(
        "  OPENBLAS_CORETYPE="
            + System.getenv("OPENBLAS_CORETYPE")
            + " OPENBLAS_L2_SIZE="
            + System.getenv("OPENBLAS_L2_SIZE")
            + " OPENBLAS_NUM_THREADS="
            + System.getenv("OPENBLAS_NUM_THREADS"));
    out.flush();
  }
}
