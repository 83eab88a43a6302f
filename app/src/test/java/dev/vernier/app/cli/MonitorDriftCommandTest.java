package dev.vernier.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vernier monitor drift} on CSV files: outputs, and exit 2 with a message on bad input. */
class MonitorDriftCommandTest {
  @TempDir Path dir;

  /** Label first, then {@code cols} features; features 0 and 1 (and the labels) move by shift. */
  Path csv(String name, int rows, int cols, double shift, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      sb.append(r.nextDouble() < 0.3 + shift / 4 ? 1 : 0);
      for (int j = 0; j < cols; j++) {
        double v = r.nextGaussian() + (j < 2 ? shift : 0);
        sb.append(',').append(String.format(Locale.ROOT, "%.4f", v));
      }
      sb.append('\n');
    }
    Path p = dir.resolve(name);
    Files.writeString(p, sb.toString());
    return p;
  }

  @Test
  void writesCsvAndHtmlAndSummarises() throws IOException {
    Path b = csv("base.csv", 800, 6, 0, 1);
    Path c = csv("cur.csv", 400, 6, 1.0, 2);
    Path table = dir.resolve("drift.csv");
    Path html = dir.resolve("drift.html");
    CliTest.Result r =
        CliTest.run(
            "monitor",
            "drift",
            "--baseline",
            b.toString(),
            "--current",
            c.toString(),
            "--methods",
            "ks,psi",
            "--correction",
            "bonferroni",
            "--format",
            "csv",
            "--output",
            table.toString(),
            "--html",
            html.toString(),
            "--threads",
            "2");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().startsWith("drift: 2 of 6 features drifted"), r.out());
    List<String> lines = Files.readAllLines(table);
    assertEquals(
        "feature,index,method,statistic,p_value,threshold,drifted,correction", lines.get(0));
    assertEquals(1 + 6 * 2, lines.size(), "ks and psi for 6 features; no categorical method");
    assertTrue(lines.get(1).startsWith("f0,0,ks,"), lines.get(1));
    String page = Files.readString(html);
    assertTrue(page.contains("<svg"), "charts of drifted features");
    assertFalse(page.contains("http:") || page.contains("https:"));
  }

  @Test
  void writesJsonToStandardOutputWithTheLabelAsACategoricalFeature() throws IOException {
    Path b = csv("base.csv", 1000, 3, 0, 3);
    Path c = csv("cur.csv", 1000, 3, 1.2, 4);
    CliTest.Result r =
        CliTest.run("monitor", "drift", "--baseline", b.toString(), "--current", c.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertEquals(4, root.get("features_total").asInt(), "3 features and the label");
    boolean labelChi2 = false;
    for (JsonNode f : root.get("features")) {
      if (f.get("feature").asText().equals("label")) {
        assertTrue(List.of("chi2", "linf").contains(f.get("method").asText()), f.toString());
        labelChi2 |= f.get("method").asText().equals("chi2") && f.get("drifted").asBoolean();
      }
    }
    assertTrue(labelChi2, "the class mix moved from 30% to 60% ones");
    assertTrue(r.err().startsWith("drift: "), r.err());
  }

  @Test
  void badInputExitsWithTwoAndSaysWhy() throws IOException {
    Path b = csv("base.csv", 50, 3, 0, 5);
    Path c4 = csv("wide.csv", 50, 4, 0, 6);
    assertBadInput(
        CliTest.run("monitor", "drift", "--baseline", b.toString(), "--current", c4.toString()),
        "--current",
        "(3)",
        "4 columns");
    assertBadInput(
        CliTest.run(
            "monitor",
            "drift",
            "--baseline",
            b.toString(),
            "--current",
            b.toString(),
            "--methods",
            "ks,kl"),
        "--methods",
        "'kl'",
        "wasserstein");
    assertBadInput(
        CliTest.run(
            "monitor",
            "drift",
            "--baseline",
            b.toString(),
            "--current",
            b.toString(),
            "--correction",
            "holm"),
        "--correction",
        "bonferroni");
    assertBadInput(
        CliTest.run(
            "monitor",
            "drift",
            "--baseline",
            b.toString(),
            "--current",
            dir.resolve("missing.csv").toString()),
        "--current",
        "no such file");
  }

  static void assertBadInput(CliTest.Result r, String... fragments) {
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().startsWith("error: "), r.err());
    for (String f : fragments) {
      assertTrue(r.err().contains(f), "missing '" + f + "' in: " + r.err());
    }
    assertFalse(r.err().contains("\tat "), "stack trace printed: " + r.err());
  }
}
