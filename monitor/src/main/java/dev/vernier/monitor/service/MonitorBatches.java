package dev.vernier.monitor.service;

import dev.vernier.monitor.evaluate.MonitorModel;
import dev.vernier.monitor.ingest.MonitorMetrics;
import dev.vernier.monitor.label.LabelJoinRules;
import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.MonitorStore;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.monitor.storage.WindowWrite;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ingestion and closing, for {@link MonitorService#accept} and {@link MonitorService#closeReady}:
 * stores batches of a monitor's events and labels, expires the labels that waited too long, closes
 * the windows that are ready ({@link WindowCloser}), evaluates again the closed windows that labels
 * joined since ({@link LateLabels}), and wakes delivery and retraining after alerts. Thread-safe:
 * one monitor's closing runs under that monitor's lock; the caller passes the monitor's model.
 */
final class MonitorBatches {
  private final MonitorStore store;
  private final Clock clock;
  private final LateLabels lateLabels;
  private final WindowCloser closer;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  // monitors whose closed windows may have labels their model quality has not seen: set when a
  // batch joins labels, and when a monitor is loaded (labels may have joined before a restart)
  private final Set<String> relabelDue = ConcurrentHashMap.newKeySet();
  private volatile Runnable afterAlerts = () -> {};

  MonitorBatches(MonitorStore store, MonitorMetrics metrics, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.lateLabels = new LateLabels(store, store, metrics);
    this.closer = new WindowCloser(store, metrics, clock);
  }

  /** Called (on the closing thread) after windows raised alerts: wakes delivery and retraining. */
  void afterAlerts(Runnable r) {
    this.afterAlerts = r;
  }

  /** Marks a monitor whose closed windows may have labels their model quality has not seen. */
  void relabelDue(String monitorId) {
    relabelDue.add(monitorId);
  }

  /** Drops the lock of a monitor deleted elsewhere. */
  void forget(String monitorId) {
    locks.remove(monitorId);
  }

  /** Whether a monitor joins labels: those posted over HTTP, or its Kafka labels topic. */
  static boolean labelsJoined(MonitorSpec s) {
    return s.kafka() == null || s.kafka().labelsTopic() != null;
  }

  /** Stores a batch of the monitor {@code m}. */
  IngestBatch.Result accept(MonitorModel m, String monitorId, IngestBatch batch) {
    IngestBatch.Result r =
        store.ingest(
            monitorId,
            m.windowing(),
            m.features(),
            m.spec().labelHorizon(),
            batch.receivedAt(clock.millis()));
    if (r.labelsJoined() > 0) {
      relabelDue.add(monitorId);
    }
    return r;
  }

  /**
   * The monitor's periodic work, run after each batch and by the idle loops (the consumer's empty
   * polls, the runner's tick for monitors without a consumer here): drops the labels that waited
   * for their event longer than the label horizon on the service's clock (so they expire on a quiet
   * monitor too, not only when a batch is stored), closes the windows that are ready, and evaluates
   * again the closed windows that labels joined since.
   */
  void closeReady(MonitorModel m, String monitorId) {
    synchronized (locks.computeIfAbsent(monitorId, k -> new Object())) {
      if (labelsJoined(m.spec())) {
        store.expireWaitingLabels(
            monitorId, LabelJoinRules.waitedSince(clock.millis(), m.spec().labelHorizon()));
      }
      boolean raised = false;
      for (int attempt = 0; attempt < 3; attempt++) {
        List<WindowRecord> ready = closer.closable(m);
        if (ready.isEmpty()) {
          break;
        }
        boolean changed = false;
        for (WindowRecord w : ready) {
          WindowWrite closed = closer.close(m, w);
          if (closed.changed()) {
            changed = true;
            break;
          }
          raised |= !closed.alertIds().isEmpty();
        }
        if (!changed) {
          break;
        }
      }
      if (labelsJoined(m.spec()) && relabelDue.remove(monitorId)) {
        try {
          raised |= lateLabels.reevaluate(m, alerts -> closer.raised(m.spec(), alerts));
        } catch (RuntimeException e) {
          relabelDue.add(monitorId);
          throw e;
        }
      }
      if (raised) {
        afterAlerts.run();
      }
    }
  }
}
