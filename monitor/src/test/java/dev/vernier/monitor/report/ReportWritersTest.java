package dev.vernier.monitor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import dev.vernier.monitor.drift.DatasetDrift;
import dev.vernier.monitor.drift.DriftAnalysis;
import dev.vernier.monitor.drift.DriftScore;
import dev.vernier.monitor.drift.FeatureKind;
import dev.vernier.monitor.drift.MultipleTesting;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportWritersTest {

  /** {@code cols} columns, the first {@code shifted} moved by {@code shift}; column 1 codes. */
  static Dataset data(String name, long seed, int rows, int cols, int shifted, double shift) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] f = new float[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double s = j < shifted ? shift : 0;
        f[i * cols + j] =
            (float)
                (j == 1
                    ? Math.min(3, Math.floor(Math.abs(r.nextGaussian() + s)))
                    : r.nextGaussian() + s);
      }
    }
    return new Dataset(name, rows, cols, f, null);
  }

  static DriftReport report(int cols, int shifted) {
    DriftAnalysis a =
        DriftAnalysis.builder()
            .categorical(1)
            .correction(MultipleTesting.BENJAMINI_HOCHBERG)
            .threads(2)
            .build();
    return DriftReport.compute(
        data("base, v1", 1, 1500, cols, 0, 0),
        data("cur \"<now>\"", 2, 600, cols, shifted, 0.8),
        a);
  }

  /** {@code cols} numeric columns, N(0, 1), the first {@code shifted} moved by {@code shift}. */
  static Dataset numeric(
      String name, long seed, int rows, int cols, int shifted, double shift, float[] labels) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] f = new float[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        f[i * cols + j] = (float) (r.nextGaussian() + (j < shifted ? shift : 0));
      }
    }
    return new Dataset(name, rows, cols, f, labels);
  }

  /** Three of ten features moved by 0.8 standard deviations; PSI decides. */
  static DriftReport threeOfTen(String decision, double featureShare, MultipleTesting correction) {
    DriftAnalysis a = DriftAnalysis.builder().correction(correction).threads(2).build();
    return DriftReport.compute(
        numeric("base", 11, 2000, 10, 0, 0, null),
        numeric("cur", 12, 1000, 10, 3, 0.8, null),
        a,
        decision,
        featureShare);
  }

  @Test
  void theVerdictCountsTheShiftedFeaturesByTheDecisionMethod() {
    // the shifted columns' PSI is about 0.6, the others' below 0.02 (limit 0.2); KS with
    // Bonferroni over 10 tests flags an unshifted column with probability < 5% for a seed, and
    // these seeds are fixed
    for (String method : List.of("psi", "ks")) {
      DatasetDrift v = threeOfTen(method, 0.2, MultipleTesting.BONFERRONI).verdict();
      assertEquals(method, v.method());
      assertEquals(10, v.features());
      assertEquals(3, v.drifted(), method);
      assertEquals(0.3, v.share(), 1e-12);
      assertEquals(DatasetDrift.Decision.DRIFT, v.decision());
    }
    assertEquals(
        DatasetDrift.Decision.DRIFT,
        threeOfTen("psi", 0.3, MultipleTesting.NONE).verdict().decision(),
        "at the share is drifted");
    DatasetDrift no = threeOfTen("psi", 0.5, MultipleTesting.NONE).verdict();
    assertEquals(DatasetDrift.Decision.NO_DRIFT, no.decision());
    assertEquals(
        "dataset drift: NO, 3 of 10 features drifted (30.0% < featureShare 50.0%) by psi"
            + " (statistic > 0.2, no p-values, so no multiple-testing correction)",
        no.summary());
    DatasetDrift ks = threeOfTen("ks", 0.2, MultipleTesting.BENJAMINI_HOCHBERG).verdict();
    assertEquals(
        "ks (p < 0.05, bh correction across features)", ks.rule(), "the correction is named");
    assertEquals("psi", threeOfTen(null, 0.2, MultipleTesting.NONE).verdict().method());
  }

  @Test
  void aDecisionMethodThatScoresNoFeatureIsRefused() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> threeOfTen("chi2", 0.2, MultipleTesting.NONE));
    assertEquals("decision", e.field());
    assertTrue(
        e.getMessage().contains("methods that scored a feature [js, ks, psi, wasserstein]"),
        e.getMessage());
    e =
        assertThrows(
            InvalidInputException.class, () -> threeOfTen("kl", 0.2, MultipleTesting.NONE));
    assertEquals("decision", e.field());
    e = assertThrows(InvalidInputException.class, () -> threeOfTen("ks", 0, MultipleTesting.NONE));
    assertEquals("featureShare", e.field());
  }

  @Test
  void jsonOpensWithTheVerdict() throws IOException {
    DriftReport rep = threeOfTen("ks", 0.2, MultipleTesting.BONFERRONI);
    StringWriter w = new StringWriter();
    ReportJson.write(rep, w);
    JsonNode root = new ObjectMapper().readTree(w.toString());
    assertEquals("dataset_drift", root.fieldNames().next(), "the verdict comes first");
    JsonNode v = root.get("dataset_drift");
    assertTrue(v.get("drifted").asBoolean());
    assertEquals("DRIFT", v.get("decision").asText());
    assertEquals(3, v.get("features_drifted").asInt());
    assertEquals(10, v.get("features_scored").asInt());
    assertEquals(0.3, v.get("share").asDouble(), 1e-12);
    assertEquals(0.2, v.get("feature_share").asDouble());
    assertEquals("ks", v.get("method").asText());
    assertEquals("p < 0.05", v.get("threshold").asText());
    assertEquals("bonferroni", v.get("correction").asText());
    assertTrue(v.get("summary").asText().startsWith("dataset drift: YES, 3 of 10"));
    assertTrue(root.get("target").isNull(), "no labels, no target");
  }

  @Test
  void csvOpensWithTheVerdictAsAComment() throws IOException {
    DriftReport rep = threeOfTen("psi", 0.2, MultipleTesting.NONE);
    StringWriter w = new StringWriter();
    ReportCsv.write(rep, w);
    String[] lines = w.toString().split("\r\n");
    assertEquals("# " + rep.verdict().summary(), lines[0]);
    assertEquals(ReportCsv.HEADER, lines[1]);
  }

  @Test
  void htmlOpensWithTheVerdictAndDrawsAxes() throws IOException {
    DriftReport rep = threeOfTen("psi", 0.2, MultipleTesting.NONE);
    String html = html(rep);
    int verdict = html.indexOf("Dataset drift: YES");
    assertTrue(verdict > 0, "the verdict");
    assertTrue(verdict < html.indexOf("<h2>Methods"), "before the summary per method");
    assertTrue(verdict < html.indexOf("<table class=\"sortable\""), "before the feature table");
    assertTrue(html.contains("3 of 10</b> features drifted"), html);
    assertTrue(html.contains("featureShare <b>20.0%"));
    assertTrue(html.contains("Decided by <b>psi</b> (statistic &gt; 0.2)"));
    assertTrue(html.contains("multiple-testing correction: <b>none"));
    assertFalse(html.contains("id=\"target\""), "no labels, no target section");
    DriftReport.Chart first = rep.charts().get(0);
    assertTrue(first.numeric());
    String svg = html.substring(html.indexOf("<svg"), html.indexOf("</svg>"));
    assertEquals(first.edges().length + 2, count(svg, "class=\"x-tick\""), "edges and both ends");
    for (double e : first.edges()) {
      assertTrue(svg.contains(">" + DriftReport.num(e) + "<title>bin edge "), "edge " + e);
    }
    assertTrue(count(svg, "class=\"y-tick\"") >= 3, "y ticks");
    assertTrue(svg.contains(">0%</text>"), "the y axis starts at 0%");
    assertTrue(svg.contains(">share of rows</text>"), "the y axis is labelled");
  }

  @Test
  void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
    assertEquals(0.05, ReportSvg.niceStep(0.041), 1e-12);
    assertEquals(0.025, ReportSvg.niceStep(0.021), 1e-12);
    assertEquals(0.1, ReportSvg.niceStep(0.1), 1e-12);
    assertEquals(0.002, ReportSvg.niceStep(0.0011), 1e-12);
  }

  @Test
  void classLabelsAreTheTargetScoredFirstAndApart() throws IOException {
    SplittableRandom r = new SplittableRandom(5);
    float[] lb = new float[2000];
    float[] lc = new float[1000];
    for (int i = 0; i < lb.length; i++) {
      lb[i] = r.nextDouble() < 0.3 ? 1 : -1;
    }
    for (int i = 0; i < lc.length; i++) {
      lc[i] = r.nextDouble() < 0.6 ? 1 : -1;
    }
    DriftReport rep =
        DriftReport.compute(
            numeric("base", 11, 2000, 10, 0, 0, lb),
            numeric("cur", 12, 1000, 10, 3, 0.8, lc),
            DriftAnalysis.builder().threads(2).build(),
            "psi",
            0.2);
    assertEquals(10, rep.results().features().size(), "the label is not a feature");
    assertEquals(3, rep.verdict().drifted());
    DriftReport.Target t = rep.target().orElseThrow();
    assertEquals(FeatureKind.CATEGORICAL, t.kind());
    assertEquals(
        List.of("chi2", "linf"), t.drift().scores().stream().map(DriftScore::method).toList());
    assertTrue(t.drift().drifted(), "the class mix moved from 30% to 60% ones");
    assertEquals(List.of("-1", "1"), t.chart().labels(), "classes by value, -1 is not unseen");
    assertEquals(0.3, t.chart().baseline()[1], 0.03);
    assertEquals(0.6, t.chart().current()[1], 0.03);

    String html = html(rep);
    int target = html.indexOf("Target drift: label (classes): YES");
    assertTrue(target > html.indexOf("Dataset drift: YES"), "after the verdict");
    assertTrue(target < html.indexOf("<h2>Features"), "before the features");
    assertTrue(
        html.indexOf("<svg") > target && html.indexOf("<svg") < html.indexOf("<h2>Features"),
        "the target's chart comes first");

    StringWriter w = new StringWriter();
    ReportJson.write(rep, w);
    JsonNode json = new ObjectMapper().readTree(w.toString()).get("target");
    assertEquals("label", json.get("name").asText());
    assertEquals("classes", json.get("kind").asText());
    assertTrue(json.get("drifted").asBoolean());
    assertEquals("chi2", json.get("scores").get(0).get("method").asText());

    w = new StringWriter();
    ReportCsv.write(rep, w);
    String[] lines = w.toString().split("\r\n");
    assertTrue(lines[1].startsWith("# target drift: YES, label (classes) by chi2"), lines[1]);
    assertEquals(ReportCsv.HEADER, lines[2]);
    assertTrue(lines[3].startsWith("label,,chi2,"), lines[3]);
  }

  @Test
  void realValuedLabelsAreANumericTarget() {
    SplittableRandom r = new SplittableRandom(6);
    float[] lb = new float[2000];
    float[] lc = new float[1000];
    for (int i = 0; i < lb.length; i++) {
      lb[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < lc.length; i++) {
      lc[i] = (float) (r.nextGaussian() + 0.5);
    }
    DriftReport rep =
        DriftReport.compute(
            numeric("base", 11, 2000, 4, 0, 0, lb),
            numeric("cur", 12, 1000, 4, 0, 0, lc),
            DriftAnalysis.builder().methodNames(List.of("ks", "psi", "chi2")).threads(2).build());
    DriftReport.Target t = rep.target().orElseThrow();
    assertEquals(FeatureKind.NUMERIC, t.kind());
    assertEquals(
        List.of("ks", "psi"), t.drift().scores().stream().map(DriftScore::method).toList());
    assertTrue(t.drift().drifted());
    assertTrue(t.chart().numeric());
  }

  @Test
  void csvHasTheHeaderAndOneRowPerFeatureAndMethod() throws IOException {
    DriftReport rep = report(12, 4);
    StringWriter w = new StringWriter();
    ReportCsv.write(rep, w);
    String[] lines = w.toString().lines().filter(l -> !l.startsWith("#")).toArray(String[]::new);
    assertEquals(ReportCsv.HEADER, lines[0]);
    List<DriftReport.Row> rows = rep.rows();
    assertEquals(rows.size() + 1, lines.length);
    assertEquals(11 * 4 + 2, rows.size(), "4 numeric methods on 11 columns, 2 on the categorical");
    for (int i = 0; i < rows.size(); i++) {
      String[] f = lines[i + 1].split(",", -1);
      DriftScore s = rows.get(i).score();
      assertEquals(8, f.length, lines[i + 1]);
      assertEquals(rows.get(i).feature(), f[0]);
      assertEquals(rows.get(i).index(), Integer.parseInt(f[1]));
      assertEquals(s.method(), f[2]);
      assertEquals(s.statistic(), Double.parseDouble(f[3]));
      assertEquals(s.hasPValue() ? Double.toString(s.pValue()) : "", f[4]);
      assertEquals(s.threshold().toString(), f[5]);
      assertEquals(s.drifted(), Boolean.parseBoolean(f[6]));
      assertEquals(s.hasPValue() ? "bh" : "none", f[7]);
    }
    assertEquals("\"a,\"\"b\"\"\"", ReportCsv.quote("a,\"b\""));
  }

  @Test
  void jsonParsesBackToTheSameNumbers() throws IOException {
    DriftReport rep = report(12, 4);
    StringWriter w = new StringWriter();
    ReportJson.write(rep, w);
    JsonNode root = new ObjectMapper().readTree(w.toString());
    assertEquals("base, v1", root.get("baseline").get("name").asText());
    assertEquals(600, root.get("current").get("rows").asInt());
    assertEquals("bh", root.get("correction").asText());
    assertEquals(rep.driftedFeatures(), root.get("features_drifted").asInt());
    JsonNode features = root.get("features");
    List<DriftReport.Row> rows = rep.rows();
    assertEquals(rows.size(), features.size());
    for (int i = 0; i < rows.size(); i++) {
      JsonNode o = features.get(i);
      DriftScore s = rows.get(i).score();
      assertEquals(rows.get(i).feature(), o.get("feature").asText());
      assertEquals(s.method(), o.get("method").asText());
      assertEquals(s.statistic(), o.get("statistic").asDouble());
      if (s.hasPValue()) {
        assertEquals(s.pValue(), o.get("p_value").asDouble());
      } else {
        assertTrue(o.get("p_value").isNull());
      }
      assertEquals(s.drifted(), o.get("drifted").asBoolean());
    }
    for (JsonNode m : root.get("summary")) {
      assertEquals(
          rep.driftedShareByMethod().get(m.get("method").asText()), m.get("share").asDouble());
    }
  }

  @Test
  void htmlIsSelfContainedWithOneChartPerDriftedFeature() throws IOException {
    DriftReport rep = report(12, 4);
    String html = html(rep);
    assertTrue(
        rep.driftedFeatures() >= 4 && rep.driftedFeatures() < 50, rep.driftedFeatures() + "");
    assertEquals(rep.driftedFeatures(), count(html, "<svg"));
    assertFalse(html.toLowerCase(Locale.ROOT).contains("http:"), "no http references");
    assertFalse(html.toLowerCase(Locale.ROOT).contains("https:"), "no https references");
    assertFalse(html.contains("<link") || html.contains(" src="), "no external assets");
    assertTrue(html.contains("cur &quot;&lt;now&gt;&quot;"), "names are escaped");
    assertTrue(
        html.contains("statistic &gt; 0.1 * std(baseline)"), "the configured rule, not resolved");
    assertTrue(html.contains("p &lt; 0.05, bh across features"), "the correction");
    for (int j = 0; j < 12; j++) {
      assertTrue(html.contains(">f" + j + "</td>"), "row of f" + j);
    }
  }

  @Test
  void htmlCapsTheChartsAndSaysSo() throws IOException {
    DriftReport rep = report(64, 60);
    assertTrue(rep.driftedFeatures() > DriftReport.MAX_CHARTS, rep.driftedFeatures() + "");
    String html = html(rep);
    assertEquals(DriftReport.MAX_CHARTS, count(html, "<svg"));
    assertTrue(
        html.contains("capped at " + DriftReport.MAX_CHARTS), "the page says charts are capped");
  }

  @Test
  void aCurrentDatasetWithOtherColumnsIsRefused() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                DriftReport.compute(
                    data("b", 1, 10, 5, 0, 0),
                    data("c", 2, 10, 6, 0, 0),
                    DriftAnalysis.builder().build()));
    assertEquals("current", e.field());
    assertTrue(
        e.getMessage().contains("(5)") && e.getMessage().contains("6 columns"), e.getMessage());
  }

  private static String html(DriftReport rep) throws IOException {
    StringWriter w = new StringWriter();
    ReportHtml.write(rep, w);
    return w.toString();
  }

  private static int count(String s, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
