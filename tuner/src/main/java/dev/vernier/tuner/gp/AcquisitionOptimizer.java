package dev.vernier.tuner.gp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Maximises expected improvement over the encoded search space: uniform random candidates first,
 * then local searches (perturb, keep the better, halve the step when nothing improves) run side by
 * side from the best candidates and from the best observed points. Categoricals move between
 * one-hot vertices and integers between cell centres, so every evaluated point is a configuration.
 *
 * <p>On a large model the search scores points with the exact mean and the variance given the
 * nearest observations only ({@link Posterior#predictLocal}), and then ranks its best points again
 * with the exact variance. The work is fixed by {@link Budget}, never by the clock, so results are
 * reproducible. Not thread-safe.
 */
public final class AcquisitionOptimizer {

  /**
   * How much work to spend.
   *
   * @param randomCandidates uniform random candidates
   * @param localStarts how many of the best random candidates a local search starts from (the best
   *     observed points are starts too)
   * @param localSteps iterations of each local search
   * @param localBatch perturbations per search per iteration
   * @param nearest 0 for exact variances throughout; else the number of nearest observations scored
   *     variances use before the final exact ranking
   * @param exactFinal how many of the best points are ranked again exactly when {@code nearest > 0}
   */
  public record Budget(
      int randomCandidates,
      int localStarts,
      int localSteps,
      int localBatch,
      int nearest,
      int exactFinal) {

    /** Models larger than this are searched with nearest-observation variances. */
    static final int EXACT_MAX = 200;

    /**
     * A budget that keeps one proposal's cost roughly flat as the model grows: the exact variance
     * costs {@code O(n²)} per point, so past {@link #EXACT_MAX} observations the search scores with
     * the 16 nearest and ranks its best 16 points exactly.
     */
    public static Budget forModelSize(int n) {
      if (n <= EXACT_MAX) {
        return new Budget(384, 4, 8, 8, 0, 0);
      }
      return new Budget(256, 3, 6, 8, 16, 16);
    }
  }

  /** A scored point of the encoded space. */
  public record Candidate(double[] x, double logEi, double mean, double sd) {}

  /** Best (largest log EI) first; ties broken by the coordinates so the order is total. */
  private static final Comparator<Candidate> BY_VALUE =
      Comparator.comparingDouble((Candidate c) -> -c.logEi())
          .thenComparing(Candidate::x, Arrays::compare);

  private final Posterior gp;
  private final SpaceEncoding encoding;
  private final double best;
  private final int dim;
  private double[] mean = new double[0];
  private double[] var = new double[0];

  /**
   * @param best the incumbent target the improvement is measured from
   */
  public AcquisitionOptimizer(Posterior gp, SpaceEncoding encoding, double best) {
    this.gp = gp;
    this.encoding = encoding;
    this.best = best;
    this.dim = encoding.dimension();
  }

  /**
   * The evaluated candidates, best first ({@code limit} at most, distinct points).
   *
   * @param incumbents encoded points (one after another) to start local searches from as well
   */
  public List<Candidate> maximise(
      Budget budget, double[] incumbents, int incumbentCount, SplittableRandom rng, int limit) {
    List<Candidate> all = new ArrayList<>();
    int nr = budget.randomCandidates();
    double[] xs = new double[nr * dim];
    for (int c = 0; c < nr; c++) {
      encoding.random(rng, xs, c * dim);
    }
    evaluate(xs, nr, budget.nearest(), all);
    all.sort(BY_VALUE);

    // local searches, all advanced together so each step is one batched prediction
    int starts = Math.min(budget.localStarts(), all.size()) + incumbentCount;
    Candidate[] current = new Candidate[starts];
    for (int i = 0; i < Math.min(budget.localStarts(), all.size()); i++) {
      current[i] = all.get(i);
    }
    if (incumbentCount > 0) {
      List<Candidate> inc = new ArrayList<>(incumbentCount);
      evaluate(incumbents, incumbentCount, budget.nearest(), inc);
      for (int i = 0; i < incumbentCount; i++) {
        current[starts - incumbentCount + i] = inc.get(i);
      }
      all.addAll(inc);
    }
    double[] step = new double[starts];
    Arrays.fill(step, 0.1);
    double pMove = Math.min(1.0, 2.0 / encoding.parameters());
    int lb = budget.localBatch();
    double[] batch = new double[starts * lb * dim];
    for (int it = 0; it < budget.localSteps(); it++) {
      for (int s = 0; s < starts; s++) {
        for (int b = 0; b < lb; b++) {
          encoding.perturb(current[s].x(), 0, batch, (s * lb + b) * dim, step[s], pMove, rng);
        }
      }
      List<Candidate> got = new ArrayList<>(starts * lb);
      evaluate(batch, starts * lb, budget.nearest(), got);
      all.addAll(got);
      for (int s = 0; s < starts; s++) {
        Candidate top = got.subList(s * lb, (s + 1) * lb).stream().min(BY_VALUE).orElseThrow();
        if (top.logEi() > current[s].logEi()) {
          current[s] = top;
        } else {
          step[s] *= 0.5;
        }
      }
    }
    List<Candidate> ranked = distinct(all, budget.nearest() > 0 ? budget.exactFinal() : limit);
    if (budget.nearest() > 0) {
      double[] top = new double[ranked.size() * dim];
      for (int i = 0; i < ranked.size(); i++) {
        System.arraycopy(ranked.get(i).x(), 0, top, i * dim, dim);
      }
      List<Candidate> exact = new ArrayList<>(ranked.size());
      evaluate(top, ranked.size(), 0, exact);
      exact.sort(BY_VALUE);
      ranked = new ArrayList<>(exact);
      for (Candidate c : distinct(all, limit)) { // the rest, for callers skipping tried points
        if (ranked.size() >= limit) {
          break;
        }
        if (ranked.stream().noneMatch(r -> Arrays.equals(r.x(), c.x()))) {
          ranked.add(c);
        }
      }
    }
    return ranked;
  }

  private static List<Candidate> distinct(List<Candidate> all, int limit) {
    all.sort(BY_VALUE);
    List<Candidate> out = new ArrayList<>(limit);
    for (Candidate c : all) {
      if (out.size() >= limit) {
        break;
      }
      if (out.isEmpty() || !Arrays.equals(out.get(out.size() - 1).x(), c.x())) {
        out.add(c);
      }
    }
    return out;
  }

  private void evaluate(double[] xs, int count, int nearest, List<Candidate> out) {
    if (mean.length < count) {
      mean = new double[count];
      var = new double[count];
    }
    if (nearest > 0) {
      gp.predictLocal(xs, count, mean, var, nearest);
    } else {
      gp.predict(xs, count, mean, var);
    }
    for (int c = 0; c < count; c++) {
      double sd = Math.sqrt(var[c]);
      out.add(
          new Candidate(
              Arrays.copyOfRange(xs, c * dim, (c + 1) * dim),
              ExpectedImprovement.logEi(mean[c], sd, best),
              mean[c],
              sd));
    }
  }
}
