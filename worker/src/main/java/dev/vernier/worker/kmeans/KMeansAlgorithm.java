package dev.vernier.worker.kmeans;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.AlgorithmSpec;
import dev.vernier.core.catalog.Direction;
import dev.vernier.core.catalog.HyperparameterSpec;
import dev.vernier.core.catalog.Hyperparameters;
import dev.vernier.core.catalog.MetricSpec;
import dev.vernier.core.data.Dataset;
import dev.vernier.core.space.CategoricalRange;
import dev.vernier.core.space.ContinuousRange;
import dev.vernier.core.space.IntegerRange;
import dev.vernier.core.space.Scaling;
import dev.vernier.kernels.Assignment;
import dev.vernier.kernels.FloatMatrix;
import dev.vernier.kernels.IntVector;
import dev.vernier.kernels.Kernels;
import dev.vernier.worker.algorithm.Algorithm;
import dev.vernier.worker.algorithm.Directive;
import dev.vernier.worker.algorithm.EpochReport;
import dev.vernier.worker.algorithm.FeatureDim;
import dev.vernier.worker.algorithm.Model;
import dev.vernier.worker.algorithm.TrainingResult;
import dev.vernier.worker.algorithm.TrainingRun;
import dev.vernier.worker.artifact.ModelArtifact;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * k-means clustering: k-means++ (greedy, as scikit-learn) or random initialisation, then Lloyd
 * iterations, each one fused pass over the data ({@link Kernels#kmeansAssign}). One reported epoch
 * is one Lloyd iteration; its metrics are measured against the centres the iteration starts from.
 * Stops at {@code max_iterations}, when no label changes, or when the mean squared distance
 * improves by less than {@code tol} (relative). An empty cluster keeps its centre.
 */
public final class KMeansAlgorithm implements Algorithm {
  static final String NAME = "kmeans";

  private static final AlgorithmSpec SPEC =
      new AlgorithmSpec(
          NAME,
          "k-means clustering (k-means++ init, Lloyd iterations)",
          List.of(
              new HyperparameterSpec(
                  "k",
                  new IntegerRange(1, 100_000, Scaling.LOGARITHMIC),
                  null,
                  true,
                  "number of clusters"),
              FeatureDim.spec(),
              new HyperparameterSpec(
                  "max_iterations",
                  IntegerRange.linear(1, 10_000),
                  100L,
                  false,
                  "Lloyd iterations at most"),
              new HyperparameterSpec(
                  "tol",
                  ContinuousRange.linear(0, 1),
                  1e-4,
                  true,
                  "stop when the mean squared distance improves by less than this fraction"),
              new HyperparameterSpec(
                  "init_method",
                  CategoricalRange.of("kmeans++", "random"),
                  "kmeans++",
                  true,
                  "kmeans++: greedy k-means++ seeding; random: k distinct rows")),
          List.of(
              new MetricSpec(
                  "train:msd",
                  Direction.MINIMIZE,
                  "mean squared distance of training rows to their centre"),
              new MetricSpec(
                  "validation:msd",
                  Direction.MINIMIZE,
                  "mean squared distance of validation rows to the nearest centre")));

  @Override
  public AlgorithmSpec spec() {
    return SPEC;
  }

  @Override
  public TrainingResult train(TrainingRun run) {
    Hyperparameters hp = run.hyperparameters();
    Dataset train = run.train();
    FeatureDim.check(hp, train);
    int kc = hp.getInt("k");
    if (kc > train.rows()) {
      throw new InvalidInputException(
          "k", "must not exceed the number of training rows (" + train.rows() + ")", kc);
    }
    int d = train.cols();
    int maxIter = hp.getInt("max_iterations");
    double tol = hp.getDouble("tol");
    Kernels k = run.kernels();
    List<EpochReport> reports = new ArrayList<>();
    boolean stopped = false;
    try (FloatMatrix x = k.upload(train.features(), train.rows(), d);
        FloatMatrix xv = k.upload(run.validation().features(), run.validation().rows(), d);
        IntVector labels = k.ints(train.rows());
        IntVector vlabels = k.ints(run.validation().rows());
        FloatMatrix sums = k.matrix(kc, d);
        FloatMatrix counts = k.matrix(kc, 1)) {
      labels.copyFrom(filled(train.rows(), -1), 0);
      SplittableRandom rnd = new SplittableRandom(run.seed());
      float[] centres =
          "random".equals(hp.getString("init_method"))
              ? Seeding.random(train, kc, rnd)
              : Seeding.kmeansPlusPlus(k, x, train, kc, rnd);
      float[] sumHost = new float[kc * d];
      float[] countHost = new float[kc];
      double prevMsd = Double.POSITIVE_INFINITY;
      float[] kept = null; // objective aggregation best: the kept iteration's centres
      int keptEpoch = 0;
      try (FloatMatrix c = k.upload(centres, kc, d)) {
        for (int iter = 1; iter <= maxIter; iter++) {
          long t0 = System.nanoTime();
          // both figures are measured against the centres this iteration starts from
          Assignment av = k.kmeansAssign(xv, c, vlabels, sums, counts);
          Assignment a = k.kmeansAssign(x, c, labels, sums, counts);
          sums.copyTo(sumHost, 0);
          counts.copyTo(countHost, 0);
          Lloyd.updateCentres(centres, sumHost, countHost, d);
          c.copyFrom(centres, 0);
          double msd = a.inertia() / train.rows();
          Map<String, Double> m = new LinkedHashMap<>();
          m.put("train:msd", msd);
          m.put("validation:msd", av.inertia() / run.validation().rows());
          EpochReport r = new EpochReport(iter, m, (System.nanoTime() - t0) / 1e9);
          reports.add(r);
          Directive directive = run.reporter().report(r);
          if (run.reporter().keepModel(r)) {
            // the centres as they stand after this iteration, as the final model is the last's
            kept = centres.clone();
            keptEpoch = iter;
          }
          if (a.changed() == 0 || (iter > 1 && prevMsd - msd <= tol * prevMsd)) {
            break; // converged
          }
          if (directive == Directive.STOP && iter < maxIter) {
            stopped = true;
            break;
          }
          prevMsd = msd;
        }
      }
      return kept == null
          ? new TrainingResult(new KMeansModel(centres, kc, d), reports, stopped)
          : new TrainingResult(new KMeansModel(kept, kc, d), reports, stopped, keptEpoch);
    }
  }

  private static int[] filled(int n, int v) {
    int[] a = new int[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  @Override
  public Model load(ModelArtifact artifact) {
    var t = artifact.tensors().get("centres");
    return new KMeansModel(t.values(), t.rows(), t.cols());
  }
}
