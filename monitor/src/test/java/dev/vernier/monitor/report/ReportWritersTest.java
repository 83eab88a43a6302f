package dev.vernier.monitor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import dev.vernier.monitor.drift.DriftAnalysis;
import dev.vernier.monitor.drift.DriftScore;
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

  @Test
  void csvHasTheHeaderAndOneRowPerFeatureAndMethod() throws IOException {
    DriftReport rep = report(12, 4);
    StringWriter w = new StringWriter();
    ReportCsv.write(rep, w);
    String[] lines = w.toString().split("\r\n");
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
