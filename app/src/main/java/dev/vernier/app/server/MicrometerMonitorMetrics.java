package dev.vernier.app.server;

import dev.vernier.monitor.ingest.MonitorMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The monitor's figures for Prometheus: events consumed, dead-lettered records by reason, late
 * events, windows closed and alerts raised (counters per monitor), and consumer lag per partition
 * (a gauge).
 */
public final class MicrometerMonitorMetrics implements MonitorMetrics {
  private final MeterRegistry registry;
  private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> degraded = new ConcurrentHashMap<>();

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
  public void health(String monitorId, String state) {
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
        .set("DEGRADED".equals(state) ? 1 : 0);
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
  }
}
