package dev.vernier.monitor.baseline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.json.Json;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * A {@link Baseline} as one compact JSON document, for a database column and the REST API. Field
 * names are stable (bump {@code format} when they change):
 *
 * <pre>{@code
 * {"format": 1,
 *  "schema": {"features": [{"name": "f0", "type": "NUMERIC"},
 *                          {"name": "c", "type": "CATEGORICAL", "categories": ["a", "b"]}],
 *             "prediction": {"type": "CLASS", "classCount": 10}},
 *  "profiles": [{"name": "f0", "type": "NUMERIC", "count": 9, "missing": 1, "mean": 0.5,
 *                "std": 0.1, "min": 0, "max": 1, "sketch": "<base64 KLL>",
 *                "histogram": {"lo": 0, "hi": 1, "counts": [..]}},
 *               {"name": "c", ..., "categoryCounts": [7, 3]}],
 *  "predictionProfile": {...},
 *  "constraints": {"features": [...]},
 *  "provenance": {"datasetName": "..", "datasetSha256": "..", "rows": 10, "modelId": "..",
 *                 "modelAlgorithm": "..", "vernierVersion": "..", "createdAt": "2024-..Z"}}
 * }</pre>
 *
 * <p>Statistics of a feature without values are written as null and read as NaN. Absent optional
 * members ({@code prediction}, {@code predictionProfile}, {@code modelId}, ...) mean none. Reading
 * fails with an {@link InvalidInputException} naming the JSON path.
 */
public final class BaselineCodec {
  /** The document format written; reading accepts only this one. */
  public static final int FORMAT = 1;

  private static final Set<String> TOP =
      Set.of("format", "schema", "profiles", "predictionProfile", "constraints", "provenance");
  private static final Set<String> PROFILE =
      Set.of(
          "name",
          "type",
          "count",
          "missing",
          "mean",
          "std",
          "min",
          "max",
          "sketch",
          "histogram",
          "categoryCounts");

  private BaselineCodec() {}

  public static ObjectNode toJson(Baseline b) {
    ObjectNode o = Json.MAPPER.createObjectNode().put("format", FORMAT);
    o.set("schema", schema(b.schema()));
    ArrayNode ps = o.putArray("profiles");
    b.profiles().forEach(p -> ps.add(profile(p)));
    if (b.predictionProfile() != null) {
      o.set("predictionProfile", profile(b.predictionProfile()));
    }
    o.set("constraints", ConstraintsCodec.toJson(b.constraints()));
    BaselineProvenance v = b.provenance();
    ObjectNode pv =
        o.putObject("provenance")
            .put("datasetName", v.datasetName())
            .put("datasetSha256", v.datasetSha256())
            .put("rows", v.rows());
    if (v.modelId() != null) {
      pv.put("modelId", v.modelId());
    }
    if (v.modelAlgorithm() != null) {
      pv.put("modelAlgorithm", v.modelAlgorithm());
    }
    pv.put("vernierVersion", v.vernierVersion()).put("createdAt", v.createdAt().toString());
    return o;
  }

  /** Compact JSON (no indentation). */
  public static String write(Baseline b) {
    try {
      return Json.MAPPER.writeValueAsString(toJson(b));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads what {@link #write} wrote, checking it as it goes. */
  public static Baseline read(String json) {
    Json root = Json.parse(json, "a baseline document");
    root.rejectUnknown(TOP);
    root.get("format").longValue(FORMAT, FORMAT);
    Schema schema = schema(root.get("schema"));
    List<FeatureProfile> profiles = new ArrayList<>();
    for (Json p : root.get("profiles").array()) {
      profiles.add(profile(p));
    }
    Json pp = root.opt("predictionProfile");
    Constraints constraints = ConstraintsCodec.read(root.get("constraints"), schema);
    Json v = root.get("provenance").object();
    v.rejectUnknown(
        Set.of(
            "datasetName",
            "datasetSha256",
            "rows",
            "modelId",
            "modelAlgorithm",
            "vernierVersion",
            "createdAt"));
    Json created = v.get("createdAt");
    Instant at;
    try {
      at = Instant.parse(created.text());
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(created.path, "must be an ISO-8601 instant", created.text());
    }
    BaselineProvenance provenance =
        new BaselineProvenance(
            v.get("datasetName").text(),
            v.get("datasetSha256").text(),
            v.get("rows").longValue(0, Long.MAX_VALUE),
            optText(v, "modelId"),
            optText(v, "modelAlgorithm"),
            v.get("vernierVersion").text(),
            at);
    try {
      return new Baseline(
          schema, profiles, pp == null ? null : profile(pp), constraints, provenance);
    } catch (InvalidInputException e) {
      String field = e.field().startsWith("$") ? e.field() : "$." + e.field();
      throw e.at(field);
    }
  }

  private static ObjectNode schema(Schema s) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode fs = o.putArray("features");
    for (FeatureSchema f : s.features()) {
      ObjectNode n = fs.addObject().put("name", f.name()).put("type", f.type().name());
      if (f.categories() != null) {
        ArrayNode c = n.putArray("categories");
        f.categories().forEach(c::add);
      }
    }
    if (s.prediction() != null) {
      o.putObject("prediction")
          .put("type", s.prediction().type().name())
          .put("classCount", s.prediction().classCount());
    }
    return o;
  }

  private static Schema schema(Json j) {
    j.object().rejectUnknown(Set.of("features", "prediction"));
    List<FeatureSchema> features = new ArrayList<>();
    for (Json f : j.get("features").array()) {
      f.object().rejectUnknown(Set.of("name", "type", "categories"));
      FeatureType type = f.get("type").enumValue(FeatureType.class);
      List<String> categories = null;
      Json c = f.opt("categories");
      if (c != null) {
        categories = new ArrayList<>();
        for (Json item : c.array()) {
          categories.add(item.text());
        }
      }
      features.add(new FeatureSchema(f.get("name").text(), type, categories));
    }
    Json p = j.opt("prediction");
    PredictionSchema prediction = null;
    if (p != null) {
      p.object().rejectUnknown(Set.of("type", "classCount"));
      prediction =
          new PredictionSchema(
              p.get("type").enumValue(PredictionType.class),
              (int) p.get("classCount").longValue(0, PredictionSchema.MAX_CLASSES));
    }
    return new Schema(features, prediction);
  }

  private static ObjectNode profile(FeatureProfile p) {
    ObjectNode o =
        Json.MAPPER
            .createObjectNode()
            .put("name", p.name())
            .put("type", p.type().name())
            .put("count", p.count())
            .put("missing", p.missing());
    putFinite(o, "mean", p.mean());
    putFinite(o, "std", p.std());
    putFinite(o, "min", p.min());
    putFinite(o, "max", p.max());
    if (p.sketchBytes() != null) {
      o.put("sketch", Base64.getEncoder().encodeToString(p.sketchBytes()));
    }
    Histogram h = p.histogram();
    if (h != null) {
      ArrayNode c = o.putObject("histogram").put("lo", h.lo()).put("hi", h.hi()).putArray("counts");
      for (long n : h.counts()) {
        c.add(n);
      }
    }
    if (p.categoryCounts() != null) {
      ArrayNode c = o.putArray("categoryCounts");
      for (long n : p.categoryCounts()) {
        c.add(n);
      }
    }
    return o;
  }

  private static void putFinite(ObjectNode o, String name, double v) {
    if (Double.isFinite(v)) {
      o.put(name, v);
    } else {
      o.putNull(name);
    }
  }

  private static FeatureProfile profile(Json j) {
    j.object().rejectUnknown(PROFILE);
    Json sketch = j.opt("sketch");
    Json h = j.opt("histogram");
    Histogram histogram = null;
    if (h != null) {
      h.object().rejectUnknown(Set.of("lo", "hi", "counts"));
      double lo = h.get("lo").doubleValue();
      double hi = h.get("hi").doubleValue();
      if (lo > hi) {
        throw new InvalidInputException(
            h.path + ".lo", "must be <= hi", new Shown.Text(Shown.num(lo) + " > " + Shown.num(hi)));
      }
      histogram = new Histogram(lo, hi, counts(h.get("counts")));
    }
    Json cc = j.opt("categoryCounts");
    String name = j.get("name").text();
    try {
      return profile(j, name, sketch, histogram, cc);
    } catch (InvalidInputException e) {
      if (e.field().startsWith("$")) {
        throw e;
      }
      // the profile names its own fields "<feature>.<member>": point at the document instead
      String member = e.field().startsWith(name) ? e.field().substring(name.length()) : "";
      throw e.at(j.path + member);
    }
  }

  private static FeatureProfile profile(
      Json j, String name, Json sketch, Histogram histogram, Json cc) {
    return new FeatureProfile(
        name,
        j.get("type").enumValue(FeatureType.class),
        j.get("count").longValue(0, Long.MAX_VALUE),
        j.get("missing").longValue(0, Long.MAX_VALUE),
        doubleOrNaN(j, "mean"),
        doubleOrNaN(j, "std"),
        doubleOrNaN(j, "min"),
        doubleOrNaN(j, "max"),
        sketch == null ? null : sketch.base64(),
        histogram,
        cc == null ? null : counts(cc));
  }

  private static long[] counts(Json a) {
    List<Json> items = a.array();
    if (items.isEmpty()) {
      throw new InvalidInputException(a.path, "must hold at least one count", "[]");
    }
    long[] out = new long[items.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = items.get(i).longValue(0, Long.MAX_VALUE);
    }
    return out;
  }

  private static double doubleOrNaN(Json j, String name) {
    Json v = j.opt(name);
    return v == null ? Double.NaN : v.doubleValue();
  }

  private static String optText(Json j, String name) {
    Json v = j.opt(name);
    return v == null ? null : v.text();
  }
}
