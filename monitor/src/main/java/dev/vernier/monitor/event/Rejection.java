package dev.vernier.monitor.event;

/** Why a record could not become an event; the reason is a stable name used in metrics. */
public record Rejection(Reason reason, String detail) {
  public enum Reason {
    NOT_JSON,
    NOT_AN_OBJECT,
    MISSING_FIELD,
    WRONG_MODEL,
    WRONG_FEATURE_COUNT,
    BAD_EVENT_TIME,
    /**
     * The event time is further ahead of the time it was ingested (the service's clock) than the
     * monitor's {@code window.maxFutureSkew}.
     */
    FUTURE_EVENT_TIME,
    BAD_ID,
    BAD_FEATURE,
    BAD_PREDICTION,
    BAD_LABEL,
    /** Parsed, but storing it failed on its own (the rest of its batch was stored). */
    STORE_FAILED;

    /** The name used in metrics and dead-letter headers: {@code not_json}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Thrown inside the parser; carries the rejection out. */
  static final class Failure extends Exception {
    final Rejection rejection;

    Failure(Reason reason, String detail) {
      super(detail, null, false, false);
      this.rejection = new Rejection(reason, detail);
    }
  }
}
