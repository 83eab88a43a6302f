package dev.vernier.core;

/**
 * What a failed request's caller should do about it: the retry semantics every {@link
 * VernierException} carries (Kafka's {@code RetriableException}, OSS Vizier's temporary vs
 * inactivating errors). The REST layer maps each kind to one HTTP status in one place ({@code
 * dev.vernier.platform.problem.ProblemHandlers}); the CLI exits 2 for {@link #INVALID}.
 */
public enum ErrorKind {
  /** The input breaks a rule: the same request fails the same way; fix the named field (400). */
  INVALID(false),
  /** An id names nothing: the same request fails the same way until it is created (404). */
  NOT_FOUND(false),
  /**
   * The request is well formed but the state refuses it (a taken name, a job that has ended, a
   * server not configured for it): retrying succeeds only after that state changes (409).
   */
  CONFLICT(false),
  /** The caller may not do this to this object: retrying fails the same way (403). */
  FORBIDDEN(false),
  /** A body over its limit: nothing was kept; the same request fails the same way (413). */
  TOO_LARGE(false),
  /**
   * Something the service depends on failed for now (a database busy past its timeout, a broker
   * that does not answer): the same request may succeed later (503).
   */
  TRANSIENT(true);

  private final boolean retriable;

  ErrorKind(boolean retriable) {
    this.retriable = retriable;
  }

  /** Whether sending the same request again, unchanged, may succeed. */
  public boolean retriable() {
    return retriable;
  }
}
