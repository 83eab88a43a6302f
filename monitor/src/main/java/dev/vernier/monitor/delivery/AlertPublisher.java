package dev.vernier.monitor.delivery;

import dev.vernier.monitor.spec.TopicAllowList;
import dev.vernier.monitor.storage.DeliveryRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Delivers stored alerts to their targets: a Kafka topic ({@code kafka:TOPIC}) or a webhook URL
 * (HTTP POST of the alert's JSON). Every attempt is recorded; a failed one is retried with
 * exponential backoff ({@code baseBackoff} x 2^attempts) up to {@code maxAttempts}, then marked
 * FAILED. A failure no retry can change is FAILED at once: a webhook that is no longer registered
 * (not called), a topic the administrator no longer allows, a redirect (never followed). Each
 * attempt's {@link Attempt.Outcome} says which kind of failure it was.
 *
 * <p>Webhook posts: signed ({@link WebhookSignature#HEADER}) with the webhook's secret, and
 * carrying {@code Vernier-Webhook-Id}, {@code Vernier-Delivery-Id} (the same on every retry of one
 * alert to one webhook) and {@code X-Vernier-Alert} (the alert id). Before every post the host is
 * resolved again: one that resolves to a private address is not posted to unless the webhook was
 * registered with {@code allowPrivate} ({@link WebhookAddresses}); redirects are never followed. A
 * webhook registered before posts were signed (no secret) is posted to unsigned, with a warning in
 * the log. Deliveries are at least once: a crash after sending and before recording repeats the
 * send; the payload carries the alert id for receivers to drop repeats.
 *
 * <p><b>Bounded attempts.</b> A webhook attempt takes at most {@link #ATTEMPT_TIMEOUT} in all, from
 * connecting (itself at most {@link #CONNECT_TIMEOUT}) to the answer's end: a receiver that sends
 * its headers and then not its body is abandoned (the exchange is cancelled, the connection
 * closed), and the attempt fails with "no complete answer within 10 s", retried as any failure. Of
 * the answer's body only its first {@link AnswerExcerpt#KEPT} bytes are read ({@link
 * AnswerExcerpt}), for the error of a non-2xx answer.
 *
 * <p><b>Threads.</b> {@link #deliverPending} is called by the monitor loop. It posts to different
 * webhooks in parallel, on at most {@link #PARALLEL_WEBHOOKS} threads of its own, and to one
 * webhook one post at a time, in alert order; a webhook whose attempt stalled is left until the
 * next pass (its other deliveries are not tried after it in this pass), and a webhook's turn ends
 * after about one attempt timeout so that others get the threads. The pass waits for its posts at
 * most {@link #ATTEMPT_TIMEOUT} and a second: posts still running then go on and record their own
 * results, and later passes skip their webhook until they end. One stalled receiver thus holds the
 * loop for at most about 11 s a pass, and delays no other webhook while a thread is free. Kafka
 * publishes run on the caller's thread.
 *
 * <p>Replicas: every replica's loop runs this publisher on the shared database. Each attempt is
 * claimed first ({@link DeliveryRepository#claimAttempt}: a conditional update on the delivery's
 * attempts, due time and in-flight mark), so one replica sends it; the backoff lives in the row
 * (its attempts and last change), not only in this process.
 *
 * <p>The work is split: {@link DeliveryPass} picks, claims and records the pending deliveries,
 * {@link KafkaAlerts} publishes to topics, {@link WebhookPost} makes one webhook attempt and says
 * how it ended.
 */
public final class AlertPublisher implements AutoCloseable {
  public static final String KAFKA_PREFIX = "kafka:";

  /** The longest one webhook attempt takes, connecting and the whole answer included. */
  public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

  /** The longest a webhook attempt waits for its connection (within {@link #ATTEMPT_TIMEOUT}). */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** How many webhooks are posted to at once. */
  public static final int PARALLEL_WEBHOOKS = 4;

  /**
   * How long a claimed attempt may run before another publisher may take the delivery over (its
   * claimer died): more than a publish (30 s) or a webhook post ({@link #ATTEMPT_TIMEOUT} in all).
   */
  static final Duration IN_FLIGHT = Duration.ofMinutes(2);

  private final KafkaAlerts kafka;
  private final DeliveryPass pass;

  /**
   * @param payloads an alert's JSON by alert id
   * @param kafkaConfig client settings, or null when Kafka is not configured
   */
  public AlertPublisher(
      DeliveryRepository store,
      LongFunction<String> payloads,
      Map<String, Object> kafkaConfig,
      Clock clock,
      Duration baseBackoff,
      int maxAttempts) {
    this(store, payloads, kafkaConfig, clock, baseBackoff, maxAttempts, TopicAllowList.all());
  }

  /**
   * @param payloads an alert's JSON by alert id
   * @param kafkaConfig client settings, or null when Kafka is not configured
   * @param topics the alert topics the administrator allows
   */
  public AlertPublisher(
      DeliveryRepository store,
      LongFunction<String> payloads,
      Map<String, Object> kafkaConfig,
      Clock clock,
      Duration baseBackoff,
      int maxAttempts,
      TopicAllowList topics) {
    this(store, payloads, kafkaConfig, clock, baseBackoff, maxAttempts, topics, ATTEMPT_TIMEOUT);
  }

  /**
   * As above, with another bound on a webhook attempt (tests: a stalled receiver in less than 10
   * s); the connect timeout is {@link #CONNECT_TIMEOUT} or this, whichever is shorter.
   */
  AlertPublisher(
      DeliveryRepository store,
      LongFunction<String> payloads,
      Map<String, Object> kafkaConfig,
      Clock clock,
      Duration baseBackoff,
      int maxAttempts,
      TopicAllowList topics,
      Duration attemptTimeout) {
    this.kafka = new KafkaAlerts(payloads, kafkaConfig, topics);
    this.pass =
        new DeliveryPass(
            store,
            clock,
            baseBackoff,
            maxAttempts,
            attemptTimeout,
            kafka,
            new WebhookPost(payloads, clock, attemptTimeout));
  }

  /**
   * Attempts every pending delivery whose backoff has passed; returns how many were delivered
   * during the call. Webhook posts still running when it returns (see "Threads" above) record their
   * results when they end and are not counted.
   */
  public synchronized int deliverPending() {
    return pass.run();
  }

  @Override
  public synchronized void close() {
    pass.close();
    kafka.close();
  }
}
