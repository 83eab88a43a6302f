package dev.vernier.monitor.storage.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.alert.ViolationKind;
import dev.vernier.monitor.evaluate.WindowResult;
import dev.vernier.monitor.evaluate.WindowResult.Compared;
import dev.vernier.monitor.evaluate.WindowResult.DataQuality;
import dev.vernier.monitor.evaluate.WindowResult.Drift;
import dev.vernier.monitor.evaluate.WindowResult.FeatureScores;
import dev.vernier.monitor.evaluate.WindowResult.ModelQualityFigures;
import dev.vernier.monitor.evaluate.WindowResult.PredictionDrift;
import dev.vernier.monitor.evaluate.WindowResult.QualityViolation;
import dev.vernier.monitor.evaluate.WindowResult.Score;
import dev.vernier.monitor.evaluate.WindowResult.Span;
import dev.vernier.monitor.quality.ModelViolation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link WindowResult} as the JSON document stored with its window and served under a window's
 * {@code result}, and an alert's evidence. The bytes are those written since the first release:
 * fields in the order {@code window, drift, dataQuality, predictionDrift, modelQuality, violations,
 * incidents, alerts}, except that a model quality first computed from late labels follows {@code
 * alerts}, and {@code modelQualityError} comes last; absent parts are left out. Reads documents of
 * every release (parts added later are null when absent). Stateless and thread-safe.
 */
public final class WindowResultCodec {
  private WindowResultCodec() {}

  /** The stored document of {@code r}. */
  public static String write(WindowResult r) {
    return node(r).toString();
  }

  /** The document as a JSON tree (for the REST layer). */
  public static ObjectNode node(WindowResult r) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    if (r.window() != null) {
      o.putObject("window")
          .put("start", r.window().start())
          .put("end", r.window().end())
          .put("events", r.window().events());
    }
    if (r.drift() != null) {
      drift(o.putObject("drift"), r.drift());
    }
    if (r.dataQuality() != null) {
      ObjectNode dq = o.putObject("dataQuality").put("rows", r.dataQuality().rows());
      qualityViolations(dq.putArray("violations"), r.dataQuality().violations());
    }
    if (r.predictionDrift() != null) {
      ArrayNode scores = o.putObject("predictionDrift").putArray("scores");
      r.predictionDrift().scores().forEach(s -> score(scores.addObject(), s));
    }
    if (r.modelQuality() != null && !r.modelQualityLate()) {
      modelQuality(o.putObject("modelQuality"), r.modelQuality());
    }
    kinds(o.putArray("violations"), r.violations());
    if (r.incidents() != null) {
      kinds(o.putArray("incidents"), r.incidents());
    }
    if (r.alerts() != null) {
      kinds(o.putArray("alerts"), r.alerts());
    }
    if (r.modelQuality() != null && r.modelQualityLate()) {
      modelQuality(o.putObject("modelQuality"), r.modelQuality());
    }
    if (r.modelQualityError() != null) {
      o.put("modelQualityError", r.modelQualityError());
    }
    return o;
  }

  /**
   * The evidence of an alert of {@code kind} raised on {@code r}, as stored with the alert and
   * delivered; {@code modelViolations} are those found with a model-quality violation.
   */
  public static String evidence(
      ViolationKind kind, WindowResult r, List<ModelViolation> modelViolations) {
    ObjectNode ev = Json.MAPPER.createObjectNode();
    switch (kind) {
      case DRIFT -> {
        ev.put("summary", r.summary(kind, modelViolations));
        long start = r.window().start();
        ev.put("window", start);
        ArrayNode list = ev.putArray("evidence");
        for (FeatureScores f : r.drift().topDrifted()) {
          ObjectNode e = list.addObject().put("feature", f.feature());
          score(e, f.score(r.drift().decision())).put("window", start);
        }
      }
      case DATA_QUALITY -> {
        ev.put("summary", r.summary(kind, modelViolations));
        qualityViolations(ev.putArray("evidence"), r.dataQuality().violations());
      }
      case PREDICTION_DRIFT -> {
        ArrayNode list = ev.putArray("evidence");
        for (Score s : r.predictionDrift().scores()) {
          if (s.drifted()) {
            score(list.addObject().put("feature", "prediction"), s);
          }
        }
        ev.put("summary", r.summary(kind, modelViolations));
      }
      case MODEL_QUALITY -> {
        ev.put("summary", r.summary(kind, modelViolations));
        ArrayNode list = ev.putArray("evidence");
        Compared compared = r.modelQuality() == null ? null : r.modelQuality().compared();
        for (ModelViolation v : modelViolations) {
          ObjectNode e =
              list.addObject()
                  .put("metric", v.metric().name().toLowerCase(Locale.ROOT))
                  .put("baseline", v.baseline())
                  .put("observed", v.observed())
                  .put("limit", v.limit());
          if (compared != null) {
            ArrayNode classes = e.putArray("classes");
            v.classes().forEach(classes::add);
            e.put("compared", compared.summary());
          }
        }
      }
    }
    return ev.toString();
  }

  private static void drift(ObjectNode d, Drift r) {
    d.put("decision", r.decision())
        .put("driftedShare", r.driftedShare())
        .put("featureShare", r.featureShare())
        .put("correction", r.correction())
        .put("seconds", r.seconds());
    ObjectNode shares = d.putObject("sharePerMethod");
    r.sharePerMethod().forEach(shares::put);
    if (r.statistics() != null) {
      ArrayNode statistics = d.putArray("statistics");
      for (Double v : r.statistics()) {
        if (v == null) {
          statistics.addNull();
        } else {
          statistics.add(v);
        }
      }
    }
    ArrayNode features = d.putArray("topDrifted");
    for (FeatureScores f : r.topDrifted()) {
      ArrayNode scores = features.addObject().put("feature", f.feature()).putArray("scores");
      f.scores().forEach(s -> score(scores.addObject(), s));
    }
    d.put("drifted", r.drifted());
  }

  private static ObjectNode score(ObjectNode o, Score s) {
    o.put("method", s.method()).put("statistic", s.statistic());
    if (!Double.isNaN(s.pValue())) {
      o.put("pValue", s.pValue());
    }
    return o.put("threshold", s.threshold()).put("rule", s.rule()).put("drifted", s.drifted());
  }

  private static void qualityViolations(ArrayNode list, List<QualityViolation> violations) {
    for (QualityViolation v : violations) {
      list.addObject()
          .put("feature", v.feature())
          .put("check", v.check())
          .put("observed", v.observed())
          .put("limit", v.limit())
          .put("message", v.message());
    }
  }

  private static void modelQuality(ObjectNode mq, ModelQualityFigures f) {
    mq.put("labels", f.labels());
    if (f.accuracy() != null) {
      mq.put("accuracy", f.accuracy()).put("macroF1", f.macroF1());
      if (f.classes() != null) {
        ArrayNode classes = mq.putArray("classes");
        f.classes().forEach(classes::add);
      }
      if (f.compared() != null) {
        compared(mq.putObject("compared"), f.compared());
      }
    } else if (f.rmse() != null) {
      mq.put("rmse", f.rmse()).put("mae", f.mae());
    }
  }

  private static void compared(ObjectNode o, Compared c) {
    ArrayNode classes = o.putArray("classes");
    c.classes().forEach(classes::add);
    if (!c.unmatched().isEmpty()) {
      ArrayNode unmatched = o.putArray("unmatched");
      c.unmatched().forEach(unmatched::add);
    }
    o.put("labels", c.labels()).put("summary", c.summary()).put("baselineAt", c.baselineAt());
    putFinite(o, "accuracy", c.accuracy());
    putFinite(o, "baselineAccuracy", c.baselineAccuracy());
    putFinite(o, "macroF1", c.macroF1());
    putFinite(o, "baselineMacroF1", c.baselineMacroF1());
  }

  private static void putFinite(ObjectNode o, String name, double v) {
    if (Double.isFinite(v)) {
      o.put(name, v);
    } else {
      o.putNull(name);
    }
  }

  private static void kinds(ArrayNode a, Iterable<ViolationKind> kinds) {
    kinds.forEach(k -> a.add(k.id()));
  }

  /** Reads a stored document (of any release); an error names the document. */
  public static WindowResult read(String json) {
    return read(Json.parse(json, "window result").node);
  }

  /** Reads a result document's tree. */
  public static WindowResult read(JsonNode o) {
    JsonNode w = o.get("window");
    Span window =
        w == null
            ? null
            : new Span(w.path("start").asLong(), w.path("end").asLong(), w.path("events").asLong());
    boolean late = false;
    if (o.has("modelQuality") && o.has("alerts")) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      late = names.indexOf("modelQuality") > names.indexOf("alerts");
    }
    return new WindowResult(
        window,
        o.has("drift") ? readDrift(o.get("drift")) : null,
        o.has("dataQuality")
            ? new DataQuality(
                o.get("dataQuality").path("rows").asLong(),
                readQualityViolations(o.get("dataQuality").path("violations")))
            : null,
        o.has("predictionDrift")
            ? new PredictionDrift(readScores(o.get("predictionDrift").path("scores")))
            : null,
        o.has("modelQuality") ? readModelQuality(o.get("modelQuality")) : null,
        new LinkedHashSet<>(readKinds(o.get("violations"))),
        o.has("incidents") ? readKinds(o.get("incidents")) : null,
        o.has("alerts") ? readKinds(o.get("alerts")) : null,
        late,
        o.has("modelQualityError") ? o.get("modelQualityError").asText() : null);
  }

  private static Drift readDrift(JsonNode d) {
    Map<String, Double> shares = new LinkedHashMap<>();
    d.path("sharePerMethod")
        .fields()
        .forEachRemaining(e -> shares.put(e.getKey(), num(e.getValue())));
    List<Double> statistics = null;
    if (d.has("statistics")) {
      statistics = new ArrayList<>();
      for (JsonNode v : d.get("statistics")) {
        statistics.add(v.isNull() ? null : num(v));
      }
    }
    List<FeatureScores> top = new ArrayList<>();
    for (JsonNode f : d.path("topDrifted")) {
      top.add(new FeatureScores(f.path("feature").asText(), readScores(f.path("scores"))));
    }
    return new Drift(
        d.path("decision").asText(),
        num(d.get("driftedShare")),
        num(d.get("featureShare")),
        d.path("correction").asText(),
        num(d.get("seconds")),
        shares,
        statistics,
        top,
        d.path("drifted").asBoolean());
  }

  private static List<Score> readScores(JsonNode array) {
    List<Score> out = new ArrayList<>();
    for (JsonNode s : array) {
      out.add(
          new Score(
              s.path("method").asText(),
              num(s.get("statistic")),
              s.has("pValue") ? num(s.get("pValue")) : Double.NaN,
              num(s.get("threshold")),
              s.path("rule").asText(),
              s.path("drifted").asBoolean()));
    }
    return out;
  }

  private static List<QualityViolation> readQualityViolations(JsonNode array) {
    List<QualityViolation> out = new ArrayList<>();
    for (JsonNode v : array) {
      out.add(
          new QualityViolation(
              v.path("feature").asText(),
              v.path("check").asText(),
              num(v.get("observed")),
              num(v.get("limit")),
              v.path("message").asText()));
    }
    return out;
  }

  private static ModelQualityFigures readModelQuality(JsonNode mq) {
    Compared compared = null;
    JsonNode c = mq.get("compared");
    if (c != null) {
      compared =
          new Compared(
              ints(c.path("classes")),
              ints(c.path("unmatched")),
              c.path("labels").asLong(),
              c.path("summary").asText(),
              c.path("baselineAt").asText(),
              num(c.get("accuracy")),
              num(c.get("baselineAccuracy")),
              num(c.get("macroF1")),
              num(c.get("baselineMacroF1")));
    }
    return new ModelQualityFigures(
        mq.path("labels").asInt(),
        mq.has("accuracy") ? num(mq.get("accuracy")) : null,
        mq.has("macroF1") ? num(mq.get("macroF1")) : null,
        mq.has("classes") ? ints(mq.get("classes")) : null,
        compared,
        mq.has("rmse") ? num(mq.get("rmse")) : null,
        mq.has("mae") ? num(mq.get("mae")) : null);
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asInt()));
    return out;
  }

  private static List<ViolationKind> readKinds(JsonNode array) {
    List<ViolationKind> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(e -> out.add(ViolationKind.of(e.asText())));
    }
    return out;
  }

  /** A number, NaN for null or absent ({@code "NaN"} as Jackson writes it reads back as NaN). */
  private static double num(JsonNode v) {
    return v == null || v.isNull() ? Double.NaN : v.asDouble();
  }
}
