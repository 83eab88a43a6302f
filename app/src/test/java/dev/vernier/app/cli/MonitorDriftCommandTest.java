package dev.vernier.app.cli;

import static dev.vernier.app.cli.CliTest.assertBadInput;
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
            "--table",
            table.toString(),
            "--html",
            html.toString(),
            "--threads",
            "2");
    assertEquals(0, r.code(), r.out() + r.err());
    List<String> out = r.out().lines().toList();
    assertEquals(
        "dataset drift: YES, 2 of 6 features drifted (33.3% >= featureShare 20.0%) by psi"
            + " (statistic > 0.2, no p-values, so no multiple-testing correction)",
        out.get(0));
    assertTrue(out.get(1).startsWith("target drift: YES, label (classes) by chi2 ("), out.get(1));
    assertTrue(out.get(2).startsWith("by any method: 2 of 6 features drifted"), out.get(2));
    List<String> lines = Files.readAllLines(table);
    assertEquals("# " + out.get(0), lines.get(0));
    assertEquals("# " + out.get(1), lines.get(1));
    assertEquals(
        "feature,index,method,statistic,p_value,threshold,drifted,correction", lines.get(2));
    assertEquals(
        3 + 2 + 6 * 2, lines.size(), "chi2 and linf for the label, ks and psi for 6 features");
    assertTrue(lines.get(3).startsWith("label,,chi2,"), lines.get(3));
    assertTrue(lines.get(3).endsWith(",none"), "one test, no correction: " + lines.get(3));
    assertTrue(lines.get(5).endsWith(",bonferroni"), lines.get(5));
    assertTrue(lines.get(5).startsWith("f0,0,ks,"), lines.get(5));
    String page = Files.readString(html);
    assertTrue(page.contains("<svg"), "charts of drifted features");
    assertTrue(page.indexOf("Dataset drift: YES") < page.indexOf("Target drift: label"));
    assertFalse(page.contains("http:") || page.contains("https:"));
  }

  /** Issue: --threads took any count; it is capped as train's and predict's are. */
  /**
   * Outputs are checked before the work: a folder given as --html was found only after the report
   * (exit 1, a raw NoSuchFileException); a missing folder is created.
   */
  @Test
  void outputsAreCheckedBeforeTheWorkAndTheirFoldersCreated() throws IOException {
    Path b = csv("base.csv", 200, 3, 0, 1);
    Path c = csv("cur.csv", 100, 3, 1.0, 2);
    CliTest.Result r =
        CliTest.run(
            "monitor",
            "drift",
            "--baseline",
            b.toString(),
            "--current",
            c.toString(),
            "--html",
            dir.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--html") && r.err().contains("it is a directory"), r.err());
    assertTrue(r.out().isEmpty(), "nothing computed or printed: " + r.out());
    Path nested = dir.resolve("reports/today/drift.html");
    r =
        CliTest.run(
            "monitor",
            "drift",
            "--baseline",
            b.toString(),
            "--current",
            c.toString(),
            "--html",
            nested.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.readString(nested).contains("<html"), "written, its folders created");
  }

  @Test
  void threadsAreCappedAsForTrainAndPredict() throws IOException {
    Path b = csv("base.csv", 50, 2, 0, 1);
    CliTest.Result r =
        CliTest.run(
            "monitor",
            "drift",
            "--baseline",
            b.toString(),
            "--current",
            b.toString(),
            "--threads",
            "100000");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("error: --threads: must be at most " + Threads.max()), r.err());
  }

  @Test
  void writesJsonToStandardOutputWithTheLabelAsTheTarget() throws IOException {
    Path b = csv("base.csv", 1000, 3, 0, 3);
    Path c = csv("cur.csv", 1000, 3, 1.2, 4);
    CliTest.Result r =
        CliTest.run(
            "monitor",
            "drift",
            "--baseline",
            b.toString(),
            "--current",
            c.toString(),
            "--decision",
            "ks",
            "--feature-share",
            "0.7");
    assertEquals(0, r.code(), r.err());
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertEquals(3, root.get("features_total").asInt(), "the label is not a feature");
    JsonNode v = root.get("dataset_drift");
    assertEquals("ks", v.get("method").asText());
    assertEquals(2, v.get("features_drifted").asInt());
    assertEquals(0.7, v.get("feature_share").asDouble());
    assertEquals("NO_DRIFT", v.get("decision").asText(), "2 of 3 is below 70%");
    JsonNode target = root.get("target");
    assertEquals("classes", target.get("kind").asText());
    assertEquals("chi2", target.get("scores").get(0).get("method").asText());
    assertTrue(
        target.get("scores").get(0).get("drifted").asBoolean(),
        "the class mix moved from 30% to 60% ones");
    for (JsonNode f : root.get("features")) {
      assertFalse(f.get("feature").asText().equals("label"), f.toString());
    }
    assertTrue(r.err().startsWith("dataset drift: NO, 2 of 3 features"), r.err());
  }

  @Test
  void outputJsonPrintsTheSummaryAsJsonAndOutputFileStillWritesTheTable() throws IOException {
    Path b = csv("base.csv", 800, 6, 0, 1);
    Path c = csv("cur.csv", 400, 6, 1.0, 2);
    Path table = dir.resolve("drift.json");
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
            "--table",
            table.toString(),
            "--output",
            "json");
    assertEquals(0, r.code(), r.out() + r.err());
    JsonNode s = new ObjectMapper().readTree(r.out());
    assertTrue(s.get("drifted").asBoolean(), r.out());
    assertEquals("DRIFT", s.get("decision").asText(), r.out());
    assertEquals("psi", s.get("method").asText(), r.out());
    assertEquals(2, s.get("featuresDrifted").asInt(), r.out());
    assertEquals(6, s.get("featuresTotal").asInt(), r.out());
    assertTrue(s.get("verdict").asText().startsWith("dataset drift: YES"), r.out());
    assertTrue(s.get("target").get("drifted").asBoolean(), r.out());
    assertTrue(s.get("driftedShareByMethod").has("ks"), r.out());
    assertEquals(table.toString(), s.get("table").asText(), r.out());
    assertTrue(s.get("html").isNull(), r.out());
    assertEquals("", r.err());
    assertEquals(6, new ObjectMapper().readTree(table.toFile()).get("features_total").asInt());

    // the table on standard output: the JSON summary goes to standard error
    r =
        CliTest.run(
            "monitor",
            "drift",
            "--baseline",
            b.toString(),
            "--current",
            c.toString(),
            "--output",
            "json");
    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals(6, new ObjectMapper().readTree(r.out()).get("features_total").asInt());
    assertTrue(new ObjectMapper().readTree(r.err()).get("table").isNull(), r.err());

    // the old spelling: --output FILE writes the table and warns
    Path old = dir.resolve("old.csv");
    r =
        CliTest.run(
            "monitor",
            "drift",
            "--baseline",
            b.toString(),
            "--current",
            c.toString(),
            "--format",
            "csv",
            "--output",
            old.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(Files.readAllLines(old).size() > 3);
    assertTrue(r.out().startsWith("dataset drift: YES"), r.out());
    assertTrue(r.err().contains("deprecated") && r.err().contains("--table FILE"), r.err());
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
            b.toString(),
            "--methods",
            "ks,psi",
            "--decision",
            "js"),
        "--decision",
        "[ks, psi]",
        "'js'");
    assertBadInput(
        CliTest.run(
            "monitor",
            "drift",
            "--baseline",
            b.toString(),
            "--current",
            b.toString(),
            "--feature-share",
            "1.5"),
        "--feature-share",
        "(0, 1]");
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
}
