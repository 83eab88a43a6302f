package dev.vernier.tuner.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.catalog.Direction;
import dev.vernier.core.space.CategoricalRange;
import dev.vernier.core.space.ContinuousRange;
import dev.vernier.core.space.IntegerRange;
import dev.vernier.core.space.ParameterRange;
import dev.vernier.core.space.Scaling;
import dev.vernier.core.space.SearchSpace;
import dev.vernier.tuner.stopping.MedianRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a validated {@link JobSpec} as JSON in the submission format (resolved paths, scalings
 * made explicit) and reads it back without re-validating: what storage keeps and the API shows.
 */
public final class JobSpecCodec {
  private static final ObjectMapper JSON = dev.vernier.core.json.Json.MAPPER;

  private JobSpecCodec() {}

  public static ObjectNode toJson(JobSpec s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("name", s.name());
    if (s.algorithm() != null) {
      o.put("algorithm", s.algorithm());
    } else {
      o.put("command", s.command());
    }
    ObjectNode ch = o.putObject("channels");
    s.channels()
        .forEach(
            (k, c) -> {
              ObjectNode n =
                  ch.putObject(k).put("path", c.path().toString()).put("format", c.format());
              if (c.labels() != null) {
                n.put("labels", c.labels().toString());
              }
            });
    o.putObject("objective")
        .put("metric", s.objective().metric())
        .put("type", s.objective().direction() == Direction.MINIMIZE ? "Minimize" : "Maximize")
        .put("aggregation", s.objective().aggregation().word());
    ObjectNode ranges = o.putObject("parameterRanges");
    s.ranges().ranges().forEach((k, r) -> ranges.set(k, range(r)));
    ObjectNode statics = o.putObject("staticHyperparameters");
    s.staticHyperparameters().forEach(statics::put);
    o.put("strategy", s.strategy());
    ObjectNode l =
        o.putObject("limits")
            .put("maxTrials", s.limits().maxTrials())
            .put("maxParallelTrials", s.limits().maxParallelTrials());
    if (s.limits().maxRuntimePerTrial() != null) {
      l.put("maxRuntimePerTrialSeconds", s.limits().maxRuntimePerTrial().toSeconds());
    }
    if (s.limits().maxRuntime() != null) {
      l.put("maxRuntimeSeconds", s.limits().maxRuntime().toSeconds());
    }
    o.put("earlyStopping", s.earlyStopping());
    if (s.medianRule() != null) {
      ObjectNode m =
          o.putObject("medianRule")
              .put("minTrials", s.medianRule().minTrials())
              .put("minEpochs", s.medianRule().minEpochs())
              .put("percentile", s.medianRule().percentile());
      if (s.medianRule().minRankCorrelation() != null) {
        m.put("minRankCorrelation", s.medianRule().minRankCorrelation());
      }
    }
    ObjectNode c = o.putObject("completion");
    if (s.completion().targetObjectiveValue() != null) {
      c.put("targetObjectiveValue", s.completion().targetObjectiveValue());
    }
    if (s.completion().bestNotImprovedTrials() != null) {
      c.put("bestNotImprovedTrials", s.completion().bestNotImprovedTrials());
    }
    if (!s.warmStart().parents().isEmpty()) {
      ObjectNode w = o.putObject("warmStart");
      ArrayNode p = w.putArray("parents");
      s.warmStart().parents().forEach(p::add);
      w.put(
          "type", s.warmStart().type() == WarmStart.Type.TRANSFER ? "transfer" : "identical-data");
    }
    o.put("seed", s.seed());
    if (!s.metricDefinitions().isEmpty()) {
      ArrayNode d = o.putArray("metricDefinitions");
      s.metricDefinitions()
          .forEach(m -> d.addObject().put("name", m.name()).put("regex", m.regex().pattern()));
    }
    return o;
  }

  private static ObjectNode range(ParameterRange r) {
    ObjectNode n = JSON.createObjectNode().put("type", r.typeName());
    if (r instanceof ContinuousRange c) {
      n.put("min", c.min()).put("max", c.max()).put("scaling", c.scaling().name());
    } else if (r instanceof IntegerRange i) {
      n.put("min", i.min()).put("max", i.max()).put("scaling", i.scaling().name());
    } else if (r instanceof CategoricalRange c) {
      ArrayNode v = n.putArray("values");
      c.values().forEach(v::add);
    }
    return n;
  }

  public static String write(JobSpec s) {
    try {
      return JSON.writeValueAsString(toJson(s));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads what {@link #write} wrote. */
  public static JobSpec read(String json) {
    JsonNode o;
    try {
      o = JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("stored job spec is not JSON", e);
    }
    Map<String, Channel> channels = new LinkedHashMap<>();
    o.get("channels")
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode c = e.getValue();
              channels.put(
                  e.getKey(),
                  new Channel(
                      Path.of(c.get("path").asText()),
                      c.hasNonNull("labels") ? Path.of(c.get("labels").asText()) : null,
                      c.get("format").asText()));
            });
    Map<String, ParameterRange> ranges = new LinkedHashMap<>();
    o.get("parameterRanges")
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode r = e.getValue();
              ParameterRange pr =
                  switch (r.get("type").asText()) {
                    case "continuous" ->
                        new ContinuousRange(
                            r.get("min").asDouble(),
                            r.get("max").asDouble(),
                            Scaling.valueOf(r.get("scaling").asText()));
                    case "integer" ->
                        new IntegerRange(
                            r.get("min").asLong(),
                            r.get("max").asLong(),
                            Scaling.valueOf(r.get("scaling").asText()));
                    default -> {
                      List<String> v = new ArrayList<>();
                      r.get("values").forEach(x -> v.add(x.asText()));
                      yield new CategoricalRange(v);
                    }
                  };
              ranges.put(e.getKey(), pr);
            });
    Map<String, String> statics = new LinkedHashMap<>();
    o.get("staticHyperparameters")
        .fields()
        .forEachRemaining(e -> statics.put(e.getKey(), e.getValue().asText()));
    JsonNode l = o.get("limits");
    JsonNode c = o.get("completion");
    WarmStart warm = WarmStart.NONE;
    if (o.hasNonNull("warmStart")) {
      List<String> parents = new ArrayList<>();
      o.get("warmStart").get("parents").forEach(p -> parents.add(p.asText()));
      warm =
          new WarmStart(
              parents,
              o.get("warmStart").get("type").asText().equals("transfer")
                  ? WarmStart.Type.TRANSFER
                  : WarmStart.Type.IDENTICAL_DATA);
    }
    List<MetricDefinition> defs = new ArrayList<>();
    if (o.hasNonNull("metricDefinitions")) {
      o.get("metricDefinitions")
          .forEach(
              d ->
                  defs.add(
                      new MetricDefinition(
                          d.get("name").asText(), Pattern.compile(d.get("regex").asText()))));
    }
    return new JobSpec(
        o.get("name").asText(),
        o.hasNonNull("algorithm") ? o.get("algorithm").asText() : null,
        o.hasNonNull("command") ? o.get("command").asText() : null,
        channels,
        new Objective(
            o.get("objective").get("metric").asText(),
            o.get("objective").get("type").asText().equals("Minimize")
                ? Direction.MINIMIZE
                : Direction.MAXIMIZE,
            o.get("objective").path("aggregation").asText("latest").equals("best")
                ? Objective.Aggregation.BEST
                : Objective.Aggregation.LATEST),
        new SearchSpace(ranges),
        statics,
        o.get("strategy").asText(),
        new Limits(
            l.get("maxTrials").asInt(),
            l.get("maxParallelTrials").asInt(),
            l.hasNonNull("maxRuntimePerTrialSeconds")
                ? Duration.ofSeconds(l.get("maxRuntimePerTrialSeconds").asLong())
                : null,
            l.hasNonNull("maxRuntimeSeconds")
                ? Duration.ofSeconds(l.get("maxRuntimeSeconds").asLong())
                : null),
        o.get("earlyStopping").asText(),
        new Completion(
            c.hasNonNull("targetObjectiveValue") ? c.get("targetObjectiveValue").asDouble() : null,
            c.hasNonNull("bestNotImprovedTrials") ? c.get("bestNotImprovedTrials").asInt() : null),
        warm,
        o.get("seed").asLong(),
        defs,
        medianRule(o));
  }

  /**
   * The stored median rule; a job stored before the rule had settings ran {@code auto} with {@link
   * MedianRule#LEGACY} and goes on with it, one stored before the rank check without it.
   */
  private static MedianRule medianRule(JsonNode o) {
    JsonNode m = o.get("medianRule");
    if (m != null && m.isObject()) {
      JsonNode r = m.get("minRankCorrelation");
      return new MedianRule(
          m.get("minTrials").asInt(),
          m.get("minEpochs").asInt(),
          m.get("percentile").asDouble(),
          r == null || r.isNull() ? null : r.asDouble());
    }
    String e = o.get("earlyStopping").asText();
    return e.equals("auto") || e.equals("median") ? MedianRule.LEGACY : null;
  }
}
