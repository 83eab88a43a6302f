package dev.vernier.app.server;

import dev.vernier.core.data.DataRoots;
import dev.vernier.monitor.delivery.AlertPublisher;
import dev.vernier.monitor.drift.DriftMethods;
import dev.vernier.monitor.ingest.MonitorMetrics;
import dev.vernier.monitor.retrain.Retrainer;
import dev.vernier.monitor.service.MonitorRunner;
import dev.vernier.monitor.service.MonitorService;
import dev.vernier.monitor.spec.MonitorSpecParser;
import dev.vernier.monitor.storage.sql.SqlMonitorStore;
import dev.vernier.platform.db.Database;
import dev.vernier.tuner.service.TuningService;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The monitor module as a server wires it: one SQL store, the service (checking specs against the
 * data roots, jobIds against the tuner), alert delivery, retraining and the runner over them.
 */
final class MonitorWiring {
  private MonitorWiring() {}

  static MonitorRunner runner(
      ServerSettings s,
      Database db,
      TuningService tuning,
      io.micrometer.core.instrument.MeterRegistry registry,
      Clock clock) {
    SqlMonitorStore store = new SqlMonitorStore(db.dataSource(), db.dialect());
    MonitorMetrics metrics = new MicrometerMonitorMetrics(registry);
    MonitorService service =
        new MonitorService(
            store,
            new MonitorSpecParser(
                new DataRoots(s.dataRoots()).excluding(s.stateDirs()), DriftMethods.names()),
            new ArtifactPredictor(tuning),
            metrics,
            clock,
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            s.kafkaTopics(),
            tuning); // a monitor's jobId must have a best model: retraining warm-starts from it
    Map<String, Object> kafka = s.kafka().isEmpty() ? null : s.kafka();
    AlertPublisher publisher =
        new AlertPublisher(
            store, service::alertPayload, kafka, clock, Duration.ofSeconds(2), 8, s.kafkaTopics());
    Retrainer retrainer =
        new Retrainer(store, store, store, tuning, s.retrainingDir(), service::spec, clock);
    return new MonitorRunner(service, kafka, metrics, publisher, retrainer);
  }
}
