package dev.vernier.monitor.ingest;

import dev.vernier.monitor.evaluate.WindowResult;
import java.util.LinkedHashMap;
import java.util.Map;

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

  /**
   * The store refused a stale batch (read from positions another consumer of the group had moved
   * since, after a rebalance): nothing of it was counted; the consumer reads again from the stored
   * positions.
   */
  default void staleBatch(String monitorId) {}

  /** A window whose evaluation failed was marked FAILED and skipped. */
  default void windowFailed(String monitorId) {}

  /**
   * The monitor's ingestion health: {@code ACTIVE}, or {@code DEGRADED} while a batch or a window
   * keeps failing (the reason is in the monitor's status).
   */
  default void health(String monitorId, dev.vernier.monitor.storage.MonitorState state) {}

  /**
   * A window was closed: its figures, for the gauges that chart a monitor over time. Called once
   * per closed window, after it is stored, by the thread that closed it.
   */
  default void windowFigures(String monitorId, WindowFigures figures) {}

  /**
   * The figures of one closed window.
   *
   * @param driftedShare the share of features that drifted, in [0, 1]; NaN when drift was not
   *     computed
   * @param quality the model-quality metrics computed from joined labels (accuracy and macroF1, or
   *     rmse and mae), by name; empty without labels
   * @param openAlerts the alert kinds whose incident goes on in this window (an alert is raised
   *     when its incident starts and stays open while it lasts)
   * @param evaluationSeconds how long the drift evaluation took; NaN when not computed
   */
  record WindowFigures(
      double driftedShare, Map<String, Double> quality, int openAlerts, double evaluationSeconds) {
    public WindowFigures {
      quality = Map.copyOf(quality);
    }

    /** The figures of a closed window's result. */
    public static WindowFigures of(WindowResult result) {
      Map<String, Double> quality = new LinkedHashMap<>();
      WindowResult.ModelQualityFigures mq = result.modelQuality();
      if (mq != null) {
        putIfKnown(quality, "accuracy", mq.accuracy());
        putIfKnown(quality, "macroF1", mq.macroF1());
        putIfKnown(quality, "rmse", mq.rmse());
        putIfKnown(quality, "mae", mq.mae());
      }
      WindowResult.Drift drift = result.drift();
      return new WindowFigures(
          drift == null ? Double.NaN : drift.driftedShare(),
          quality,
          result.incidents() == null ? 0 : result.incidents().size(),
          drift == null ? Double.NaN : drift.seconds());
    }

    private static void putIfKnown(Map<String, Double> quality, String name, Double value) {
      if (value != null) {
        quality.put(name, value);
      }
    }
  }

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
