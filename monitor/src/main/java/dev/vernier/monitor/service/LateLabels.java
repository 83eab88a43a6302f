package dev.vernier.monitor.service;

import dev.vernier.monitor.alert.AlertRule;
import dev.vernier.monitor.alert.RetrainGate;
import dev.vernier.monitor.alert.ViolationKind;
import dev.vernier.monitor.alert.WindowKinds;
import dev.vernier.monitor.evaluate.LateModelQuality;
import dev.vernier.monitor.evaluate.ModelQualityVerdict;
import dev.vernier.monitor.evaluate.MonitorModel;
import dev.vernier.monitor.evaluate.WindowEvaluator;
import dev.vernier.monitor.evaluate.WindowResult;
import dev.vernier.monitor.evaluate.WindowResultJson;
import dev.vernier.monitor.storage.LabelRepository;
import dev.vernier.monitor.storage.NewAlert;
import dev.vernier.monitor.storage.RaisedAlerts;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.monitor.storage.WindowRepository;
import dev.vernier.monitor.storage.WindowWrite;
import dev.vernier.monitor.storage.codec.WindowResultCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Model quality of closed windows whose labels arrived late. Ground truth usually comes hours after
 * the inference, long after its window closed; labels joined within the horizon are added to their
 * window, and here the window's model quality is computed again from all of them (NannyML's
 * "realized performance"): its {@code modelQuality} and {@code violations} are replaced, and a
 * {@code model_quality} violation that now starts an incident (k of the last n windows, counting
 * the windows before it) raises an alert, once. Later windows' incidents are not revisited.
 */
final class LateLabels {
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(LateLabels.class.getName());

  /** A closed window stored without a result (none is: every close stores one). */
  private static final WindowResult EMPTY =
      new WindowResult(null, null, null, null, null, java.util.Set.of(), null, null, false, null);

  private final WindowRepository windows;
  private final LabelRepository labels;
  private final dev.vernier.monitor.ingest.MonitorMetrics metrics;

  LateLabels(
      WindowRepository windows,
      LabelRepository labels,
      dev.vernier.monitor.ingest.MonitorMetrics metrics) {
    this.windows = windows;
    this.labels = labels;
    this.metrics = metrics;
  }

  /** Re-evaluates every window with new labels; returns whether an alert was raised. */
  boolean reevaluate(MonitorModel m, Function<List<NewAlert>, RaisedAlerts> raise) {
    boolean raised = false;
    for (LabelRepository.Relabelled r : labels.relabelled(m.id())) {
      // the window, then the closed windows before it, newest first: its k-of-n neighbourhood
      List<WindowRecord> recent =
          windows.closedWindowsUpTo(m.id(), r.windowStart(), m.spec().alerts().n());
      if (recent.isEmpty() || recent.get(0).start() != r.windowStart()) {
        continue;
      }
      WindowRecord w = recent.get(0);
      float[] pairs = labels.windowLabels(m.id(), r.windowStart());
      WindowResult stored = w.resultJson() == null ? EMPTY : WindowResultCodec.read(w.resultJson());
      ModelQualityVerdict found;
      try {
        found = WindowEvaluator.modelQuality(m, pairs);
      } catch (RuntimeException e) {
        // stored with the error and its label count, so these labels are not tried again
        LOG.log(
            java.util.logging.Level.WARNING,
            "monitor " + m.id() + ": late labels of window " + r.windowStart() + " failed",
            e);
        labels.reevaluate(
            m.id(),
            r.windowStart(),
            r.evaluated(),
            pairs.length / 2,
            WindowResultCodec.write(stored.withModelQualityError(String.valueOf(e.getMessage()))),
            raise.apply(List.of()));
        continue;
      }
      List<WindowKinds> previous = new ArrayList<>();
      for (WindowRecord p : recent.subList(1, recent.size())) {
        if (p.resultJson() != null) {
          previous.add(WindowResultJson.kinds(p.resultJson()));
        }
      }
      LateModelQuality.Outcome outcome =
          LateModelQuality.apply(stored, found, new AlertRule(m.spec().alerts()), previous);
      WindowResult result = outcome.result();
      List<NewAlert> alerts = new ArrayList<>();
      if (outcome.alert()) {
        ViolationKind kind = ViolationKind.MODEL_QUALITY;
        alerts.add(
            new NewAlert(
                kind.id(),
                result.summary(kind, found.violations()) + " (labels joined late)",
                WindowResultCodec.evidence(kind, result, found.violations()),
                RetrainGate.wants(kind, m.spec().retraining().enabled())));
      }
      WindowWrite written =
          labels.reevaluate(
              m.id(),
              r.windowStart(),
              r.evaluated(),
              pairs.length / 2,
              WindowResultCodec.write(result),
              raise.apply(alerts));
      if (!written.changed()) {
        alerts.forEach(a -> metrics.alertRaised(m.id(), a.kind()));
      }
      raised |= !written.alertIds().isEmpty();
    }
    return raised;
  }
}
