package dev.vernier.monitor.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Parses inference and label events from JSON bytes, one record at a time, without building a tree.
 * An inference event is
 *
 * <pre>{"model": "m", "inferenceId": "i-1", "eventTime": 1764000000000 | "2026-11-25T10:00:00Z",
 *  "features": [0.1, 2, "red", null], "prediction": 3}</pre>
 *
 * A record that cannot be an event is a {@link Rejection} with its reason; a value of the wrong
 * type inside {@code features} is not a rejection but a data-quality finding (recorded in {@link
 * InferenceEvent#mismatches()}). Records of the common shape are read by an {@link
 * InferenceScanner} without a tokenizer, the others by Jackson, with the same results. Instances
 * are not thread-safe; use one per consumer thread.
 */
public final class EventParser {
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

  /** What a parse gives: exactly one of the two is non-null. */
  public record Outcome<T>(T event, Rejection rejection) {}

  private final String model;
  private final int featureCount;
  private final List<Map<String, Integer>> categories;
  private final float[] scratch;
  private final int[] mismatchScratch;
  private final InferenceScanner scanner;
  private final boolean keepIds;

  /**
   * @param model the model name events must carry (events of other models are rejected)
   * @param categories per feature, the codes of a categorical feature's categories, or null for a
   *     numeric feature
   */
  public EventParser(String model, List<Map<String, Integer>> categories) {
    this(model, categories, true);
  }

  private EventParser(String model, List<Map<String, Integer>> categories, boolean keepIds) {
    this.keepIds = keepIds;
    this.model = model;
    this.featureCount = categories.size();
    this.categories = categories;
    this.scratch = new float[featureCount];
    this.mismatchScratch = new int[featureCount];
    this.scanner = new InferenceScanner(model, categories, keepIds);
  }

  /**
   * A parser for a monitor that never needs inference ids (it joins no labels and captures no
   * data): ids are still required and checked, but not kept ({@link InferenceEvent#inferenceId()}
   * is null), which saves a string per event.
   */
  public EventParser withoutIds() {
    return new EventParser(model, categories, false);
  }

  public Outcome<InferenceEvent> inference(byte[] json) {
    return inference(json, 0, json.length);
  }

  /** The inference event in {@code json[offset, offset + length)}; no other byte is read. */
  public Outcome<InferenceEvent> inference(byte[] json, int offset, int length) {
    InferenceEvent fast = scanner.scan(json, offset, length);
    return fast != null ? new Outcome<>(fast, null) : inferenceWithJackson(json, offset, length);
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
    startObject(p);
    String id = null;
    String eventModel = null;
    long time = Long.MIN_VALUE;
    boolean sawFeatures = false;
    int mismatches = 0;
    double prediction = Double.NaN;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = p.nextToken();
      switch (f) {
        case "model" -> {
          eventModel = t == JsonToken.VALUE_STRING ? p.getText() : "";
          if (!eventModel.equals(model)) {
            throw wrongModel(eventModel);
          }
        }
        case "inferenceId" -> id = idText(p, t);
        case "eventTime" -> time = time(p, t);
        case "prediction" -> prediction = prediction(p, t);
        case "features" -> {
          mismatches = features(p, t);
          sawFeatures = true;
        }
        default -> p.skipChildren();
      }
    }
    endOfInput(p);
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
        keepIds ? id : null,
        time,
        scratch.clone(),
        mismatches == 0 ? new int[0] : Arrays.copyOf(mismatchScratch, mismatches),
        prediction);
  }

  private Rejection.Failure wrongModel(String got) {
    return new Rejection.Failure(
        Rejection.Reason.WRONG_MODEL, "model must be '" + model + "', got '" + got + "'");
  }

  private LabelEvent readLabel(JsonParser p) throws IOException, Rejection.Failure {
    startObject(p);
    String id = null;
    long time = Long.MIN_VALUE;
    double label = Double.NaN;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = p.nextToken();
      switch (f) {
        case "inferenceId" -> id = idText(p, t);
        case "eventTime" -> time = time(p, t);
        case "label" -> label = prediction(p, t);
        default -> p.skipChildren();
      }
    }
    endOfInput(p);
    if (id == null) {
      throw new Rejection.Failure(Rejection.Reason.MISSING_FIELD, "inferenceId is required");
    }
    if (Double.isNaN(label)) {
      throw new Rejection.Failure(Rejection.Reason.MISSING_FIELD, "label is required");
    }
    return new LabelEvent(id, time == Long.MIN_VALUE ? 0 : time, label);
  }

  private static void startObject(JsonParser p) throws IOException, Rejection.Failure {
    JsonToken first = p.nextToken();
    if (first != JsonToken.START_OBJECT) {
      throw new Rejection.Failure(
          Rejection.Reason.NOT_AN_OBJECT, "an event must be a JSON object, got " + first);
    }
  }

  private static void endOfInput(JsonParser p) throws IOException, Rejection.Failure {
    if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
      throw new Rejection.Failure(Rejection.Reason.NOT_JSON, "trailing content after the event");
    }
  }

  private static String idText(JsonParser p, JsonToken t) throws IOException, Rejection.Failure {
    if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) {
      String s = p.getText();
      if (!s.isEmpty() && s.length() <= 200) {
        return s;
      }
    }
    throw new Rejection.Failure(
        Rejection.Reason.BAD_VALUE, "inferenceId must be a string of 1-200 characters");
  }

  private static long time(JsonParser p, JsonToken t) throws IOException, Rejection.Failure {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    if (t == JsonToken.VALUE_STRING) {
      try {
        return Instant.parse(p.getText()).toEpochMilli();
      } catch (DateTimeParseException e) {
        // falls through
      }
    }
    throw new Rejection.Failure(
        Rejection.Reason.BAD_EVENT_TIME,
        "eventTime must be epoch milliseconds or an ISO-8601 instant, got " + p.getText());
  }

  private static double prediction(JsonParser p, JsonToken t)
      throws IOException, Rejection.Failure {
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getDoubleValue();
    }
    if (t == JsonToken.VALUE_NULL) {
      return Double.NaN;
    }
    throw new Rejection.Failure(
        Rejection.Reason.BAD_VALUE, p.currentName() + " must be a number, got " + p.getText());
  }

  private int features(JsonParser p, JsonToken t) throws IOException, Rejection.Failure {
    if (t != JsonToken.START_ARRAY) {
      throw new Rejection.Failure(Rejection.Reason.BAD_VALUE, "features must be a JSON array");
    }
    int i = 0;
    int mismatches = 0;
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
        if (v == JsonToken.VALUE_NUMBER_FLOAT || v == JsonToken.VALUE_NUMBER_INT) {
          value = p.getFloatValue();
        } else {
          p.skipChildren();
          value = Float.NaN;
          mismatchScratch[mismatches++] = i;
        }
      } else if (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NUMBER_INT) {
        Integer code = cats.get(p.getText());
        value = code == null ? -1f : code;
      } else {
        p.skipChildren();
        value = Float.NaN;
        mismatchScratch[mismatches++] = i;
      }
      scratch[i++] = value;
    }
    if (i != featureCount) {
      throw new Rejection.Failure(
          Rejection.Reason.WRONG_FEATURE_COUNT,
          "features must have " + featureCount + " values, got " + i);
    }
    return mismatches;
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
