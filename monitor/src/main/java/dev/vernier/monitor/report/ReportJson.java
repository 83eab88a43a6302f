package dev.vernier.monitor.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.monitor.drift.DatasetDrift;
import dev.vernier.monitor.drift.DriftResults;
import dev.vernier.monitor.drift.DriftScore;
import dev.vernier.monitor.drift.FeatureKind;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/**
 * The report as one JSON document. First {@code dataset_drift}, the verdict: {@code drifted},
 * {@code decision} ({@code DRIFT} or {@code NO_DRIFT}), {@code features_drifted} of {@code
 * features_scored} by {@code method} at {@code threshold}, their {@code share} against {@code
 * feature_share}, the {@code correction} applied to the method's decisions and {@code summary}, the
 * sentence the other outputs print. Then {@code target} when both datasets have labels (its {@code
 * name}, {@code kind}, {@code drifted} and {@code scores}) or null, the two datasets, the
 * correction, a summary per method (features it applies to, how many it flags, the share), and the
 * table ({@code features}: one object per feature and method with {@code statistic}, {@code
 * p_value} (null without one), {@code threshold} and {@code drifted}).
 */
public final class ReportJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private ReportJson() {}

  public static void write(DriftReport report, Writer out) throws IOException {
    MAPPER.writeValue(out, tree(report));
    out.write('\n');
    out.flush();
  }

  static ObjectNode tree(DriftReport report) {
    DriftResults r = report.results();
    ObjectNode root = MAPPER.createObjectNode();
    DatasetDrift v = report.verdict();
    root.putObject("dataset_drift")
        .put("drifted", v.decision() == DatasetDrift.Decision.DRIFT)
        .put("decision", v.decision().name())
        .put("features_drifted", v.drifted())
        .put("features_scored", v.features())
        .put("features_not_scored", v.notScored())
        .put("share", v.share())
        .put("feature_share", v.featureShare())
        .put("method", v.method())
        .put("threshold", v.threshold().toString())
        .put("correction", v.appliedCorrection().id())
        .put("summary", v.summary());
    if (report.target().isPresent()) {
      DriftReport.Target t = report.target().get();
      ObjectNode o =
          root.putObject("target")
              .put("name", t.drift().name())
              .put("kind", t.kind() == FeatureKind.CATEGORICAL ? "classes" : "numeric")
              .put("drifted", t.drift().drifted());
      ArrayNode scores = o.putArray("scores");
      for (DriftScore s : t.drift().scores()) {
        score(scores.addObject().put("method", s.method()), s);
      }
    } else {
      root.putNull("target");
    }
    root.putObject("baseline").put("name", report.baselineName()).put("rows", r.baselineRows());
    root.putObject("current").put("name", report.currentName()).put("rows", r.currentRows());
    root.put("correction", r.correction().id());
    ArrayNode methods = root.putArray("methods");
    r.methods().forEach(methods::add);
    root.put("features_total", r.features().size());
    root.put("features_drifted", report.driftedFeatures());
    ArrayNode summary = root.putArray("summary");
    for (Map.Entry<String, Double> e : report.driftedShareByMethod().entrySet()) {
      int n = r.applicable(e.getKey());
      summary
          .addObject()
          .put("method", e.getKey())
          .put("threshold", report.threshold(e.getKey()).toString())
          .put("features", n)
          .put("drifted", Math.round(e.getValue() * n))
          .put("share", e.getValue());
    }
    ArrayNode rows = root.putArray("features");
    for (DriftReport.Row row : report.rows()) {
      DriftScore s = row.score();
      score(
          rows.addObject()
              .put("feature", row.feature())
              .put("index", row.index())
              .put("method", s.method()),
          s);
    }
    return root;
  }

  private static void score(ObjectNode o, DriftScore s) {
    o.put("statistic", s.statistic());
    if (s.hasPValue()) {
      o.put("p_value", s.pValue());
    } else {
      o.putNull("p_value");
    }
    o.put("threshold", s.threshold().toString()).put("drifted", s.drifted());
  }
}
