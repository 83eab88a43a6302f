package dev.vernier.monitor.ingest;

import dev.vernier.monitor.MonitorFixture;
import java.nio.file.Path;
import java.util.Map;

/**
 * A monitor process for the crash test: consumes one monitor's topic into the SQLite file under
 * {@code args[0]} from the broker at {@code args[1]} until it is killed.
 */
public final class IngestChild {
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
