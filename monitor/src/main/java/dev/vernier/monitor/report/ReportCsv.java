package dev.vernier.monitor.report;

import dev.vernier.monitor.drift.DriftScore;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's table as CSV (RFC 4180, comma-separated): first the verdicts as comment lines that
 * start with {@code #} (the dataset's, then the target's when there is one; {@code
 * pandas.read_csv(path, comment='#')} skips them), then the header {@code
 * feature,index,method,statistic,p_value,threshold,drifted,correction}, then the target's rows
 * (feature {@code label}, index empty, correction {@code none}: one test) and every feature's.
 * Numbers are written to round-trip ({@link Double#toString}); a method without p-values leaves
 * {@code p_value} empty.
 */
public final class ReportCsv {
  public static final String HEADER =
      "feature,index,method,statistic,p_value,threshold,drifted,correction";

  private ReportCsv() {}

  public static void write(DriftReport report, Writer out) throws IOException {
    out.write("# " + report.verdict().summary() + "\r\n");
    if (report.target().isPresent()) {
      out.write("# " + ReportText.target(report.target().get()) + "\r\n");
    }
    out.write(HEADER);
    out.write("\r\n");
    String correction = report.results().correction().id();
    List<DriftReport.Row> rows = new ArrayList<>();
    report
        .target()
        .ifPresent(
            t ->
                t.drift()
                    .scores()
                    .forEach(s -> rows.add(new DriftReport.Row(-1, t.drift().name(), s))));
    rows.addAll(report.rows());
    for (DriftReport.Row r : rows) {
      DriftScore s = r.score();
      out.write(
          String.join(
              ",",
              quote(r.feature()),
              r.index() < 0 ? "" : Integer.toString(r.index()),
              quote(s.method()),
              Double.toString(s.statistic()),
              s.hasPValue() ? Double.toString(s.pValue()) : "",
              quote(s.threshold().toString()),
              Boolean.toString(s.drifted()),
              s.hasPValue() && r.index() >= 0 ? correction : "none"));
      out.write("\r\n");
    }
    out.flush();
  }

  static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
