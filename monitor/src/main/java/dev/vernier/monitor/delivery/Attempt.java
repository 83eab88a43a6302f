package dev.vernier.monitor.delivery;

/**
 * One delivery attempt's outcome and, unless DELIVERED, its error as recorded for the delivery.
 * Made by {@link WebhookPost} and {@link KafkaAlerts}; recorded by {@link DeliveryPass}.
 */
record Attempt(Attempt.Outcome outcome, String error) {
  static final Attempt DELIVERED = new Attempt(Outcome.DELIVERED, null);

  /**
   * How one attempt ended, which decides the delivery's next state: DELIVERED; PENDING again after
   * the backoff (RETRY, STALLED) while attempts remain; FAILED at once (GIVE_UP).
   */
  enum Outcome {
    /** The target took the alert (a 2xx answer, an acknowledged publish). */
    DELIVERED,
    /** Failed in a way that may pass (an error answer, a refused connection, a broker error). */
    RETRY,
    /**
     * No complete answer in time (or no connection): retried after the backoff, and the webhook's
     * other deliveries are left until the next pass.
     */
    STALLED,
    /** Failed in a way no retry changes (a redirect, an unregistered webhook, a refused topic). */
    GIVE_UP
  }
}
