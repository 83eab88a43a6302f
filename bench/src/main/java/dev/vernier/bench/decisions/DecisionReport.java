package dev.vernier.bench.decisions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The decision benchmark's figures and its markdown tables: per-seed rows for each line, then one
 * summary row per line with the goal beside the figure and PASS or MISS. Objectives are accuracies
 * in [0, 1]; "pt" is a percentage point (0.01). Pure: no job runs here.
 */
public final class DecisionReport {
  /** Half a percentage point: the tolerance the goals allow. */
  static final double HALF_PT = 0.005;

  /**
   * ASHA ({@code hyperband}) against {@code random} without stopping, same seed.
   *
   * @param epochsToTarget epochs ASHA had trained (all trials, in the order reported) when a trial
   *     of its first reached random's best minus 0.5 pt; null if none did
   */
  public record AshaSeed(
      long seed,
      double randomBest,
      int randomEpochs,
      double ashaBest,
      int ashaEpochs,
      Integer epochsToTarget) {
    /** ASHA's epochs to the target over random's epochs; infinite when never reached. */
    double ratio() {
      return epochsToTarget == null
          ? Double.POSITIVE_INFINITY
          : epochsToTarget / (double) randomEpochs;
    }

    boolean pass() {
      return ratio() <= 0.5;
    }
  }

  /** {@code random} with the median rule ({@code auto}) against {@code off}, same seed. */
  public record MedianSeed(
      long seed, double offBest, int offEpochs, double autoBest, int autoEpochs) {
    double saved() {
      return 1 - autoEpochs / (double) offEpochs;
    }

    double bestDiffPt() {
      return (autoBest - offBest) * 100;
    }

    boolean pass() {
      return saved() >= 0.30 && autoBest >= offBest - HALF_PT - 1e-12;
    }
  }

  /**
   * A warm-started {@code bayesian} job against the cold one, same seed and data.
   *
   * @param coldTrialsToBest the cold job's trial (1-based, in number order) that reached its best
   * @param warmTrialsToColdBest the warm job's own trials until one reached the cold job's best;
   *     null if none did
   * @param coldConfirmed the cold job's best configuration trained again with {@link
   *     DecisionBenchmark#CONFIRM_SEEDS} seeds none of its trials had: the mean objective (a job's
   *     best is also its luckiest seed, and seeds of one configuration differ by up to 12 pt here);
   *     NaN when not measured
   * @param warmConfirmed the same for the warm job's best configuration
   */
  public record WarmSeed(
      long seed,
      double coldBest,
      int coldTrials,
      int coldTrialsToBest,
      double warmBest,
      int warmTrials,
      Integer warmTrialsToColdBest,
      double coldFirst,
      double warmFirst,
      double coldConfirmed,
      double warmConfirmed) {
    double ratio() {
      return warmTrialsToColdBest == null
          ? Double.POSITIVE_INFINITY
          : warmTrialsToColdBest / (double) coldTrials;
    }

    boolean pass() {
      return ratio() <= 0.5;
    }
  }

  /** Everything measured; lists empty for lines not run. */
  public record Results(
      List<AshaSeed> asha,
      List<MedianSeed> median,
      List<WarmSeed> warmIdentical,
      List<WarmSeed> warmTransfer) {}

  private DecisionReport() {}

  /** The per-seed tables and the summary, as markdown. */
  public static String markdown(Results r, String setting) {
    StringBuilder b = new StringBuilder();
    b.append("Decision benchmark: ").append(setting).append("\n\n");
    if (!r.asha().isEmpty()) {
      b.append("ASHA vs random, 16 trials x 9 epochs\n\n");
      b.append("| seed | random best | random epochs | ASHA best | ASHA epochs |")
          .append(" ASHA epochs to random's best - 0.5 pt | x random's epochs | goal <= 0.5x |\n");
      b.append("|---|---|---|---|---|---|---|---|\n");
      for (AshaSeed s : r.asha()) {
        b.append(
            f(
                "| %d | %.4f | %d | %.4f | %d | %s | %s | %s |%n",
                s.seed(),
                s.randomBest(),
                s.randomEpochs(),
                s.ashaBest(),
                s.ashaEpochs(),
                s.epochsToTarget() == null ? "never" : s.epochsToTarget().toString(),
                ratio(s.ratio()),
                verdict(s.pass())));
      }
      b.append('\n');
    }
    if (!r.median().isEmpty()) {
      b.append("median rule (auto) vs off, random 16 trials x 9 epochs\n\n");
      b.append("| seed | off best | off epochs | auto best | auto epochs | epochs saved |")
          .append(" best auto - off | goal >= 30% and >= -0.5 pt |\n");
      b.append("|---|---|---|---|---|---|---|---|\n");
      for (MedianSeed s : r.median()) {
        b.append(
            f(
                "| %d | %.4f | %d | %.4f | %d | %.1f%% | %+.2f pt | %s |%n",
                s.seed(),
                s.offBest(),
                s.offEpochs(),
                s.autoBest(),
                s.autoEpochs(),
                s.saved() * 100,
                s.bestDiffPt(),
                verdict(s.pass())));
      }
      b.append('\n');
    }
    warmTable(b, "warm start identical-data, bayesian 12 trials x 3 epochs", r.warmIdentical());
    warmTable(b, "warm start transfer, bayesian 12 trials x 3 epochs", r.warmTransfer());
    b.append("| what | goal | measured | verdict |\n|---|---|---|---|\n");
    if (!r.asha().isEmpty()) {
      List<Double> ratios = new ArrayList<>();
      r.asha().forEach(s -> ratios.add(s.ratio()));
      long ok = r.asha().stream().filter(AshaSeed::pass).count();
      b.append(
          f(
              "| ASHA vs random, 16 trials x 9 epochs | random's best (-0.5 pt) in <= 0.5x the"
                  + " epochs, every seed | %d of %d seeds; median %s, worst %s | %s |%n",
              ok,
              r.asha().size(),
              ratio(median(ratios)),
              ratio(Collections.max(ratios)),
              verdict(ok == r.asha().size())));
    }
    if (!r.median().isEmpty()) {
      double sum = 0;
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      double dlo = Double.POSITIVE_INFINITY;
      double dhi = Double.NEGATIVE_INFINITY;
      for (MedianSeed s : r.median()) {
        sum += s.saved();
        lo = Math.min(lo, s.saved());
        hi = Math.max(hi, s.saved());
        dlo = Math.min(dlo, s.bestDiffPt());
        dhi = Math.max(dhi, s.bestDiffPt());
      }
      long ok = r.median().stream().filter(MedianSeed::pass).count();
      b.append(
          f(
              "| median rule (auto) vs off, random 16 x 9 | >= 30%% fewer epochs, best within"
                  + " 0.5 pt, every seed | %.1f%% mean (%.0f-%.0f%%); best %+.2f to %+.2f pt;"
                  + " %d of %d seeds | %s |%n",
              100 * sum / r.median().size(),
              100 * lo,
              100 * hi,
              dlo,
              dhi,
              ok,
              r.median().size(),
              verdict(ok == r.median().size())));
    }
    warmSummary(b, "warm start identical-data, bayesian 12 x 3", r.warmIdentical());
    warmSummary(b, "warm start transfer, bayesian 12 x 3", r.warmTransfer());
    return b.toString();
  }

  private static void warmTable(StringBuilder b, String title, List<WarmSeed> rows) {
    if (rows.isEmpty()) {
      return;
    }
    b.append(title).append("\n\n");
    b.append("| seed | cold best | cold trials | cold's trial to its best | warm best |")
        .append(" warm trials to cold's best | x cold's trials | first trial warm - cold |")
        .append(" goal <= 0.5x | best configurations again, mean of new seeds: cold, warm |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (WarmSeed s : rows) {
      b.append(
          f(
              "| %d | %.4f | %d | %d | %.4f | %s | %s | %+.2f pt | %s | %s |%n",
              s.seed(),
              s.coldBest(),
              s.coldTrials(),
              s.coldTrialsToBest(),
              s.warmBest(),
              s.warmTrialsToColdBest() == null
                  ? "never (" + s.warmTrials() + ")"
                  : s.warmTrialsToColdBest().toString(),
              ratio(s.ratio()),
              (s.warmFirst() - s.coldFirst()) * 100,
              verdict(s.pass()),
              confirmed(s)));
    }
    b.append('\n');
  }

  private static String confirmed(WarmSeed s) {
    if (Double.isNaN(s.coldConfirmed()) || Double.isNaN(s.warmConfirmed())) {
      return "-";
    }
    return f(
        "%.4f, %.4f (%+.2f pt)",
        s.coldConfirmed(), s.warmConfirmed(), (s.warmConfirmed() - s.coldConfirmed()) * 100);
  }

  private static void warmSummary(StringBuilder b, String what, List<WarmSeed> rows) {
    if (rows.isEmpty()) {
      return;
    }
    long ok = rows.stream().filter(WarmSeed::pass).count();
    List<Double> ratios = new ArrayList<>();
    rows.forEach(s -> ratios.add(s.ratio()));
    long never = rows.stream().filter(s -> s.warmTrialsToColdBest() == null).count();
    // 4 of 5 seeds: 80% of the seeds run, rounded up
    long need = (long) Math.ceil(0.8 * rows.size() - 1e-9);
    b.append(
        f(
            "| %s | the cold job's best in <= 0.5x its trials, 4 of 5 seeds (%d of %d here) |"
                + " %d of %d seeds; median %s, %s | %s |%n",
            what,
            need,
            rows.size(),
            ok,
            rows.size(),
            ratio(median(ratios)),
            never == 0 ? "reached in every seed" : "never in " + never,
            verdict(ok >= need)));
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static String ratio(double r) {
    return Double.isInfinite(r) ? "never" : f("%.2fx", r);
  }

  private static String verdict(boolean pass) {
    return pass ? "PASS" : "MISS";
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
