package dev.vernier.monitor.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Parses inference and label events from JSON bytes, one record at a time, without building a tree.
 * An inference event is
 *
 * <pre>{"model": "m", "inferenceId": "i-1", "eventTime": 1764000000000 | "2026-11-25T10:00:00Z",
 *  "features": [0.1, 2, "red", null], "prediction": 3}</pre>
 *
 * <p>The rules, the same for Kafka and HTTP ingestion (a record that breaks one is a {@link
 * Rejection} with its reason and the field, never stored, so nothing stored can fail evaluation):
 *
 * <ul>
 *   <li>the record is one JSON object, none of the fields below twice, nothing after it;
 *   <li>{@code model} is the monitor's model;
 *   <li>{@code inferenceId} is a string of 1 to 200 characters (a number is refused: ids are
 *       compared as text, and {@code 1} and {@code 1.0} would be two ids);
 *   <li>{@code eventTime} is epoch milliseconds (an integer from 0 to {@link #MAX_EVENT_TIME}) or
 *       an ISO-8601 instant in that range;
 *   <li>{@code features} is an array of exactly as many values as the baseline has features; a
 *       numeric feature's value is a number finite as a 32-bit float (|x| at most about 3.4e38) or
 *       {@code null} (missing, counted by data quality); a categorical feature's value is a string,
 *       an integer or {@code null}; anything else ({@code "x"}, {@code "NaN"}, {@code true}, an
 *       object, {@code 1e400}) is refused;
 *   <li>{@code prediction} is a finite number, or {@code null} or absent when the monitor does not
 *       need it; a monitor that joins labels or has a prediction baseline needs it; for a
 *       classifier it is a class index, an integer in {@code [0, classes)};
 *   <li>a label event's {@code label} is required and follows the prediction's rule;
 *   <li>with a maximum future skew ({@link #withMaxFutureSkew}), an inference event's time is at
 *       most that far ahead of the clock's time when it is parsed (its ingest time): one far-future
 *       event would otherwise move the watermark past every window of current traffic ({@link
 *       Rejection.Reason#FUTURE_EVENT_TIME}).
 * </ul>
 *
 * Records of the common shape are read by an {@link InferenceScanner} without a tokenizer, the
 * others by Jackson, with the same results. Instances are not thread-safe; use one per consumer
 * thread.
 */
public final class EventParser {
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

  /**
   * The latest event time accepted: 9999-12-31T23:59:59.999Z (window arithmetic must not overflow,
   * and an ISO-8601 instant has four-digit years).
   */
  public static final long MAX_EVENT_TIME = 253_402_300_799_999L;

  private static final int[] NO_MISMATCHES = new int[0];

  /** What a parse gives: exactly one of the two is non-null. */
  public record Outcome<T>(T event, Rejection rejection) {}

  private final String model;
  private final int featureCount;
  private final List<Map<String, Integer>> categories;
  private final float[] scratch;
  private final InferenceScanner scanner;
  private final boolean keepIds;
  private final int classes;
  private final boolean predictionRequired;
  // the ingest clock and how far ahead of it an event time may be; null: no bound
  private final Clock clock;
  private final long maxFutureSkewMillis;

  /**
   * A parser for a monitor without predictions rules: any finite prediction, or none.
   *
   * @param model the model name events must carry (events of other models are rejected)
   * @param categories per feature, the codes of a categorical feature's categories, or null for a
   *     numeric feature
   */
  public EventParser(String model, List<Map<String, Integer>> categories) {
    this(model, categories, 0, false);
  }

  /**
   * @param classes for a classifier, the number of classes (predictions and labels must be class
   *     indices below it); 0 for a numeric prediction or none
   * @param predictionRequired whether an event without a prediction is refused (the monitor joins
   *     labels to predictions, or measures prediction drift)
   */
  public EventParser(
      String model,
      List<Map<String, Integer>> categories,
      int classes,
      boolean predictionRequired) {
    this(model, categories, classes, predictionRequired, true, null, 0);
  }

  private EventParser(
      String model,
      List<Map<String, Integer>> categories,
      int classes,
      boolean predictionRequired,
      boolean keepIds,
      Clock clock,
      long maxFutureSkewMillis) {
    if (maxFutureSkewMillis < 0) {
      throw new IllegalArgumentException(
          "maxFutureSkew must be at least 0 ms, got " + maxFutureSkewMillis);
    }
    this.clock = clock;
    this.maxFutureSkewMillis = maxFutureSkewMillis;
    if (classes < 0) {
      throw new IllegalArgumentException("classes must be at least 0, got " + classes);
    }
    this.classes = classes;
    this.predictionRequired = predictionRequired;
    this.keepIds = keepIds;
    this.model = model;
    this.featureCount = categories.size();
    this.categories = categories;
    this.scratch = new float[featureCount];
    this.scanner = new InferenceScanner(model, categories, keepIds);
  }

  /**
   * A parser whose events carry no inference id: ids are still required and checked, but not kept
   * ({@link InferenceEvent#inferenceId()} is null), which saves a string per event. The monitor
   * service does not use it: a monitor counts an id once by default, and joins labels and captures
   * rows by id; an event without one is always counted ({@link
   * dev.vernier.monitor.window.RepeatedIds}). A monitor with {@code "deduplicate": false}, no
   * labels and no capture could use it.
   */
  public EventParser withoutIds() {
    return new EventParser(
        model, categories, classes, predictionRequired, false, clock, maxFutureSkewMillis);
  }

  /**
   * This parser, also refusing an inference event whose time is more than {@code
   * maxFutureSkewMillis} ahead of {@code clock}'s time when it is parsed ({@link
   * Rejection.Reason#FUTURE_EVENT_TIME}). The clock is read once per event (on the parsing thread:
   * the consumer's, or the HTTP request's).
   */
  public EventParser withMaxFutureSkew(Clock clock, long maxFutureSkewMillis) {
    return new EventParser(
        model,
        categories,
        classes,
        predictionRequired,
        keepIds,
        java.util.Objects.requireNonNull(clock, "clock"),
        maxFutureSkewMillis);
  }

  public Outcome<InferenceEvent> inference(byte[] json) {
    return inference(json, 0, json.length);
  }

  /** The inference event in {@code json[offset, offset + length)}; no other byte is read. */
  public Outcome<InferenceEvent> inference(byte[] json, int offset, int length) {
    InferenceEvent fast;
    try {
      fast = scanner.scan(json, offset, length);
    } catch (RuntimeException e) { // a defect of the fast path must not stop ingestion
      fast = null;
    }
    Outcome<InferenceEvent> o =
        fast != null ? new Outcome<>(fast, null) : inferenceWithJackson(json, offset, length);
    if (o.event() == null) {
      return o;
    }
    Rejection bad = predictionRule(o.event().prediction());
    if (bad == null) {
      bad = futureRule(o.event().eventTime());
    }
    return bad == null ? o : new Outcome<>(null, bad);
  }

  /** The maximum future skew's rule: null when the event time is not too far ahead of the clock. */
  private Rejection futureRule(long eventTime) {
    if (clock == null) {
      return null;
    }
    long now = clock.millis();
    // no overflow: event times are at most MAX_EVENT_TIME, the skew at most 100 years
    if (eventTime - now <= maxFutureSkewMillis) {
      return null;
    }
    return new Rejection(
        Rejection.Reason.FUTURE_EVENT_TIME,
        "eventTime "
            + Instant.ofEpochMilli(eventTime)
            + " ("
            + eventTime
            + ") is more than "
            + Duration.ofMillis(maxFutureSkewMillis)
            + " (the monitor's window.maxFutureSkew) ahead of its ingest time "
            + Instant.ofEpochMilli(now)
            + " ("
            + now
            + ")");
  }

  /** The prediction rule, on a parsed value (NaN: none given). */
  private Rejection predictionRule(double prediction) {
    if (Double.isNaN(prediction)) {
      return predictionRequired
          ? new Rejection(
              Rejection.Reason.MISSING_FIELD,
              "prediction is required: this monitor compares predictions with labels or with"
                  + " the baseline's predictions")
          : null;
    }
    String rule = classRule("prediction", prediction);
    return rule == null ? null : new Rejection(Rejection.Reason.BAD_PREDICTION, rule);
  }

  /** Why a finite value is not a class index of this monitor, or null when it is one. */
  private String classRule(String field, double v) {
    if (classes > 0 && (v != Math.rint(v) || v < 0 || v >= classes)) {
      return field
          + " must be a class index, an integer from 0 to "
          + (classes - 1)
          + ", got "
          + shown(v);
    }
    return null;
  }

  private static String shown(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** The reference reading, and the one for every record the {@link InferenceScanner} declines. */
  Outcome<InferenceEvent> inferenceWithJackson(byte[] json) {
    return inferenceWithJackson(json, 0, json.length);
  }

  private Outcome<InferenceEvent> inferenceWithJackson(byte[] json, int offset, int length) {
    try (JsonParser p = JSON.createParser(json, offset, length)) {
      return new Outcome<>(readInference(p), null);
    } catch (Rejection.Failure f) {
      return new Outcome<>(null, f.rejection);
    } catch (IOException | RuntimeException e) {
      return new Outcome<>(null, new Rejection(Rejection.Reason.NOT_JSON, firstLine(e)));
    }
  }

  public Outcome<LabelEvent> label(byte[] json) {
    return label(json, 0, json.length);
  }

  /** The label event in {@code json[offset, offset + length)}; no other byte is read. */
  public Outcome<LabelEvent> label(byte[] json, int offset, int length) {
    try (JsonParser p = JSON.createParser(json, offset, length)) {
      return new Outcome<>(readLabel(p), null);
    } catch (Rejection.Failure f) {
      return new Outcome<>(null, f.rejection);
    } catch (IOException | RuntimeException e) {
      return new Outcome<>(null, new Rejection(Rejection.Reason.NOT_JSON, firstLine(e)));
    }
  }

  private InferenceEvent readInference(JsonParser p) throws IOException, Rejection.Failure {
    JsonFields.startObject(p);
    String id = null;
    String eventModel = null;
    long time = Long.MIN_VALUE;
    boolean sawFeatures = false;
    double prediction = Double.NaN;
    int seen = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = p.nextToken();
      seen = JsonFields.once(seen, f);
      switch (f) {
        case "model" -> {
          eventModel = t == JsonToken.VALUE_STRING ? p.getText() : "";
          if (!eventModel.equals(model)) {
            throw wrongModel(eventModel);
          }
        }
        case "inferenceId" -> id = JsonFields.idText(p, t);
        case "eventTime" -> time = JsonFields.time(p, t);
        case "prediction" ->
            prediction = JsonFields.number(p, t, "prediction", Rejection.Reason.BAD_PREDICTION);
        case "features" -> {
          features(p, t);
          sawFeatures = true;
        }
        default -> p.skipChildren();
      }
    }
    JsonFields.endOfInput(p);
    if (eventModel == null) {
      throw new Rejection.Failure(Rejection.Reason.MISSING_FIELD, "model is required");
    }
    if (id == null) {
      throw new Rejection.Failure(Rejection.Reason.MISSING_FIELD, "inferenceId is required");
    }
    if (time == Long.MIN_VALUE) {
      throw new Rejection.Failure(Rejection.Reason.MISSING_FIELD, "eventTime is required");
    }
    if (!sawFeatures) {
      throw new Rejection.Failure(Rejection.Reason.MISSING_FIELD, "features is required");
    }
    return new InferenceEvent(
        keepIds ? id : null, time, scratch.clone(), NO_MISMATCHES, prediction);
  }

  private Rejection.Failure wrongModel(String got) {
    return new Rejection.Failure(
        Rejection.Reason.WRONG_MODEL, "model must be '" + model + "', got '" + got + "'");
  }

  private LabelEvent readLabel(JsonParser p) throws IOException, Rejection.Failure {
    JsonFields.startObject(p);
    String id = null;
    long time = Long.MIN_VALUE;
    double label = Double.NaN;
    int seen = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = p.nextToken();
      seen = JsonFields.once(seen, f);
      switch (f) {
        case "inferenceId" -> id = JsonFields.idText(p, t);
        case "eventTime" -> time = JsonFields.time(p, t);
        case "label" -> label = JsonFields.number(p, t, "label", Rejection.Reason.BAD_LABEL);
        default -> p.skipChildren();
      }
    }
    JsonFields.endOfInput(p);
    if (id == null) {
      throw new Rejection.Failure(Rejection.Reason.MISSING_FIELD, "inferenceId is required");
    }
    if (Double.isNaN(label)) {
      throw new Rejection.Failure(Rejection.Reason.MISSING_FIELD, "label is required");
    }
    String rule = classRule("label", label);
    if (rule != null) {
      throw new Rejection.Failure(Rejection.Reason.BAD_LABEL, rule);
    }
    return new LabelEvent(id, time == Long.MIN_VALUE ? 0 : time, label);
  }

  private void features(JsonParser p, JsonToken t) throws IOException, Rejection.Failure {
    if (t != JsonToken.START_ARRAY) {
      throw new Rejection.Failure(
          Rejection.Reason.BAD_FEATURE,
          "features must be a JSON array, got " + JsonFields.kind(t, p));
    }
    int i = 0;
    JsonToken v;
    while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
      if (v == null) {
        throw new Rejection.Failure(Rejection.Reason.NOT_JSON, "unterminated features array");
      }
      if (i >= featureCount) {
        throw new Rejection.Failure(
            Rejection.Reason.WRONG_FEATURE_COUNT,
            "features must have " + featureCount + " values, got more");
      }
      Map<String, Integer> cats = categories.get(i);
      float value;
      if (v == JsonToken.VALUE_NULL) {
        value = Float.NaN;
      } else if (cats == null) {
        if (v != JsonToken.VALUE_NUMBER_FLOAT && v != JsonToken.VALUE_NUMBER_INT) {
          throw JsonFields.badFeature(i, "a number or null", v, p);
        }
        value = p.getFloatValue();
        if (!Float.isFinite(value)) {
          throw JsonFields.badFeature(
              i, "a number finite as a 32-bit float (|x| <= 3.4e38) or null", v, p);
        }
      } else if (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NUMBER_INT) {
        Integer code = cats.get(p.getText());
        value = code == null ? -1f : code;
      } else {
        throw JsonFields.badFeature(i, "a category (a string or an integer) or null", v, p);
      }
      scratch[i++] = value;
    }
    if (i != featureCount) {
      throw new Rejection.Failure(
          Rejection.Reason.WRONG_FEATURE_COUNT,
          "features must have " + featureCount + " values, got " + i);
    }
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
