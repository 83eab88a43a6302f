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
