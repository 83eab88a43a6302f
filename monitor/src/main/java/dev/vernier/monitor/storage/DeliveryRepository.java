package dev.vernier.monitor.storage;

import java.util.List;

/**
 * Where alerts go: the webhook registry and each alert's delivery to each target (an alerts topic
 * or a webhook URL). Deliveries are created PENDING with their alert ({@link
 * WindowRepository#closeWindow}); the publisher records each attempt here.
 *
 * <p><b>Callers</b>: the {@code AlertPublisher} (one pass at a time per process), the REST API
 * (webhooks, reads). <b>Threads and processes</b>: safe from several threads and processes; a
 * publisher claims each attempt first ({@link #claimAttempt}), so replicas sharing the database do
 * not send one attempt twice (deliveries stay at least once: a crash between sending and recording
 * repeats the send; receivers deduplicate by alert id). <b>Transactions</b>: every method is one
 * transaction. <b>Errors</b>: a database failure raises an unchecked exception and stores nothing
 * of that call. No method returns null.
 */
public interface DeliveryRepository {
  /** The webhooks an administrator registered, oldest first. */
  List<Webhook> webhooks();

  /**
   * Registers a webhook; registering a URL again replaces its secret and allowPrivate and keeps its
   * id and creation time (a rotation). Returns the webhook as stored. The REST API calls it for a
   * URL registered already only when asked to rotate ({@code WebhooksController}): a client's
   * repeated registration must not replace the secret receivers verify with.
   */
  Webhook addWebhook(Webhook w);

  /** Removes a webhook; false when no webhook has that URL. */
  boolean removeWebhook(String url);

  /** Records a delivery attempt of an alert to a target (topic or URL). */
  void recordDelivery(
      long alertId, String target, DeliveryStatus status, int attempts, String error, long now);

  /** What {@link #claimAttempt} writes as the last error while the claimed attempt runs. */
  String IN_FLIGHT = "attempt in flight";

  /**
   * Claims the next attempt of a PENDING delivery: one conditional update, so of two publishers
   * (replicas) that saw {@code seenAttempts}, one gets it. It succeeds only if the delivery is
   * still PENDING with {@code seenAttempts} attempts, was last changed at or before {@code
   * dueBefore} (its backoff has passed), and is not claimed by an attempt younger than {@code
   * inFlightBefore} (one whose claimer died is claimable after that); it then counts the attempt,
   * stamps {@code now} and marks it {@link #IN_FLIGHT} until {@link #recordDelivery} records how it
   * went.
   */
  boolean claimAttempt(
      long alertId, String target, int seenAttempts, long now, long dueBefore, long inFlightBefore);

  /** Deliveries still PENDING: (alert id, target, attempts), by alert. */
  List<Delivery> pendingDeliveries();

  /** A delivery's state. */
  record Delivery(long alertId, String target, DeliveryStatus status, int attempts) {}

  /**
   * Every delivery of the given alerts, whatever its state, with its last error and when it was
   * last updated; ordered by alert, then target.
   */
  List<DeliveryRecord> deliveries(List<Long> alertIds);

  /**
   * A delivery as stored: its target (topic or URL), status, attempts so far, the last attempt's
   * error (null when none) and when the row last changed (epoch ms; the delivery time once
   * DELIVERED).
   */
  record DeliveryRecord(
      long alertId,
      String target,
      DeliveryStatus status,
      int attempts,
      String lastError,
      long updatedAt) {}
}
