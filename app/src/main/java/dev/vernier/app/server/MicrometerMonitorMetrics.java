package dev.vernier.app.server;

import dev.vernier.monitor.ingest.MonitorMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The monitor's figures for Prometheus: events consumed, dead-lettered records by reason, late
 * events, windows closed and alerts raised (counters per monitor), consumer lag per partition, and
 * the last closed window's drifted share, model quality and open alerts (gauges per monitor, so a
 * dashboard charts drift over time); the drift evaluation's duration as a histogram.
 */
public final class MicrometerMonitorMetrics implements MonitorMetrics {
  private final MeterRegistry registry;
  private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> degraded = new ConcurrentHashMap<>();
  // the last window's figures, as the bits of a double, by monitor (and metric)
  private final Map<String, AtomicLong> figures = new ConcurrentHashMap<>();

  public MicrometerMonitorMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  private Counter counter(String name, String help, String... tags) {
    return Counter.builder(name).description(help).tags(tags).register(registry);
  }

  @Override
  public void eventsConsumed(String monitorId, long n) {
    counter(
            "vernier_monitor_events",
            "inference events accepted into windows",
            "monitor",
            monitorId)
        .increment(n);
  }

  @Override
  public void deadLettered(String monitorId, String reason, long n) {
    counter(
            "vernier_monitor_dead_lettered",
            "records rejected (and sent to the dead-letter topic) by reason",
            "monitor",
            monitorId,
            "reason",
            reason)
        .increment(n);
  }

  @Override
  public void lateEvents(String monitorId, long n) {
    counter("vernier_monitor_late_events", "events whose window had closed", "monitor", monitorId)
        .increment(n);
  }

  @Override
  public void staleBatch(String monitorId) {
    counter(
            "vernier_monitor_stale_batches",
            "batches refused because another replica had stored their records (after a rebalance)",
            "monitor",
            monitorId)
        .increment();
  }

  @Override
  public void consumerLag(String monitorId, String topic, int partition, long lag) {
    String key = monitorId + "|" + topic + "|" + partition;
    lags.computeIfAbsent(
            key,
            k -> {
              AtomicLong v = new AtomicLong();
              Gauge.builder("vernier_monitor_consumer_lag", v, AtomicLong::get)
                  .description("records left to read in a partition")
                  .tags(
                      "monitor",
                      monitorId,
                      "topic",
                      topic,
                      "partition",
                      Integer.toString(partition))
                  .register(registry);
              return v;
            })
        .set(lag);
  }

  @Override
  public void windowClosed(String monitorId) {
    counter("vernier_monitor_windows_closed", "windows evaluated and closed", "monitor", monitorId)
        .increment();
  }

  @Override
  public void alertRaised(String monitorId, String kind) {
    counter("vernier_monitor_alerts", "alerts raised", "monitor", monitorId, "kind", kind)
        .increment();
  }

  @Override
  public void windowFailed(String monitorId) {
    counter(
            "vernier_monitor_windows_failed",
            "windows whose evaluation failed (marked FAILED and skipped)",
            "monitor",
            monitorId)
        .increment();
  }

  @Override
  public void health(String monitorId, dev.vernier.monitor.storage.MonitorState state) {
    degraded
        .computeIfAbsent(
            monitorId,
            id -> {
              AtomicLong v = new AtomicLong();
              Gauge.builder("vernier_monitor_degraded", v, AtomicLong::get)
                  .description("1 while a monitor's ingestion keeps failing (DEGRADED), else 0")
                  .tags("monitor", id)
                  .register(registry);
              return v;
            })
        .set(state == dev.vernier.monitor.storage.MonitorState.DEGRADED ? 1 : 0);
  }

  @Override
  public void windowFigures(String monitorId, WindowFigures f) {
    if (!Double.isNaN(f.driftedShare())) {
      figure(
              monitorId,
              "vernier_monitor_drifted_share",
              "share of features that drifted in the monitor's last closed window (0 to 1)")
          .set(Double.doubleToLongBits(f.driftedShare()));
    }
    f.quality()
        .forEach(
            (metric, value) ->
                figure(
                        monitorId,
                        "vernier_monitor_model_quality",
                        "model quality in the monitor's last closed window, from joined labels,"
                            + " by metric (accuracy, macroF1, rmse, mae)",
                        "metric",
                        metric)
                    .set(Double.doubleToLongBits(value)));
    figure(
            monitorId,
            "vernier_monitor_open_alerts",
            "alert kinds whose incident goes on in the monitor's last closed window")
        .set(Double.doubleToLongBits(f.openAlerts()));
    if (!Double.isNaN(f.evaluationSeconds())) {
      Timer.builder("vernier_monitor_drift_evaluation")
          .description("time the drift evaluation of one window took")
          .tags("monitor", monitorId)
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1))
          .maximumExpectedValue(Duration.ofMinutes(5))
          .register(registry)
          .record(Duration.ofNanos((long) (f.evaluationSeconds() * 1e9)));
    }
  }

  /** The holder of one per-monitor gauge, registered on first use. */
  private AtomicLong figure(String monitorId, String name, String help, String... tags) {
    String key = monitorId + "|" + name + "|" + String.join("|", tags);
    return figures.computeIfAbsent(
        key,
        k -> {
          AtomicLong v = new AtomicLong(Double.doubleToLongBits(Double.NaN));
          Gauge.builder(name, v, a -> Double.longBitsToDouble(a.get()))
              .description(help)
              .tags(tags)
              .tag("monitor", monitorId)
              .register(registry);
          return v;
        });
  }

  @Override
  public void removed(String monitorId) {
    for (io.micrometer.core.instrument.Meter meter : registry.getMeters()) {
      if (monitorId.equals(meter.getId().getTag("monitor"))) {
        registry.remove(meter);
      }
    }
    lags.keySet().removeIf(k -> k.startsWith(monitorId + "|"));
    degraded.remove(monitorId);
    figures.keySet().removeIf(k -> k.startsWith(monitorId + "|"));
  }
}
