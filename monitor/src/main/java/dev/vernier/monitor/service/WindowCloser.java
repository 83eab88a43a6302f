package dev.vernier.monitor.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.alert.AlertRule;
import dev.vernier.monitor.alert.RetrainGate;
import dev.vernier.monitor.alert.ViolationKind;
import dev.vernier.monitor.alert.WindowKinds;
import dev.vernier.monitor.delivery.AlertPublisher;
import dev.vernier.monitor.evaluate.MonitorModel;
import dev.vernier.monitor.evaluate.WindowEvaluator;
import dev.vernier.monitor.evaluate.WindowResult;
import dev.vernier.monitor.evaluate.WindowResultJson;
import dev.vernier.monitor.evaluate.WindowVerdict;
import dev.vernier.monitor.ingest.MonitorMetrics;
import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.monitor.spec.MonitorSpecParser;
import dev.vernier.monitor.storage.MonitorStore;
import dev.vernier.monitor.storage.NewAlert;
import dev.vernier.monitor.storage.RaisedAlerts;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.monitor.storage.WindowWrite;
import dev.vernier.monitor.storage.codec.WindowResultCodec;
import dev.vernier.monitor.window.Watermark;
import dev.vernier.monitor.window.Windowing;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * One closing pass's work on one window, for {@link MonitorService#closeReady}: which open windows
 * may close ({@link Windowing#closable} with the {@link Watermark}), the window's evaluation, the
 * {@link AlertRule} over the previous windows' kinds, the alerts with their retraining wish ({@link
 * RetrainGate}) and delivery targets, and the one transaction that stores it all. The caller holds
 * the monitor's lock; this class keeps no state of its own between calls.
 */
final class WindowCloser {
  private static final Logger LOG = Logger.getLogger(WindowCloser.class.getName());

  private final MonitorStore store;
  private final MonitorMetrics metrics;
  private final Clock clock;
  private final WindowEvaluator evaluator = new WindowEvaluator();

  WindowCloser(MonitorStore store, MonitorMetrics metrics, Clock clock) {
    this.store = store;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * The open windows that may close now, oldest first ({@link Windowing#closable}, with the
   * watermark of the events source's partitions for time windows).
   */
  List<WindowRecord> closable(MonitorModel m) {
    Windowing windowing = m.windowing();
    long watermark =
        windowing.byTime()
            ? Watermark.of(store.partitionMarks(m.id(), MonitorService.eventsTopic(m.spec())))
            : Watermark.NONE;
    List<WindowRecord> ready = new ArrayList<>();
    for (WindowRecord w : store.openWindows(m.id())) {
      if (windowing.closable(w.end(), w.events(), watermark)) {
        ready.add(w);
      }
    }
    return ready;
  }

  /** Alerts raised now, with the monitor's cool-down and delivery targets. */
  RaisedAlerts raised(MonitorSpec spec, List<NewAlert> alerts) {
    return new RaisedAlerts(
        alerts,
        clock.millis(),
        MonitorSpecParser.boundedMillis(spec.retraining().cooldown()),
        deliveryTargets(spec));
  }

  /** Where a monitor's alerts go: its alerts topic, then its webhooks. */
  private static List<String> deliveryTargets(MonitorSpec spec) {
    List<String> targets = new ArrayList<>();
    if (spec.kafka() != null) {
      targets.add(AlertPublisher.KAFKA_PREFIX + spec.kafka().alertsTopic());
    }
    targets.addAll(spec.webhooks());
    return targets;
  }

  /**
   * Evaluates and closes one window; a window whose evaluation (or whose closing transaction) fails
   * is marked FAILED with the error instead, so one window never stops the monitor. A failure of
   * the store itself (the database unreachable) propagates.
   *
   * @return STORED with the raised alerts' ids, or CHANGED when events arrived meanwhile (evaluate
   *     again)
   */
  WindowWrite close(MonitorModel m, WindowRecord w) {
    var data = store.windowData(m.id(), w.start(), m.features());
    if (data.rows() != w.events()) {
      return WindowWrite.CHANGED;
    }
    try {
      return evaluateAndClose(m, w, data);
    } catch (RuntimeException e) {
      ObjectNode error = Json.MAPPER.createObjectNode();
      error
          .putObject("error")
          .put("type", e.getClass().getSimpleName())
          .put("message", String.valueOf(e.getMessage()));
      LOG.log(
          java.util.logging.Level.WARNING,
          "monitor " + m.id() + ": window " + w.start() + " failed and is skipped",
          e);
      if (!store.failWindow(m.id(), w, w.events(), error.toString(), clock.millis())) {
        return WindowWrite.CHANGED;
      }
      metrics.windowFailed(m.id());
      return WindowWrite.stored(List.of());
    }
  }

  private WindowWrite evaluateAndClose(
      MonitorModel m, WindowRecord w, dev.vernier.monitor.window.WindowData data) {
    float[] labels = store.windowLabels(m.id(), w.start());
    WindowVerdict verdict = evaluator.evaluate(m, w, data, labels);
    MonitorSpec spec = m.spec();
    // the closed windows before this one, newest first: not the newest windows, which under a
    // backlog (time windows, several open at once) are all open, and the rule then saw no history
    List<WindowKinds> previous = new ArrayList<>();
    for (WindowRecord r : store.closedWindowsUpTo(m.id(), w.start() - 1, spec.alerts().n())) {
      if (r.resultJson() != null) {
        previous.add(WindowResultJson.kinds(r.resultJson()));
      }
    }
    AlertRule.Decision decision =
        new AlertRule(spec.alerts()).decide(verdict.violations(), previous);
    List<ViolationKind> kinds = decision.alerts();
    WindowResult result = verdict.result().closed(decision.incidents(), kinds);
    List<NewAlert> alerts = new ArrayList<>();
    for (ViolationKind kind : kinds) {
      alerts.add(
          new NewAlert(
              kind.id(),
              result.summary(kind, verdict.modelViolations()),
              WindowResultCodec.evidence(kind, result, verdict.modelViolations()),
              RetrainGate.wants(kind, spec.retraining().enabled())));
    }
    WindowWrite written =
        store.closeWindow(
            m.id(),
            w,
            w.events(),
            labels.length / 2,
            WindowResultCodec.write(result),
            verdict.histograms(),
            raised(spec, alerts));
    if (!written.changed()) {
      metrics.windowClosed(m.id());
      kinds.forEach(k -> metrics.alertRaised(m.id(), k.id()));
      metrics.windowFigures(m.id(), MonitorMetrics.WindowFigures.of(result));
    }
    return written;
  }
}
