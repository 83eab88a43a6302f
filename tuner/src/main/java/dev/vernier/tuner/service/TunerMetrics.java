package dev.vernier.tuner.service;

/**
 * Events the tuner counts; the application maps them to its metrics registry (Prometheus). Calls
 * are cheap and never throw.
 */
public interface TunerMetrics {
  /** A lease expired; {@code retried} when its trial went back to the queue. */
  void leaseExpired(boolean retried);

  /** A strategy proposed {@code count} configurations in {@code nanos}. */
  void suggested(long nanos, int count);

  /** A worker's report was applied ({@code accepted}) or ignored as a duplicate or lost lease. */
  void reported(String outcome, boolean accepted);

  /** Counts nothing. */
  TunerMetrics NONE =
      new TunerMetrics() {
        @Override
        public void leaseExpired(boolean retried) {}

        @Override
        public void suggested(long nanos, int count) {}

        @Override
        public void reported(String outcome, boolean accepted) {}
      };
}
