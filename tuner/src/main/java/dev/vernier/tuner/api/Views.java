package dev.vernier.tuner.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.Direction;
import dev.vernier.tuner.job.ConfigJson;
import dev.vernier.tuner.job.EpochMetrics;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobSpecCodec;
import dev.vernier.tuner.job.StopDecisionRecord;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.TrialState;
import dev.vernier.tuner.service.TuningService;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The JSON the API shows for jobs and trials. */
final class Views {
  static final ObjectMapper JSON = dev.vernier.core.json.Json.MAPPER;

  private Views() {}

  /**
   * Parses a request body (a job, a SageMaker request, a worker's registration or heartbeat) as
   * exactly one JSON document; every error is bad input:
   *
   * <ul>
   *   <li>malformed JSON, at {@code $};
   *   <li>anything but whitespace after the document ({@code {...} xyz}, a second document {@code
   *       {...}{}}), at {@code $}: read leniently, the rest was silently dropped;
   *   <li>a field given twice in one object ({@code "maxTrials": 1, "maxTrials": 5000}), at the
   *       field's path ({@code $.limits.maxTrials}): read leniently, the last one won.
   * </ul>
   *
   * An empty body is a missing node, which the caller refuses in its own terms.
   */
  static JsonNode parse(String body) {
    try (JsonParser p = JSON.createParser(body == null ? "" : body)) {
      p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      JsonNode n;
      try {
        n = JSON.readTree(p);
      } catch (JsonParseException e) {
        if (e.getOriginalMessage() != null
            && e.getOriginalMessage().startsWith("Duplicate field '")) {
          throw new InvalidInputException(
              path(p.getParsingContext()),
              "is given twice in its object; each field may appear once",
              null);
        }
        throw e;
      }
      if (n == null) {
        return MissingNode.getInstance();
      }
      boolean more;
      JsonLocation at;
      try {
        more = p.nextToken() != null;
        at = p.currentTokenLocation();
      } catch (JsonParseException e) {
        more = true; // garbage after the document
        at = e.getLocation();
      }
      if (more) {
        throw new InvalidInputException(
            "$",
            "nothing may follow the JSON document (found more at line "
                + at.getLineNr()
                + ", column "
                + at.getColumnNr()
                + ")",
            null);
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("$", "the body is not valid JSON: " + syntax(e), null);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // a String never fails to read
    }
  }

  /**
   * A parser's complaint in the user's terms: Jackson's message without its advice on parser
   * features ({@code enable JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS to allow}) or its source
   * description, with the line and column where it stopped.
   */
  static String syntax(JsonProcessingException e) {
    String m = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage();
    int advice = m.indexOf(": enable `");
    if (advice < 0) {
      advice = m.indexOf(" (start marker at [Source");
    }
    if (advice >= 0) {
      m = m.substring(0, advice);
    }
    m = m.replaceAll("\\s*\\[Source:.*$", "").strip();
    JsonLocation at = e.getLocation();
    return at == null || at.getLineNr() < 1
        ? m
        : m + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  /** The JSON path ({@code $.warmStart.parents[1]}) of where a parser stands. */
  private static String path(JsonStreamContext context) {
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.addFirst("[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.getCurrentName() != null) {
        parts.addFirst("." + c.getCurrentName());
      }
    }
    return "$" + String.join("", parts);
  }

  static String time(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis).toString();
  }

  /**
   * The job document; {@code earlyStopping} says what stops its trials (the rule and its settings,
   * {@link dev.vernier.tuner.service.TuningService#earlyStoppingRule}), the spec what was asked.
   */
  static ObjectNode job(JobRecord j, List<TrialRecord> trials, String earlyStopping) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", j.id());
    o.put("state", j.state().name());
    o.put("stateReason", j.stateReason());
    o.put("strategy", j.spec().strategy());
    if (j.spec().algorithm() != null) {
      o.put("algorithm", j.spec().algorithm());
    } else {
      o.put("command", j.spec().command());
    }
    o.putObject("objective")
        .put("metric", j.spec().objective().metric())
        .put(
            "type",
            j.spec().objective().direction() == Direction.MINIMIZE ? "Minimize" : "Maximize")
        .put("aggregation", j.spec().objective().aggregation().word());
    ObjectNode t = o.putObject("trials");
    t.put("created", j.trialsCreated());
    t.put("max", j.spec().limits().maxTrials());
    t.put("maxParallel", j.spec().limits().maxParallelTrials());
    if (trials != null) {
      Map<TrialState, Integer> by = new EnumMap<>(TrialState.class);
      trials.forEach(x -> by.merge(x.state(), 1, Integer::sum));
      ObjectNode s = t.putObject("byState");
      by.forEach((k, v) -> s.put(k.name(), v));
    }
    if (j.bestObjective() != null) {
      ObjectNode b =
          o.putObject("best").put("trialId", j.bestTrialId()).put("objective", j.bestObjective());
      if (trials != null) {
        trials.stream()
            .filter(x -> x.id() == j.bestTrialId())
            .findFirst()
            .ifPresent(
                x ->
                    b.put("trialNumber", x.number())
                        .set("hyperparameters", ConfigJson.toNode(x.config())));
      }
    }
    o.put("earlyStopping", earlyStopping);
    o.put("stopRequested", j.stopRequested());
    if (j.schedulerReplica() != null) {
      o.putObject("scheduling")
          .put("replica", j.schedulerReplica())
          .put("leaseUntil", j.schedulerUntil());
    }
    o.put("createdAt", time(j.createdAt()));
    o.put("updatedAt", time(j.updatedAt()));
    o.put("endedAt", time(j.endedAt()));
    o.set("spec", JobSpecCodec.toJson(j.spec()));
    return o;
  }

  static ObjectNode page(TuningService.Page p, TuningService service) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode a = o.putArray("jobs");
    p.jobs().forEach(j -> a.add(job(j, null, service.earlyStoppingRule(j.spec()))));
    o.put("total", p.total()).put("offset", p.offset()).put("limit", p.limit());
    return o;
  }

  static ObjectNode trial(TrialRecord t) {
    ObjectNode o = JSON.createObjectNode();
    o.put("jobId", t.jobId());
    o.put("number", t.number());
    o.put("id", t.id());
    o.put("state", t.state().name());
    o.put("stateReason", t.stateReason());
    o.set("hyperparameters", ConfigJson.toNode(t.config()));
    o.put("attempt", t.attempt());
    if (t.objective() != null) {
      o.put("objective", t.objective());
    } else {
      o.putNull("objective");
    }
    o.put("epochs", t.epochs());
    if (t.objectiveEpoch() != null) {
      o.put("objectiveEpoch", t.objectiveEpoch());
    } else {
      o.putNull("objectiveEpoch");
    }
    o.put("workerId", t.workerId());
    o.put("artifactPath", t.artifactPath());
    o.put("createdAt", time(t.createdAt()));
    o.put("startedAt", time(t.startedAt()));
    o.put("endedAt", time(t.endedAt()));
    return o;
  }

  static ObjectNode trials(List<TrialRecord> ts) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode a = o.putArray("trials");
    ts.forEach(t -> a.add(trial(t)));
    return o;
  }

  static ObjectNode detail(TuningService.TrialDetail d) {
    ObjectNode o = trial(d.trial());
    ArrayNode m = o.putArray("metrics");
    for (EpochMetrics e : d.metrics()) {
      ObjectNode n = m.addObject().put("attempt", e.attempt()).put("epoch", e.epoch());
      ObjectNode v = n.putObject("values");
      e.values().forEach(v::put);
    }
    ArrayNode s = o.putArray("stopDecisions");
    for (StopDecisionRecord r : d.decisions()) {
      s.addObject()
          .put("attempt", r.attempt())
          .put("epoch", r.epoch())
          .put("decision", r.decision())
          .put("reason", r.reason())
          .put("decidedAt", time(r.decidedAt()))
          .set("inputs", inputs(r.inputs()));
    }
    return o;
  }

  /** A stop decision's inputs: whole numbers as integers, the rest as decimals. */
  static ObjectNode inputs(Map<String, Number> in) {
    ObjectNode o = dev.vernier.core.json.Json.MAPPER.createObjectNode();
    in.forEach(
        (k, v) -> {
          if (v instanceof Integer || v instanceof Long) {
            o.put(k, v.longValue());
          } else {
            o.put(k, v.doubleValue());
          }
        });
    return o;
  }
}
