package dev.vernier.monitor.report;

import dev.vernier.monitor.drift.FeatureDrift;
import dev.vernier.monitor.drift.FeatureKind;
import dev.vernier.monitor.drift.stats.DecileBins;
import dev.vernier.monitor.drift.stats.SortedSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleFunction;

/** Both samples' shares per bin of one feature, for a {@link DriftReport}'s charts. */
final class ReportCharts {
  private ReportCharts() {}

  /**
   * A numeric feature's shares per baseline decile bin, or a categorical one's per category ({@code
   * category} names each code; -1 is "unseen").
   */
  static DriftReport.Chart chart(
      FeatureDrift f, double[] b, double[] c, DoubleFunction<String> category) {
    SortedSample sb = SortedSample.of("baseline", b);
    SortedSample sc = SortedSample.of("current", c);
    List<String> labels = new ArrayList<>();
    double[] pb;
    double[] pc;
    double[] e = new double[0];
    double min = Double.NaN;
    double max = Double.NaN;
    if (f.kind() == FeatureKind.NUMERIC) {
      DecileBins bins = DecileBins.fit(sb);
      e = bins.edges();
      min = Math.min(sb.valueAt(0), sc.valueAt(0));
      max = Math.max(sb.valueAt(sb.size() - 1), sc.valueAt(sc.size() - 1));
      for (int i = 0; i <= e.length; i++) {
        labels.add(
            i == 0
                ? "<= " + DriftReport.num(e[0])
                : i == e.length
                    ? "> " + DriftReport.num(e[i - 1])
                    : "(" + DriftReport.num(e[i - 1]) + ", " + DriftReport.num(e[i]) + "]");
      }
      pb = bins.baselineProportions();
      pc = bins.proportions(sc);
    } else {
      Map<Double, double[]> shares = new TreeMap<>();
      for (int i = 0; i < sb.distinctCount(); i++) {
        shares.computeIfAbsent(sb.distinctValue(i), k -> new double[2])[0] =
            (double) sb.distinctCountAt(i) / sb.size();
      }
      for (int i = 0; i < sc.distinctCount(); i++) {
        shares.computeIfAbsent(sc.distinctValue(i), k -> new double[2])[1] =
            (double) sc.distinctCountAt(i) / sc.size();
      }
      pb = new double[shares.size()];
      pc = new double[shares.size()];
      int i = 0;
      for (Map.Entry<Double, double[]> share : shares.entrySet()) {
        labels.add(share.getKey() == -1 ? "unseen" : category.apply(share.getKey()));
        pb[i] = share.getValue()[0];
        pc[i++] = share.getValue()[1];
      }
    }
    return new DriftReport.Chart(
        f.index(), f.name(), f.driftedCount(), labels, e, min, max, pb, pc);
  }
}
