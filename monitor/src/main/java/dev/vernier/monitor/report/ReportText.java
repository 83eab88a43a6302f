package dev.vernier.monitor.report;

import dev.vernier.monitor.drift.DriftScore;
import dev.vernier.monitor.drift.FeatureKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report's verdicts as lines of text, shared by the CSV comments and the CLI's summary. */
public final class ReportText {
  private ReportText() {}

  /**
   * The target's verdict, e.g. {@code target drift: YES, label (classes) by chi2 (statistic 41.2, p
   * 1.1e-10; p < 0.05: drifted), linf (statistic 0.21; statistic > 0.1: drifted)}.
   */
  public static String target(DriftReport.Target t) {
    List<String> scores = new ArrayList<>();
    for (DriftScore s : t.drift().scores()) {
      scores.add(
          s.method()
              + " (statistic "
              + String.format(Locale.ROOT, "%.4g", s.statistic())
              + (s.hasPValue() ? ", p " + String.format(Locale.ROOT, "%.3g", s.pValue()) : "")
              + "; "
              + s.threshold()
              + (s.drifted() ? ": drifted)" : ": not drifted)"));
    }
    return "target drift: "
        + (t.drift().drifted() ? "YES" : "NO")
        + ", "
        + t.drift().name()
        + (t.kind() == FeatureKind.CATEGORICAL ? " (classes)" : " (numeric)")
        + " by "
        + String.join(", ", scores);
  }
}
