package dev.vernier.monitor.bench;

import dev.vernier.monitor.event.EventParser;
import dev.vernier.monitor.ingest.BatchSink;
import dev.vernier.monitor.ingest.MonitorMetrics;
import dev.vernier.monitor.storage.IngestBatch;
import java.util.concurrent.atomic.AtomicLong;

/** What {@link IngestBenchmark} observes of a running monitor, without touching its code. */
final class IngestProbe {
  private IngestProbe() {}

  /** CPU seconds this process has used so far, all threads. */
  static double processCpuSeconds() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  /** The monitor's metrics as far as the benchmark needs them: events accepted, windows closed. */
  static final class Progress implements MonitorMetrics {
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong closed = new AtomicLong();

    @Override
    public void eventsConsumed(String monitorId, long n) {
      accepted.addAndGet(n);
    }

    @Override
    public void deadLettered(String monitorId, String reason, long n) {}

    @Override
    public void lateEvents(String monitorId, long n) {}

    @Override
    public void consumerLag(String monitorId, String topic, int partition, long lag) {}

    @Override
    public void windowClosed(String monitorId) {
      closed.incrementAndGet();
    }

    @Override
    public void alertRaised(String monitorId, String kind) {}
  }

  /** The monitor service, timing how long storing batches and closing windows take. */
  static final class TimedSink implements BatchSink {
    private final BatchSink delegate;
    final AtomicLong acceptNanos = new AtomicLong();
    final AtomicLong closeNanos = new AtomicLong();

    TimedSink(BatchSink delegate) {
      this.delegate = delegate;
    }

    @Override
    public EventParser parser(String monitorId) {
      return delegate.parser(monitorId);
    }

    @Override
    public boolean joinsLabels(String monitorId) {
      return delegate.joinsLabels(monitorId);
    }

    @Override
    public boolean captures(String monitorId) {
      return delegate.captures(monitorId);
    }

    @Override
    public IngestBatch.Result accept(String monitorId, IngestBatch batch) {
      long t0 = System.nanoTime();
      try {
        return delegate.accept(monitorId, batch);
      } finally {
        acceptNanos.addAndGet(System.nanoTime() - t0);
      }
    }

    @Override
    public void closeReady(String monitorId) {
      long t0 = System.nanoTime();
      try {
        delegate.closeReady(monitorId);
      } finally {
        closeNanos.addAndGet(System.nanoTime() - t0);
      }
    }
  }
}
