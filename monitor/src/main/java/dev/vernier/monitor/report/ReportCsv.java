package dev.vernier.monitor.report;

import dev.vernier.monitor.drift.DriftScore;
import java.io.IOException;
import java.io.Writer;

/**
 * The report's table as CSV (RFC 4180, comma-separated, header first): {@code
 * feature,index,method,statistic,p_value,threshold,drifted,correction}. Numbers are written to
 * round-trip ({@link Double#toString}); a method without p-values leaves {@code p_value} empty.
 */
public final class ReportCsv {
  public static final String HEADER =
      "feature,index,method,statistic,p_value,threshold,drifted,correction";

  private ReportCsv() {}

  public static void write(DriftReport report, Writer out) throws IOException {
    out.write(HEADER);
    out.write("\r\n");
    String correction = report.results().correction().id();
    for (DriftReport.Row r : report.rows()) {
      DriftScore s = r.score();
      out.write(
          String.join(
              ",",
              quote(r.feature()),
              Integer.toString(r.index()),
              quote(s.method()),
              Double.toString(s.statistic()),
              s.hasPValue() ? Double.toString(s.pValue()) : "",
              quote(s.threshold().toString()),
              Boolean.toString(s.drifted()),
              s.hasPValue() ? correction : "none"));
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
