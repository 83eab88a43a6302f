package dev.vernier.monitor.report;

import dev.vernier.monitor.drift.DatasetDrift;
import dev.vernier.monitor.drift.DriftResults;
import dev.vernier.monitor.drift.DriftScore;
import dev.vernier.monitor.drift.FeatureDrift;
import dev.vernier.monitor.drift.FeatureKind;
import dev.vernier.monitor.drift.MultipleTesting;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as one self-contained HTML page (inline CSS, inline SVG, a few lines of inline script
 * to sort the table; nothing fetched from anywhere): the dataset-level verdict first, then the
 * target's drift with its chart when the datasets have labels, the share of drifted features per
 * method, the table of every feature's statistics, and a histogram of baseline against current
 * shares per bin (bin edges on the x axis, share of rows on the y axis) for each of the {@link
 * DriftReport#MAX_CHARTS} most drifted features.
 */
public final class ReportHtml {
  private ReportHtml() {}

  private static final String CSS =
      """
      body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
      h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}
      .meta{color:#555}table{border-collapse:collapse;font-variant-numeric:tabular-nums}
      th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:right}
      th:first-child,td:first-child{text-align:left}
      table.sortable th{cursor:pointer;user-select:none;background:#f6f6f6;position:sticky;top:0}
      table.sortable th:after{content:" \\2195";color:#aaa}
      td.drift{background:#fde2d6;font-weight:600}.bar{background:#eee;width:160px;height:10px}
      .bar>div{background:#d9622b;height:10px}.charts{display:flex;flex-wrap:wrap;gap:12px}
      figure{margin:0;border:1px solid #eee;padding:6px}figcaption{font-size:12px;color:#444}
      .legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}
      .verdict{border:2px solid;border-radius:6px;padding:.2em 1em;margin:1em 0}
      .verdict h2{border:0;margin:.3em 0}.verdict.yes{border-color:#d9622b;background:#fdf0e9}
      .verdict.no{border-color:#5a9a5a;background:#eef7ee}
      #target figure{display:inline-block;margin-top:.6em}
      """;

  private static final String SCRIPT =
      """
      document.querySelectorAll('table.sortable th').forEach(function (th, col) {
        th.addEventListener('click', function () {
          var body = th.closest('table').tBodies[0];
          var rows = Array.from(body.rows);
          var asc = th.dataset.order !== 'asc';
          th.dataset.order = asc ? 'asc' : 'desc';
          rows.sort(function (a, b) {
            var x = a.cells[col].dataset.v || a.cells[col].textContent;
            var y = b.cells[col].dataset.v || b.cells[col].textContent;
            var nx = parseFloat(x), ny = parseFloat(y);
            var c = isNaN(nx) || isNaN(ny) ? x.localeCompare(y) : nx - ny;
            return asc ? c : -c;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
      """;

  public static void write(DriftReport report, Writer out) throws IOException {
    DriftResults r = report.results();
    StringBuilder h = new StringBuilder(1 << 16);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.append("<title>Drift report: ").append(esc(report.currentName())).append("</title>");
    h.append("<style>").append(CSS).append("</style></head><body>\n");
    h.append("<h1>Drift report</h1>\n<p class=\"meta\">Current <b>")
        .append(esc(report.currentName()))
        .append("</b> (")
        .append(r.currentRows())
        .append(" rows) against baseline <b>")
        .append(esc(report.baselineName()))
        .append("</b> (")
        .append(r.baselineRows())
        .append(" rows), ")
        .append(r.features().size())
        .append(" features; multiple-testing correction: <b>")
        .append(r.correction().id())
        .append("</b>.</p>\n");
    verdict(report.verdict(), h);
    report.target().ifPresent(t -> target(t, h));
    summary(report, h);
    table(r, h);
    charts(report, h);
    h.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
    out.write(h.toString());
    out.flush();
  }

  private static void verdict(DatasetDrift v, StringBuilder h) {
    boolean drift = v.decision() == DatasetDrift.Decision.DRIFT;
    h.append("<section id=\"verdict\" class=\"verdict ")
        .append(drift ? "yes" : "no")
        .append("\"><h2>Dataset drift: ")
        .append(drift ? "YES" : "NO")
        .append("</h2>\n<p><b>")
        .append(v.drifted())
        .append(" of ")
        .append(v.features())
        .append("</b> features drifted (<b>")
        .append(fmt("%.1f%%", 100 * v.share()))
        .append("</b>), ")
        .append(drift ? "at or above" : "below")
        .append(" featureShare <b>")
        .append(fmt("%.1f%%", 100 * v.featureShare()))
        .append("</b>.</p>\n<p>Decided by <b>")
        .append(esc(v.method()))
        .append("</b> (")
        .append(esc(v.threshold().toString()))
        .append("); multiple-testing correction: <b>")
        .append(v.appliedCorrection().id())
        .append("</b>")
        .append(
            v.threshold().usesPValue() || v.correction() == MultipleTesting.NONE
                ? ""
                : " ("
                    + v.method()
                    + " has no p-values; "
                    + v.correction().id()
                    + " applies to"
                    + " the p-value methods below)")
        .append(".")
        .append(
            v.notScored() == 0
                ? ""
                : " "
                    + v.notScored()
                    + (v.notScored() == 1
                        ? " feature of another kind is not scored by "
                        : " features of another kind are not scored by ")
                    + esc(v.method())
                    + ".")
        .append("</p></section>\n");
  }

  private static void target(DriftReport.Target t, StringBuilder h) {
    FeatureDrift f = t.drift();
    h.append("<section id=\"target\"><h2>Target drift: ")
        .append(esc(f.name()))
        .append(" (")
        .append(t.kind() == FeatureKind.CATEGORICAL ? "classes" : "numeric")
        .append("): ")
        .append(f.drifted() ? "YES" : "NO")
        .append("</h2>\n<p>The labels, scored on their own (not counted among the features).</p>\n")
        .append("<table><thead><tr><th>method</th><th>statistic</th><th>p</th><th>threshold</th>")
        .append("<th>drifted</th></tr></thead><tbody>\n");
    for (DriftScore s : f.scores()) {
      String cls = s.drifted() ? " class=\"drift\"" : "";
      h.append("<tr><td>")
          .append(esc(s.method()))
          .append("</td><td")
          .append(cls)
          .append(">")
          .append(fmt("%.4g", s.statistic()))
          .append("</td><td")
          .append(cls)
          .append(">")
          .append(s.hasPValue() ? fmt("%.3g", s.pValue()) : "")
          .append("</td><td>")
          .append(esc(s.threshold().toString()))
          .append("</td><td>")
          .append(s.drifted() ? "yes" : "no")
          .append("</td></tr>\n");
    }
    h.append("</tbody></table>\n<figure><figcaption>")
        .append(esc(f.name()))
        .append(": baseline and current shares per ")
        .append(t.kind() == FeatureKind.CATEGORICAL ? "class" : "decile bin of the baseline")
        .append(LEGEND)
        .append("</figcaption>");
    ReportSvg.histogram(t.chart(), h);
    h.append("</figure></section>\n");
  }

  private static final String LEGEND =
      "<span class=\"legend\"><span style=\"background:#7a9cc6\"></span>baseline"
          + "<span style=\"background:#d9622b\"></span>current</span>";

  private static void summary(DriftReport report, StringBuilder h) {
    DriftResults r = report.results();
    h.append("<h2>Methods</h2>\n<p>")
        .append(report.driftedFeatures())
        .append(" of ")
        .append(r.features().size())
        .append(" features drifted by at least one method.</p>\n");
    h.append("<table><thead><tr><th>method</th><th>threshold</th><th>features</th>")
        .append("<th>drifted</th><th>share</th><th></th></tr></thead><tbody>\n");
    for (Map.Entry<String, Double> e : report.driftedShareByMethod().entrySet()) {
      String m = e.getKey();
      int n = r.applicable(m);
      String threshold = report.threshold(m).toString();
      if (report.threshold(m).usesPValue() && r.correction() != MultipleTesting.NONE) {
        threshold += ", " + r.correction().id() + " across features";
      }
      h.append("<tr><td>")
          .append(esc(m))
          .append("</td><td>")
          .append(esc(threshold))
          .append("</td><td>")
          .append(n)
          .append("</td><td>")
          .append(Math.round(e.getValue() * n))
          .append("</td><td>")
          .append(fmt("%.1f%%", 100 * e.getValue()))
          .append("</td><td><div class=\"bar\"><div style=\"width:")
          .append(fmt("%.1f", 100 * e.getValue()))
          .append("%\"></div></div></td></tr>\n");
    }
    h.append("</tbody></table>\n");
  }

  private static void table(DriftResults r, StringBuilder h) {
    h.append("<h2>Features</h2>\n<p>Click a column to sort. Highlighted cells drifted.</p>\n");
    h.append("<table class=\"sortable\"><thead><tr><th>feature</th>");
    List<String> methods = r.methods();
    for (String m : methods) {
      h.append("<th>").append(esc(m)).append("</th>");
      if (r.features().stream()
          .anyMatch(f -> f.score(m).map(DriftScore::hasPValue).orElse(false))) {
        h.append("<th>").append(esc(m)).append(" p</th>");
      }
    }
    h.append("<th>drifted by</th></tr></thead><tbody>\n");
    for (FeatureDrift f : r.features()) {
      h.append("<tr><td data-v=\"")
          .append(f.index())
          .append("\">")
          .append(esc(f.name()))
          .append("</td>");
      for (String m : methods) {
        boolean hasP =
            r.features().stream()
                .anyMatch(x -> x.score(m).map(DriftScore::hasPValue).orElse(false));
        DriftScore s = f.score(m).orElse(null);
        if (s == null) {
          h.append("<td></td>").append(hasP ? "<td></td>" : "");
          continue;
        }
        String cls = s.drifted() ? " class=\"drift\"" : "";
        String title = " title=\"" + esc(s.threshold().toString()) + "\"";
        h.append("<td")
            .append(cls)
            .append(title)
            .append(" data-v=\"")
            .append(s.statistic())
            .append("\">");
        h.append(fmt("%.4g", s.statistic())).append("</td>");
        if (hasP) {
          h.append("<td").append(cls).append(" data-v=\"").append(s.pValue()).append("\">");
          h.append(s.hasPValue() ? fmt("%.3g", s.pValue()) : "").append("</td>");
        }
      }
      h.append("<td>").append(f.driftedCount()).append("</td></tr>\n");
    }
    h.append("</tbody></table>\n");
  }

  private static void charts(DriftReport report, StringBuilder h) {
    List<DriftReport.Chart> charts = report.charts();
    h.append("<h2>Most drifted features</h2>\n<p>");
    if (charts.isEmpty()) {
      h.append("No feature drifted.</p>\n");
      return;
    }
    h.append("Baseline and current shares per bin (the baseline's decile bins; categories for")
        .append(" categorical features) for ")
        .append(charts.size() < report.driftedFeatures() ? "the " + charts.size() + " most" : "all")
        .append(" drifted features")
        .append(
            charts.size() < report.driftedFeatures()
                ? " of "
                    + report.driftedFeatures()
                    + " (charts are capped at "
                    + DriftReport.MAX_CHARTS
                    + "), ranked by the number of methods that flag them,"
                    + " then by their KS statistic"
                : "")
        .append(".")
        .append(LEGEND)
        .append("</p>\n");
    h.append("<div class=\"charts\">\n");
    for (DriftReport.Chart c : charts) {
      h.append("<figure><figcaption>")
          .append(esc(c.feature()))
          .append(": drifted by ")
          .append(c.driftedMethods())
          .append(c.driftedMethods() == 1 ? " method" : " methods")
          .append("</figcaption>");
      ReportSvg.histogram(c, h);
      h.append("</figure>\n");
    }
    h.append("</div>\n");
  }

  static String fmt(String f, double v) {
    return String.format(Locale.ROOT, f, v);
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}
