package dev.vernier.monitor.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.DataRoots;
import dev.vernier.core.json.Json;
import dev.vernier.core.registry.Registry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a monitor's JSON into a {@link MonitorSpec}, checking every rule. Each error is an {@link
 * InvalidInputException} whose field is the JSON path of the offending value.
 */
public final class MonitorSpecParser {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](-*[A-Za-z0-9]){0,62}");
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
  static final List<String> CORRECTIONS = List.of("none", "bonferroni", "bh");
  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "model",
          "jobId",
          "baseline",
          "kafka",
          "window",
          "drift",
          "alerts",
          "capture",
          "retraining",
          "labelHorizon",
          "deduplicate",
          "webhooks");

  private final DataRoots roots;
  private final Collection<String> driftMethods;

  /**
   * @param driftMethods the names of the registered drift methods
   */
  public MonitorSpecParser(DataRoots roots, Collection<String> driftMethods) {
    this.roots = roots;
    this.driftMethods = driftMethods;
  }

  /**
   * Parses a submitted monitor.
   *
   * @throws InvalidInputException naming the JSON path of the first value (or of every independent
   *     value) that breaks a rule; {@code $.kafka.groupId} among them, since the service chooses
   *     the consumer group
   */
  public MonitorSpec parse(JsonNode json) {
    return parse(json, false);
  }

  /**
   * @param stored a spec stored earlier: a duration over {@link #MAX_DURATION} (stored before the
   *     bound) is taken as the bound instead of refused, so the monitor still runs
   */
  private MonitorSpec parse(JsonNode json, boolean stored) {
    Json root = new Json("$", json).object();
    root.rejectUnknown(FIELDS);
    String name = root.get("name").text();
    if (name.length() > 63 || !NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "$.name", "must be 1-63 letters, digits or inner dashes", name);
    }
    String model = root.get("model").text();
    Json jobId = root.opt("jobId");
    Json capture = root.opt("capture");
    if (capture != null && !capture.node.isBoolean()) {
      throw new InvalidInputException(capture.path, "must be true or false", capture.node.asText());
    }
    Json horizon = root.opt("labelHorizon");
    boolean captures = capture != null && capture.node.asBoolean();
    return new MonitorSpec(
        name,
        model,
        jobId == null ? null : jobId.text(),
        baseline(root.get("baseline").object()),
        kafka(root.opt("kafka")),
        window(root.opt("window"), stored),
        drift(root.opt("drift")),
        alerts(root.opt("alerts")),
        captures,
        retraining(root.opt("retraining"), captures, stored, jobId != null),
        horizon == null ? Duration.ofHours(1) : duration(horizon, Duration.ofSeconds(1), stored),
        deduplicate(root.opt("deduplicate")),
        webhooks(root.opt("webhooks")));
  }

  /**
   * {@code deduplicate}: true or false, true when absent (every monitor stored before the option
   * counts an id once).
   */
  private static boolean deduplicate(Json d) {
    if (d == null) {
      return true;
    }
    if (!d.node.isBoolean()) {
      throw new InvalidInputException(d.path, "must be true or false", shown(d.node));
    }
    return d.node.booleanValue();
  }

  /** A JSON value as an error shows it: a number unquoted, a string's text or the JSON quoted. */
  private static Object shown(JsonNode n) {
    return n.isNumber() ? n.numberValue() : n.isTextual() ? n.textValue() : n.toString();
  }

  /**
   * Whether a monitor stored earlier counts an inference id once, read as stored: nothing else of
   * the spec is read or validated. True when the spec does not say (monitors stored before the
   * option) or says something other than false (a stored spec was validated when it was created).
   * What the store that claims the ids reads ({@code SeenIds}).
   */
  public static boolean storedDeduplicate(JsonNode json) {
    JsonNode d = json.path("deduplicate");
    return !(d.isBoolean() && !d.booleanValue());
  }

  /**
   * Parses a monitor stored earlier: as {@link #parse}, except that a {@code kafka.groupId} that
   * monitors created before the service chose the group may carry is ignored.
   */
  public MonitorSpec parseStored(JsonNode json) {
    JsonNode kafka = json.path("kafka");
    if (kafka.isObject() && kafka.has("groupId")) {
      com.fasterxml.jackson.databind.node.ObjectNode copy =
          (com.fasterxml.jackson.databind.node.ObjectNode) json.deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) copy.get("kafka")).remove("groupId");
      return parse(copy, true);
    }
    return parse(json, true);
  }

  /**
   * The Kafka source of a monitor stored earlier, read as stored: nothing else of the spec is
   * validated again (its baseline file may have moved since; showing the monitor must not fail for
   * that). Null when it reads no Kafka.
   */
  public static MonitorSpec.KafkaSource storedKafka(JsonNode json) {
    JsonNode kafka = json.path("kafka");
    if (!kafka.isObject()) {
      return null;
    }
    com.fasterxml.jackson.databind.node.ObjectNode copy =
        (com.fasterxml.jackson.databind.node.ObjectNode) kafka.deepCopy();
    copy.remove("groupId");
    return kafka(new Json("$.kafka", copy));
  }

  private static List<String> webhooks(Json w) {
    List<String> out = new ArrayList<>();
    if (w == null) {
      return out;
    }
    for (Json e : w.array()) {
      out.add(webhookUrl(e.path, e.text()));
    }
    return out;
  }

  /** Checks a webhook URL's form: absolute http(s) with a host. */
  public static String webhookUrl(String field, String url) {
    try {
      java.net.URI u = new java.net.URI(url);
      if (u.getHost() != null && ("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
        return u.toString();
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw new InvalidInputException(field, "must be an absolute http or https URL", url);
  }

  private MonitorSpec.BaselineData baseline(Json b) {
    b.rejectUnknown(Set.of("path", "labels", "format"));
    Json path = b.get("path");
    Path p = roots.resolveFile(path.path, path.text());
    Json labels = b.opt("labels");
    Path l = labels == null ? null : roots.resolveFile(labels.path, labels.text());
    Json format = b.opt("format");
    String f = format == null ? "auto" : format.text().toLowerCase(Locale.ROOT);
    if (!List.of("auto", "idx", "csv", "libsvm").contains(f)) {
      throw new InvalidInputException(format.path, "must be one of auto, idx, csv, libsvm", f);
    }
    return new MonitorSpec.BaselineData(p, l, f);
  }

  private static MonitorSpec.KafkaSource kafka(Json k) {
    if (k == null) {
      return null;
    }
    k.object();
    Json group = k.opt("groupId");
    if (group != null) {
      throw new InvalidInputException(
          group.path,
          "is chosen by the service (vernier-monitor-<monitor id>, shown as consumerGroup);"
              + " leave it out",
          group.node.asText());
    }
    k.rejectUnknown(Set.of("eventsTopic", "labelsTopic", "deadLetterTopic", "alertsTopic"));
    String events = topic(k.get("eventsTopic"));
    Json labels = k.opt("labelsTopic");
    Json dlq = k.opt("deadLetterTopic");
    Json alerts = k.opt("alertsTopic");
    return new MonitorSpec.KafkaSource(
        events,
        labels == null ? null : topic(labels),
        dlq == null ? events + ".dead-letter" : topic(dlq),
        alerts == null ? "vernier.alerts" : topic(alerts));
  }

  private static String topic(Json t) {
    String s = t.text();
    if (!TOPIC.matcher(s).matches()) {
      throw new InvalidInputException(
          t.path, "must be 1-249 characters of letters, digits, '.', '_' or '-'", s);
    }
    return s;
  }

  private static WindowSpec window(Json w, boolean stored) {
    if (w == null) {
      return WindowSpec.events(1000);
    }
    w.object().rejectUnknown(Set.of("events", "size", "allowedLateness", "maxFutureSkew"));
    Json events = w.opt("events");
    Json size = w.opt("size");
    if ((events == null) == (size == null)) {
      throw new InvalidInputException(
          w.path, "needs exactly one of 'events' (count windows) or 'size' (time windows)", null);
    }
    Json skew = w.opt("maxFutureSkew");
    Duration maxFutureSkew =
        skew == null ? WindowSpec.DEFAULT_MAX_FUTURE_SKEW : duration(skew, Duration.ZERO, stored);
    if (events != null) {
      if (w.opt("allowedLateness") != null) {
        throw new InvalidInputException(
            w.path + ".allowedLateness", "applies to time windows only", null);
      }
      return WindowSpec.events(events.longValue(1, 10_000_000), maxFutureSkew);
    }
    Json lateness = w.opt("allowedLateness");
    return WindowSpec.time(
        duration(size, Duration.ofSeconds(1), stored),
        lateness == null ? Duration.ZERO : duration(lateness, Duration.ZERO, stored),
        maxFutureSkew);
  }

  private MonitorSpec.DriftPolicy drift(Json d) {
    List<String> methods = new ArrayList<>(List.of("ks", "psi", "js", "wasserstein"));
    String decision = "psi";
    String correction = "none";
    double share = 0.2;
    if (d != null) {
      d.object().rejectUnknown(Set.of("methods", "decision", "correction", "featureShare"));
      Json m = d.opt("methods");
      if (m != null) {
        methods.clear();
        for (Json e : m.array()) {
          methods.add(method(e));
        }
        if (methods.isEmpty()) {
          throw new InvalidInputException(m.path, "must name at least one method", "[]");
        }
      }
      Json dec = d.opt("decision");
      decision = dec == null ? methods.contains("psi") ? "psi" : methods.get(0) : method(dec);
      if (!methods.contains(decision)) {
        throw new InvalidInputException(
            dec.path, "must be one of the monitor's methods " + methods, decision);
      }
      Json c = d.opt("correction");
      if (c != null) {
        correction = c.text().toLowerCase(Locale.ROOT);
        if (!CORRECTIONS.contains(correction)) {
          throw new InvalidInputException(c.path, "must be one of " + CORRECTIONS, correction);
        }
      }
      Json s = d.opt("featureShare");
      if (s != null) {
        share = s.doubleValue();
        if (share <= 0 || share > 1) {
          throw new InvalidInputException(s.path, "must be in (0, 1]", share);
        }
      }
    }
    return new MonitorSpec.DriftPolicy(methods, decision, correction, share);
  }

  private String method(Json e) {
    String name = e.text().toLowerCase(Locale.ROOT);
    if (!driftMethods.contains(name)) {
      throw Registry.unknown(e.path, "drift methods", driftMethods, name);
    }
    return name;
  }

  private static MonitorSpec.AlertPolicy alerts(Json a) {
    if (a == null) {
      return new MonitorSpec.AlertPolicy(2, 3);
    }
    a.object().rejectUnknown(Set.of("k", "n"));
    int n = a.opt("n") == null ? 3 : (int) a.get("n").longValue(1, 100);
    int k = a.opt("k") == null ? Math.min(2, n) : (int) a.get("k").longValue(1, 100);
    if (k > n) {
      throw new InvalidInputException(a.path + ".k", "must be <= n (" + n + ")", k);
    }
    return new MonitorSpec.AlertPolicy(k, n);
  }

  private static MonitorSpec.Retraining retraining(
      Json r, boolean capture, boolean stored, boolean hasJob) {
    if (r == null) {
      return new MonitorSpec.Retraining(false, Duration.ofHours(1), 6);
    }
    r.object().rejectUnknown(Set.of("enabled", "cooldown", "maxTrials", "minLabelledRows"));
    Json enabled = r.opt("enabled");
    if (enabled != null && !enabled.node.isBoolean()) {
      throw new InvalidInputException(enabled.path, "must be true or false", enabled.node.asText());
    }
    Json cooldown = r.opt("cooldown");
    Json max = r.opt("maxTrials");
    Json min = r.opt("minLabelledRows");
    long minRows = 0;
    if (min != null) {
      minRows = min.longValue(1, 1_000_000_000);
      if (!capture) {
        throw new InvalidInputException(
            min.path, "needs \"capture\": true (the labelled rows are the captured ones)", minRows);
      }
    }
    boolean on = enabled == null || enabled.node.asBoolean();
    Duration cool =
        cooldown == null ? Duration.ofHours(1) : duration(cooldown, Duration.ZERO, stored);
    int trials = max == null ? 6 : (int) max.longValue(1, 1000);
    if (on && !hasJob && !stored) {
      // it would never start a job: retraining warm-starts from the tuning job named by jobId
      throw new InvalidInputException(
          enabled == null ? r.path : enabled.path,
          "needs \"jobId\": retraining warm-starts a tuning job from that job's best model",
          enabled == null ? null : true);
    }
    return new MonitorSpec.Retraining(on, cool, trials, minRows);
  }

  /**
   * The longest duration a monitor's spec may give (window size, allowed lateness, maximum future
   * skew, label horizon, retraining cool-down): 100 years, far beyond any sensible window, and
   * small enough that event times (at most {@link
   * dev.vernier.monitor.event.EventParser#MAX_EVENT_TIME}, year 9999) plus or minus a few of them
   * stay far inside a long's range in milliseconds.
   */
  public static final Duration MAX_DURATION = Duration.ofDays(36_500);

  /**
   * {@code d} in milliseconds, at most {@link #MAX_DURATION}'s (never overflowing, whatever a spec
   * stored before the bound holds): what window, label-horizon and cool-down arithmetic uses.
   */
  public static long boundedMillis(Duration d) {
    return d.isNegative()
        ? 0
        : d.compareTo(MAX_DURATION) > 0 ? MAX_DURATION.toMillis() : d.toMillis();
  }

  private static final String MAX_SHOWN =
      "at most 100 years (P36500D, " + MAX_DURATION.toMillis() + " ms)";

  /**
   * An ISO-8601 duration ({@code PT5M}) or a number of milliseconds, at least {@code min} and at
   * most {@link #MAX_DURATION} (for a {@code stored} spec, a longer one is taken as the bound).
   */
  static Duration duration(Json j, Duration min, boolean stored) {
    Duration d;
    if (j.node.isIntegralNumber()) {
      if (stored && j.node.bigIntegerValue().signum() > 0 && !j.node.canConvertToLong()) {
        return MAX_DURATION;
      }
      if (!j.node.canConvertToLong() || j.node.longValue() > MAX_DURATION.toMillis()) {
        if (stored && j.node.longValue() > 0) {
          return MAX_DURATION;
        }
        throw new InvalidInputException(j.path, "must be " + MAX_SHOWN, j.node.asText());
      }
      d = Duration.ofMillis(j.longValue(0, MAX_DURATION.toMillis()));
    } else {
      String s = j.text();
      try {
        d = Duration.parse(s);
      } catch (DateTimeParseException e) {
        throw new InvalidInputException(
            j.path, "must be an ISO-8601 duration such as PT5M, or milliseconds", s);
      }
    }
    if (d.compareTo(min) < 0) {
      throw new InvalidInputException(j.path, "must be at least " + min, d);
    }
    if (d.compareTo(MAX_DURATION) > 0) {
      if (stored) {
        return MAX_DURATION;
      }
      throw new InvalidInputException(j.path, "must be " + MAX_SHOWN, j.node.asText());
    }
    return d;
  }
}
