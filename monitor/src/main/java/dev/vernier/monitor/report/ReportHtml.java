package dev.vernier.monitor.report;

import dev.vernier.monitor.drift.DriftResults;
import dev.vernier.monitor.drift.DriftScore;
import dev.vernier.monitor.drift.FeatureDrift;
import dev.vernier.monitor.drift.MultipleTesting;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as one self-contained HTML page (inline CSS, inline SVG, a few lines of inline script
 * to sort the table; nothing fetched from anywhere): a summary of the share of drifted features per
 * method, the table of every feature's statistics, and a chart of baseline against current shares
 * per bin for each of the {@link DriftReport#MAX_CHARTS} most drifted features.
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
    summary(report, h);
    table(r, h);
    charts(report, h);
    h.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
    out.write(h.toString());
    out.flush();
  }

  private static void summary(DriftReport report, StringBuilder h) {
    DriftResults r = report.results();
    h.append("<h2>Summary</h2>\n<p>")
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
        .append(".<span class=\"legend\"><span style=\"background:#7a9cc6\"></span>baseline")
        .append("<span style=\"background:#d9622b\"></span>current</span></p>\n");
    h.append("<div class=\"charts\">\n");
    for (DriftReport.Chart c : charts) {
      h.append("<figure><figcaption>")
          .append(esc(c.feature()))
          .append(": drifted by ")
          .append(c.driftedMethods())
          .append(c.driftedMethods() == 1 ? " method" : " methods")
          .append("</figcaption>");
      svg(c, h);
      h.append("</figure>\n");
    }
    h.append("</div>\n");
  }

  private static void svg(DriftReport.Chart c, StringBuilder h) {
    int bins = c.labels().size();
    int width = 360;
    int height = 150;
    int top = 8;
    int bottom = 22;
    double max = 1e-12;
    for (int i = 0; i < bins; i++) {
      max = Math.max(max, Math.max(c.baseline()[i], c.current()[i]));
    }
    double slot = (double) (width - 10) / bins;
    double bar = Math.max(1, slot * 0.4);
    h.append("<svg width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" role=\"img\">");
    h.append("<line x1=\"5\" x2=\"")
        .append(width - 5)
        .append("\" y1=\"")
        .append(height - bottom)
        .append("\" y2=\"")
        .append(height - bottom)
        .append("\" stroke=\"#999\"/>");
    for (int i = 0; i < bins; i++) {
      double x = 5 + i * slot + slot * 0.1;
      String label = esc(c.labels().get(i));
      bar(
          h,
          x,
          bar,
          c.baseline()[i],
          max,
          height - bottom - top,
          height - bottom,
          "#7a9cc6",
          label + ": baseline " + fmt("%.3f", c.baseline()[i]));
      bar(
          h,
          x + bar,
          bar,
          c.current()[i],
          max,
          height - bottom - top,
          height - bottom,
          "#d9622b",
          label + ": current " + fmt("%.3f", c.current()[i]));
      h.append("<text x=\"")
          .append(fmt("%.1f", x + bar))
          .append("\" y=\"")
          .append(height - 8)
          .append("\" font-size=\"9\" text-anchor=\"middle\">")
          .append(i + 1)
          .append("<title>")
          .append(label)
          .append("</title></text>");
    }
    h.append("</svg>");
  }

  private static void bar(
      StringBuilder h,
      double x,
      double w,
      double v,
      double max,
      int span,
      int base,
      String color,
      String title) {
    double bh = span * v / max;
    h.append("<rect x=\"")
        .append(fmt("%.1f", x))
        .append("\" y=\"")
        .append(fmt("%.1f", base - bh))
        .append("\" width=\"")
        .append(fmt("%.1f", w))
        .append("\" height=\"")
        .append(fmt("%.1f", bh))
        .append("\" fill=\"")
        .append(color)
        .append("\"><title>")
        .append(title)
        .append("</title></rect>");
  }

  private static String fmt(String f, double v) {
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
