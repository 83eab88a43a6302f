package dev.vernier.monitor.storage;

/**
 * Where the delivery of an alert to one target (topic or webhook URL) stands: PENDING until it is
 * DELIVERED, or FAILED for good (out of attempts, or its webhook is no longer registered). Stored
 * and shown over REST by name.
 */
public enum DeliveryStatus {
  PENDING,
  DELIVERED,
  FAILED
}
