package dev.vernier.monitor.ingest;

import dev.vernier.monitor.MonitorFixture;
import java.nio.file.Path;
import java.util.Map;

/**
 * A monitor process for the crash test: consumes one monitor's topic into the SQLite file under
 * {@code args[0]} from the broker at {@code args[1]} until it is killed.
 */
public final class IngestChild {
  /**
   * Starts a child consuming monitor {@code id} into {@code dir}; its output goes to a log there.
   */
  static Process start(Path dir, dev.vernier.kafka.embedded.EmbeddedKafka kafka, String id)
      throws java.io.IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            IngestChild.class.getName(),
            dir.toString(),
            kafka.bootstrapServers(),
            id)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child-" + System.nanoTime() + ".log").toFile())
        .start();
  }

  /** The events accepted so far by monitor {@code id} in the database under {@code dir}. */
  static long accepted(Path dir, String id) throws java.io.IOException {
    try (MonitorFixture f = new MonitorFixture(dir)) {
      return f.store.counters(id).getOrDefault("events_accepted", 0L);
    }
  }

  /**
   * Waits until monitor {@code id} accepted {@code n} events; after {@code seconds} fails with the
   * children's logs, counters and positions.
   */
  static void awaitAccepted(Path dir, String id, long n, int seconds) throws Exception {
    long until = System.nanoTime() + seconds * 1_000_000_000L;
    while (accepted(dir, id) < n) {
      if (System.nanoTime() > until) {
        StringBuilder logs = new StringBuilder();
        try (var files = java.nio.file.Files.list(dir)) {
          for (Path log : files.filter(x -> x.toString().endsWith(".log")).toList()) {
            String text = java.nio.file.Files.readString(log);
            logs.append("\n--- ")
                .append(log.getFileName())
                .append('\n')
                .append(text.substring(Math.max(0, text.length() - 3000)));
          }
        }
        try (MonitorFixture f = new MonitorFixture(dir)) {
          logs.append("\ncounters ").append(f.store.counters(id));
          logs.append("\npositions ").append(f.store.positions(id));
        }
        throw new AssertionError(
            "only " + accepted(dir, id) + " of " + n + " events within " + seconds + " s" + logs);
      }
      Thread.sleep(200);
    }
  }

  public static void main(String[] args) throws Exception {
    MonitorFixture f = new MonitorFixture(Path.of(args[0]));
    String id = args[2];
    var spec = f.service.spec(id).orElseThrow();
    new KafkaIngestor(
            id,
            spec.kafka(),
            Map.of("bootstrap.servers", args[1], "session.timeout.ms", 6000),
            f.store,
            f.service,
            MonitorMetrics.NONE)
        .run();
  }
}
