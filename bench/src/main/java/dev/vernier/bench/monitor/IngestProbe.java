package dev.vernier.bench.monitor;

import dev.vernier.monitor.event.EventParser;
import dev.vernier.monitor.ingest.BatchSink;
import dev.vernier.monitor.ingest.MonitorMetrics;
import dev.vernier.monitor.storage.IngestBatch;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** What {@link IngestBenchmark} observes of a running monitor, without touching its code. */
final class IngestProbe {
  private IngestProbe() {}

  /**
   * CPU seconds (user + system) of this process's threads by name, digits folded ({@code
   * vernier-close-mon-N}, {@code C2 CompilerThreN}), from Linux's {@code /proc/self/task}; JVM
   * threads (JIT, GC) included, which the management beans do not list. Empty elsewhere.
   */
  static Map<String, Double> threadCpuSeconds() {
    Map<String, Double> out = new TreeMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
      for (Path t : ds) {
        try {
          String stat = Files.readString(t.resolve("stat"));
          int close = stat.lastIndexOf(')');
          String name = stat.substring(stat.indexOf('(') + 1, close).replaceAll("[0-9]+", "N");
          String[] f = stat.substring(close + 2).split(" ");
          // fields 14 and 15 of stat (utime, stime) in clock ticks, 100 a second on Linux
          double ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
          out.merge(name, ticks / 100.0, Double::sum);
        } catch (IOException | RuntimeException e) {
          // a thread that ended meanwhile
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /** What each thread group used between two {@link #threadCpuSeconds} readings, largest first. */
  static List<Map.Entry<String, Double>> difference(
      Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> d = new TreeMap<>();
    after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0.0)));
    return d.entrySet().stream()
        .filter(e -> e.getValue() >= 0.01)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .toList();
  }

  /** Prints up to eight thread groups and their CPU seconds on one line. */
  static void printThreads(PrintStream out, String what, List<Map.Entry<String, Double>> threads) {
    if (threads.isEmpty()) {
      return;
    }
    StringBuilder t = new StringBuilder(what + " CPU s by thread:");
    threads.stream()
        .limit(8)
        .forEach(e -> t.append(String.format(Locale.ROOT, " %s %.2f,", e.getKey(), e.getValue())));
    out.println(t.substring(0, t.length() - 1));
  }

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
