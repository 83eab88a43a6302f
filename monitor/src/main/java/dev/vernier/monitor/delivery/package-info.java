/**
 * Alert delivery: {@link dev.vernier.monitor.delivery.AlertPublisher} posts stored alerts to a
 * Kafka topic or a webhook, records every attempt and retries with back-off on its injected clock;
 * webhook posts are signed ({@link dev.vernier.monitor.delivery.WebhookSignature}) and private
 * addresses need an administrator's consent ({@link
 * dev.vernier.monitor.delivery.WebhookAddresses}). One of the two packages that may use Kafka.
 */
package dev.vernier.monitor.delivery;
