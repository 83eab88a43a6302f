package dev.vernier.monitor.ingest;

/**
 * What the monitor reports to a metrics registry. The application implements it (Prometheus); the
 * monitor module stays free of a metrics library. Implementations must be thread-safe.
 */
public interface MonitorMetrics {
  void eventsConsumed(String monitorId, long n);

  void deadLettered(String monitorId, String reason, long n);

  void lateEvents(String monitorId, long n);

  /** Records left to read in one partition after the last poll. */
  void consumerLag(String monitorId, String topic, int partition, long lag);

  void windowClosed(String monitorId);

  void alertRaised(String monitorId, String kind);

  /** A window whose evaluation failed was marked FAILED and skipped. */
  default void windowFailed(String monitorId) {}

  /**
   * The monitor's ingestion health: {@code ACTIVE}, or {@code DEGRADED} while a batch or a window
   * keeps failing (the reason is in the monitor's status).
   */
  default void health(String monitorId, String state) {}

  /** The monitor was deleted: its series go. */
  default void removed(String monitorId) {}

  MonitorMetrics NONE =
      new MonitorMetrics() {
        @Override
        public void eventsConsumed(String monitorId, long n) {}

        @Override
        public void deadLettered(String monitorId, String reason, long n) {}

        @Override
        public void lateEvents(String monitorId, long n) {}

        @Override
        public void consumerLag(String monitorId, String topic, int partition, long lag) {}

        @Override
        public void windowClosed(String monitorId) {}

        @Override
        public void alertRaised(String monitorId, String kind) {}
      };
}
