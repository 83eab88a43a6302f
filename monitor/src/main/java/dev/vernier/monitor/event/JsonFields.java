package dev.vernier.monitor.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * How {@link EventParser} reads each field of an event with Jackson, and the rule each field's
 * value must follow; a value that breaks one throws a {@link Rejection.Failure} naming the field.
 */
final class JsonFields {
  private JsonFields() {}

  static final List<String> KNOWN =
      List.of("model", "inferenceId", "eventTime", "features", "prediction", "label");

  /** Marks a known field seen; refuses one seen before (which value would count is unclear). */
  static int once(int seen, String field) throws Rejection.Failure {
    int k = KNOWN.indexOf(field);
    if (k < 0) {
      return seen;
    }
    int bit = 1 << k;
    if ((seen & bit) != 0) {
      throw new Rejection.Failure(
          Rejection.Reason.NOT_JSON, "field " + field + " is given more than once");
    }
    return seen | bit;
  }

  static void startObject(JsonParser p) throws IOException, Rejection.Failure {
    JsonToken first = p.nextToken();
    if (first != JsonToken.START_OBJECT) {
      throw new Rejection.Failure(
          Rejection.Reason.NOT_AN_OBJECT, "an event must be a JSON object, got " + first);
    }
  }

  static void endOfInput(JsonParser p) throws IOException, Rejection.Failure {
    if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
      throw new Rejection.Failure(Rejection.Reason.NOT_JSON, "trailing content after the event");
    }
  }

  static String idText(JsonParser p, JsonToken t) throws IOException, Rejection.Failure {
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText();
      if (!s.isEmpty() && s.length() <= 200) {
        return s;
      }
      throw new Rejection.Failure(
          Rejection.Reason.BAD_ID,
          "inferenceId must be a string of 1 to 200 characters, got " + s.length() + " characters");
    }
    throw new Rejection.Failure(
        Rejection.Reason.BAD_ID,
        "inferenceId must be a string of 1 to 200 characters, got " + kind(t, p));
  }

  static long time(JsonParser p, JsonToken t) throws IOException, Rejection.Failure {
    long ms = Long.MIN_VALUE;
    if (t == JsonToken.VALUE_NUMBER_INT
        && (p.getNumberType() == JsonParser.NumberType.INT
            || p.getNumberType() == JsonParser.NumberType.LONG)) {
      ms = p.getLongValue();
    } else if (t == JsonToken.VALUE_STRING) {
      try {
        ms = Instant.parse(p.getText()).toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e) {
        // refused below
      }
    }
    if (ms < 0 || ms > EventParser.MAX_EVENT_TIME) {
      throw new Rejection.Failure(
          Rejection.Reason.BAD_EVENT_TIME,
          "eventTime must be epoch milliseconds from 0 to "
              + EventParser.MAX_EVENT_TIME
              + " or an ISO-8601 instant (1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z), got "
              + kind(t, p));
    }
    return ms;
  }

  /** A finite number, or NaN for null; anything else is refused with {@code reason}. */
  static double number(JsonParser p, JsonToken t, String field, Rejection.Reason reason)
      throws IOException, Rejection.Failure {
    if (t == JsonToken.VALUE_NULL) {
      return Double.NaN;
    }
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      double v = p.getDoubleValue();
      if (Double.isFinite(v)) {
        return v;
      }
    }
    throw new Rejection.Failure(reason, field + " must be a finite number, got " + kind(t, p));
  }

  /**
   * What a value is, for an error: a number, string or literal as written (cut to 40 characters),
   * "an object", "an array".
   */
  static String kind(JsonToken t, JsonParser p) throws IOException {
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case VALUE_STRING -> {
        String text = p.getText();
        yield "'" + (text.length() > 40 ? text.substring(0, 40) + "...'" : text + "'");
      }
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      default -> {
        String text = p.getText();
        yield text.length() > 40 ? text.substring(0, 40) + "..." : text;
      }
    };
  }

  static Rejection.Failure badFeature(int i, String rule, JsonToken t, JsonParser p)
      throws IOException {
    return new Rejection.Failure(
        Rejection.Reason.BAD_FEATURE,
        "features[" + i + "] must be " + rule + ", got " + kind(t, p));
  }
}
