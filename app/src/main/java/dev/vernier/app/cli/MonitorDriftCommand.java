package dev.vernier.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import dev.vernier.monitor.drift.DatasetDrift;
import dev.vernier.monitor.drift.DriftAnalysis;
import dev.vernier.monitor.drift.DriftMethod;
import dev.vernier.monitor.drift.DriftMethods;
import dev.vernier.monitor.drift.MultipleTesting;
import dev.vernier.monitor.report.DriftReport;
import dev.vernier.monitor.report.ReportCsv;
import dev.vernier.monitor.report.ReportHtml;
import dev.vernier.monitor.report.ReportJson;
import dev.vernier.monitor.report.ReportText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vernier monitor drift}: compares a current dataset with a baseline, feature by feature,
 * decides whether the dataset drifted (as a monitor does, by the share of features its decision
 * method flags), scores the labels as the target when both files have them, and writes the table as
 * JSON or CSV, optionally with an HTML report.
 */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description = {
      "Compares every feature of a current dataset with a baseline (KS, PSI, Jensen-Shannon,"
          + " Wasserstein; chi-squared and L-infinity for categorical columns and class labels).",
      "Opens with the verdict: the dataset drifted when at least --feature-share of the features"
          + " drift by the --decision method; then the labels' (target) drift, scored apart from"
          + " the features.",
      "Writes one row per feature and method: statistic, p-value, threshold, drifted.",
      "--format picks the table's format; --output json prints the summary as JSON."
    })
public final class MonitorDriftCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--baseline",
      required = true,
      description = "Baseline data: IDX (optionally gzip), CSV (label first, no header) or libsvm.")
  Path baseline;

  @Option(
      names = "--baseline-labels",
      description = "Labels for IDX baseline data (a 1-D IDX file).")
  Path baselineLabels;

  @Option(names = "--current", required = true, description = "Current data, same columns.")
  Path current;

  @Option(names = "--current-labels", description = "Labels for IDX current data.")
  Path currentLabels;

  @Option(
      names = "--methods",
      split = ",",
      description =
          "Drift methods, comma-separated (default: all: ks, psi, js, wasserstein for numeric"
              + " columns, chi2, linf for categorical ones).")
  List<String> methods;

  @Option(
      names = "--categorical",
      split = ",",
      description = "Columns (from 0) that hold category codes (integers, -1 for unseen).")
  List<Integer> categorical = new ArrayList<>();

  @Option(
      names = "--correction",
      defaultValue = "none",
      description =
          "Multiple-testing correction for p-value methods across features: none, bonferroni or"
              + " bh (Benjamini-Hochberg) (default: ${DEFAULT-VALUE}).")
  String correction;

  @Option(
      names = "--decision",
      description =
          "The method whose decisions count for the dataset verdict (default: psi when chosen and"
              + " a feature is numeric, else the first chosen method that scores a feature).")
  String decision;

  @Option(
      names = "--feature-share",
      defaultValue = "0.2",
      description =
          "The dataset drifted when at least this share of the features drift by the decision"
              + " method, in (0, 1], as a monitor's drift.featureShare (default: ${DEFAULT-VALUE}).")
  double featureShare;

  @Option(
      names = "--format",
      defaultValue = "json",
      description = "json or csv (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--table",
      paramLabel = "FILE",
      description =
          "File for the table (once --output); - or nothing for standard output (and the summary"
              + " to standard error).")
  Path table;

  @Mixin OutputFormat output;

  @Option(names = "--html", description = "Also write a self-contained HTML report here.")
  Path html;

  @Option(
      names = "--threads",
      description =
          "Threads, from 1 to the larger of 256 and 4 per core (default: the number of cores).")
  Integer threads;

  @Override
  public Integer call() throws IOException {
    table = output.legacyFile(spec, "--table", table, Path::of);
    boolean json = output.json();
    PrintWriter out = spec.commandLine().getOut();
    String fmt = format.toLowerCase(Locale.ROOT);
    if (!fmt.equals("json") && !fmt.equals("csv")) {
      throw new InvalidInputException("--format", "must be json or csv", format);
    }
    // the outputs before any work: a report computed and then not written helps nobody
    if (table != null) {
      FileArguments.requireWritableFile("--table", table);
    }
    if (html != null) {
      FileArguments.requireWritableFile("--html", html);
    }
    // settings first, so a typo fails before large files are read
    DriftAnalysis.Builder b =
        DriftAnalysis.builder().correction(MultipleTesting.parse("--correction", correction));
    List<DriftMethod> chosen =
        methods == null ? DriftMethods.all() : methods.stream().map(this::method).toList();
    b.methods(chosen);
    String decisionMethod = decision == null ? null : decision.trim().toLowerCase(Locale.ROOT);
    if (decisionMethod != null && chosen.stream().noneMatch(m -> m.name().equals(decisionMethod))) {
      throw new InvalidInputException(
          "--decision",
          "must be one of the chosen methods " + chosen.stream().map(DriftMethod::name).toList(),
          decision);
    }
    if (!(featureShare > 0 && featureShare <= 1)) {
      throw new InvalidInputException("--feature-share", "must be in (0, 1]", featureShare);
    }
    if (threads != null) {
      b.threads(Threads.resolve("--threads", threads));
    }
    Dataset base = DataOptions.read(spec, "--baseline", baseline, baselineLabels, "auto");
    Dataset cur = DataOptions.read(spec, "--current", current, currentLabels, "auto");
    if (cur.cols() != base.cols()) {
      throw new InvalidInputException(
          "--current",
          "must have as many columns as --baseline (" + base.cols() + ")",
          cur.cols() + " columns");
    }
    for (int c : categorical) {
      if (c < 0 || c >= base.cols()) {
        throw new InvalidInputException(
            "--categorical", "columns must be between 0 and " + (base.cols() - 1), c);
      }
    }
    b.categorical(categorical.stream().mapToInt(Integer::intValue).toArray());
    // the labels, when both files have them, are the target: DriftReport scores them apart
    DriftReport report;
    try {
      report = DriftReport.compute(base, cur, b.build(), decisionMethod, featureShare);
    } catch (InvalidInputException e) {
      if (!e.field().equals("decision")) {
        throw e;
      }
      throw e.at("--decision");
    }

    if (table != null && table.toString().equals("-")) {
      table = null;
    }
    if (table == null) {
      write(report, fmt, out);
    } else {
      try (Writer w = Files.newBufferedWriter(created(table), StandardCharsets.UTF_8)) {
        write(report, fmt, w);
      }
    }
    if (html != null) {
      try (Writer w = Files.newBufferedWriter(created(html), StandardCharsets.UTF_8)) {
        ReportHtml.write(report, w);
      }
    }
    out.flush();
    PrintWriter summary = table == null ? spec.commandLine().getErr() : out;
    summary.println(json ? json(report).toPrettyString() : summary(report));
    summary.flush();
    return 0;
  }

  private DriftMethod method(String name) {
    return DriftMethods.byName("--methods", name.trim());
  }

  private static void write(DriftReport report, String fmt, Writer w) throws IOException {
    if (fmt.equals("csv")) {
      ReportCsv.write(report, w);
    } else {
      ReportJson.write(report, w);
    }
  }

  private String summary(DriftReport report) {
    StringBuilder sb = new StringBuilder(report.verdict().summary()).append('\n');
    report.target().ifPresent(t -> sb.append(ReportText.target(t)).append('\n'));
    sb.append(
        String.format(
            Locale.ROOT,
            "by any method: %d of %d features drifted",
            report.driftedFeatures(),
            report.results().features().size()));
    String sep = " (";
    for (Map.Entry<String, Double> e : report.driftedShareByMethod().entrySet()) {
      sb.append(sep)
          .append(e.getKey())
          .append(String.format(Locale.ROOT, " %.1f%%", 100 * e.getValue()));
      sep = ", ";
    }
    sb.append(sep.equals(", ") ? ")" : "");
    sb.append(String.format(Locale.ROOT, "; %.2f s", report.results().timings().wallSeconds()));
    if (table != null) {
      sb.append("; table in ").append(table);
    }
    if (html != null) {
      sb.append("; report in ").append(html);
    }
    return sb.toString();
  }

  /** The summary as JSON: the verdict, the target's drift, the shares by method, the files. */
  private ObjectNode json(DriftReport report) {
    ObjectNode o = ModelCommand.Inspect.JSON.createObjectNode();
    DatasetDrift v = report.verdict();
    o.put("drifted", v.decision() == DatasetDrift.Decision.DRIFT);
    o.put("decision", v.decision().name());
    o.put("method", v.method());
    o.put("featuresDrifted", v.drifted());
    o.put("featuresScored", v.features());
    o.put("featuresNotScored", v.notScored());
    o.put("share", v.share());
    o.put("featureShare", v.featureShare());
    o.put("verdict", v.summary());
    if (report.target().isPresent()) {
      DriftReport.Target t = report.target().get();
      o.putObject("target")
          .put("name", t.drift().name())
          .put("drifted", t.drift().drifted())
          .put("summary", ReportText.target(t));
    } else {
      o.putNull("target");
    }
    o.put("featuresTotal", report.results().features().size());
    o.put("featuresDriftedByAnyMethod", report.driftedFeatures());
    ObjectNode shares = o.putObject("driftedShareByMethod");
    report.driftedShareByMethod().forEach(shares::put);
    o.put("seconds", report.results().timings().wallSeconds());
    if (table == null) {
      o.putNull("table");
    } else {
      o.put("table", table.toString());
    }
    if (html == null) {
      o.putNull("html");
    } else {
      o.put("html", html.toString());
    }
    return o;
  }

  /** {@code file}, its folder created when missing (the early check found it creatable). */
  private static Path created(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return file;
  }
}
