package dev.vernier.monitor.report;

import java.util.Locale;

/**
 * The HTML report's charts as inline SVG: a histogram of baseline against current shares per bin,
 * with a y axis of the share of rows and the bins' edges or categories on the x axis.
 */
final class ReportSvg {
  private ReportSvg() {}

  /** Chart size and margins, in pixels. */
  private static final int WIDTH = 440;

  private static final int HEIGHT = 240;
  private static final int LEFT = 52;
  private static final int RIGHT = 12;
  private static final int TOP = 10;
  private static final int BOTTOM = 70;

  /**
   * A histogram of both samples: a y axis of the share of rows with ticks, and for numeric features
   * the bin edges as ticks between the bins (the outer ends marked with the smallest and largest
   * value in either sample, as the first and last bins are open); categories under their bins.
   */
  static void histogram(DriftReport.Chart c, StringBuilder h) {
    int bins = c.labels().size();
    double pw = WIDTH - LEFT - RIGHT;
    int ph = HEIGHT - TOP - BOTTOM;
    int base = TOP + ph;
    double max = 1e-12;
    for (int i = 0; i < bins; i++) {
      max = Math.max(max, Math.max(c.baseline()[i], c.current()[i]));
    }
    double step = niceStep(max / 4);
    double top = Math.ceil(max / step - 1e-9) * step;
    double slot = pw / bins;
    double bar = Math.max(1, slot * 0.4);
    h.append("<svg class=\"hist\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" role=\"img\" font-size=\"10\">");
    // y axis: gridlines, ticks and labels at multiples of the step, then the axis title
    h.append("<g class=\"y-axis\">");
    for (int k = 0; k * step <= top + step * 1e-6; k++) {
      double y = base - ph * (k * step) / top;
      h.append("<line x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(ReportHtml.fmt("%.1f", LEFT + pw))
          .append("\" y1=\"")
          .append(ReportHtml.fmt("%.1f", y))
          .append("\" y2=\"")
          .append(ReportHtml.fmt("%.1f", y))
          .append("\" stroke=\"#eee\"/>");
      h.append("<line class=\"y-tick\" x1=\"")
          .append(LEFT - 4)
          .append("\" x2=\"")
          .append(LEFT)
          .append("\" y1=\"")
          .append(ReportHtml.fmt("%.1f", y))
          .append("\" y2=\"")
          .append(ReportHtml.fmt("%.1f", y))
          .append("\" stroke=\"#666\"/>");
      h.append("<text x=\"")
          .append(LEFT - 6)
          .append("\" y=\"")
          .append(ReportHtml.fmt("%.1f", y + 3))
          .append("\" text-anchor=\"end\">")
          .append(percent(k * step, step))
          .append("</text>");
    }
    h.append("<line x1=\"")
        .append(LEFT)
        .append("\" x2=\"")
        .append(LEFT)
        .append("\" y1=\"")
        .append(TOP)
        .append("\" y2=\"")
        .append(base)
        .append("\" stroke=\"#666\"/>");
    h.append("<text class=\"y-label\" transform=\"rotate(-90)\" x=\"")
        .append(-(TOP + ph / 2))
        .append("\" y=\"12\" text-anchor=\"middle\">share of rows</text></g>");
    for (int i = 0; i < bins; i++) {
      double x = LEFT + i * slot + slot * 0.1;
      String label = ReportHtml.esc(c.labels().get(i));
      bar(
          h,
          x,
          bar,
          c.baseline()[i],
          top,
          ph,
          base,
          "#7a9cc6",
          label + ": baseline " + ReportHtml.fmt("%.3f", c.baseline()[i]));
      bar(
          h,
          x + bar,
          bar,
          c.current()[i],
          top,
          ph,
          base,
          "#d9622b",
          label + ": current " + ReportHtml.fmt("%.3f", c.current()[i]));
    }
    // x axis: the edges between bins, or a category under each bin
    h.append("<g class=\"x-axis\"><line x1=\"")
        .append(LEFT)
        .append("\" x2=\"")
        .append(ReportHtml.fmt("%.1f", LEFT + pw))
        .append("\" y1=\"")
        .append(base)
        .append("\" y2=\"")
        .append(base)
        .append("\" stroke=\"#666\"/>");
    if (c.numeric()) {
      xTick(
          h, LEFT, base, DriftReport.num(c.min()), "smallest value in either sample", "#888", true);
      for (int i = 0; i < c.edges().length; i++) {
        String e = DriftReport.num(c.edges()[i]);
        xTick(h, LEFT + (i + 1) * slot, base, e, "bin edge " + e, "#222", true);
      }
      xTick(
          h,
          LEFT + pw,
          base,
          DriftReport.num(c.max()),
          "largest value in either sample",
          "#888",
          true);
    } else {
      int every = Math.max(1, (int) Math.ceil(bins / 24.0));
      int longest = c.labels().stream().mapToInt(String::length).max().orElse(0);
      boolean turn = longest * 6.5 > slot * every;
      for (int i = 0; i < bins; i += every) {
        String l = c.labels().get(i);
        xTick(h, LEFT + (i + 0.5) * slot, base, l, l, "#222", turn);
      }
    }
    h.append("<text class=\"x-label\" x=\"")
        .append(ReportHtml.fmt("%.1f", LEFT + pw / 2))
        .append("\" y=\"")
        .append(HEIGHT - 4)
        .append("\" text-anchor=\"middle\">")
        .append(
            c.numeric()
                ? "bin edges (the baseline's deciles; grey: smallest and largest value)"
                : c.index() < 0 ? "class" : "category")
        .append("</text></g></svg>");
  }

  /** A tick at {@code x} below the axis with its label, turned 45 degrees when {@code turn}. */
  private static void xTick(
      StringBuilder h, double x, int base, String label, String title, String color, boolean turn) {
    h.append("<line class=\"x-tick\" x1=\"")
        .append(ReportHtml.fmt("%.1f", x))
        .append("\" x2=\"")
        .append(ReportHtml.fmt("%.1f", x))
        .append("\" y1=\"")
        .append(base)
        .append("\" y2=\"")
        .append(base + 4)
        .append("\" stroke=\"#666\"/>");
    if (!turn) {
      h.append("<text x=\"")
          .append(ReportHtml.fmt("%.1f", x))
          .append("\" y=\"")
          .append(base + 16)
          .append("\" text-anchor=\"middle\" fill=\"")
          .append(color)
          .append("\">");
    } else {
      h.append("<text x=\"")
          .append(ReportHtml.fmt("%.1f", x + 3))
          .append("\" y=\"")
          .append(base + 12)
          .append("\" text-anchor=\"end\" fill=\"")
          .append(color)
          .append("\" transform=\"rotate(-45 ")
          .append(ReportHtml.fmt("%.1f", x + 3))
          .append(' ')
          .append(base + 12)
          .append(")\">");
    }
    h.append(ReportHtml.esc(label))
        .append("<title>")
        .append(ReportHtml.esc(title))
        .append("</title></text>");
  }

  /** 1, 2, 2.5 or 5 times a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= raw * (1 - 1e-9)) {
        return m * p;
      }
    }
    return 10 * p;
  }

  /** A share as a percentage with as many decimals as the step needs. */
  private static String percent(double v, double step) {
    double pct = step * 100;
    int magnitude = (int) Math.floor(Math.log10(pct) + 1e-9);
    int decimals = Math.max(0, -magnitude);
    if (Math.abs(pct / Math.pow(10, magnitude) - 2.5) < 1e-6) {
      decimals++;
    }
    return String.format(Locale.ROOT, "%." + decimals + "f%%", 100 * v);
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
        .append(ReportHtml.fmt("%.1f", x))
        .append("\" y=\"")
        .append(ReportHtml.fmt("%.1f", base - bh))
        .append("\" width=\"")
        .append(ReportHtml.fmt("%.1f", w))
        .append("\" height=\"")
        .append(ReportHtml.fmt("%.1f", bh))
        .append("\" fill=\"")
        .append(color)
        .append("\"><title>")
        .append(title)
        .append("</title></rect>");
  }
}
