/**
 * Alert delivery: {@link dev.vernier.monitor.delivery.AlertPublisher} posts stored alerts to a
 * Kafka topic or a webhook, records every attempt and retries with back-off on its injected clock;
 * each webhook attempt is bounded in total time (10 s, the answer's body included) and webhooks are
 * posted to in parallel. Webhook posts are signed ({@link
 * dev.vernier.monitor.delivery.WebhookSignature}), private addresses need an administrator's
 * consent ({@link dev.vernier.monitor.delivery.WebhookAddresses}), and registered URLs are bounded
 * in length and compared as receivers ({@link dev.vernier.monitor.delivery.WebhookUrls}). One of
 * the two packages that may use Kafka.
 */
package dev.vernier.monitor.delivery;
