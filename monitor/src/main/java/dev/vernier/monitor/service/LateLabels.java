package dev.vernier.monitor.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.alert.AlertRule;
import dev.vernier.monitor.alert.RetrainGate;
import dev.vernier.monitor.alert.ViolationKind;
import dev.vernier.monitor.alert.WindowKinds;
import dev.vernier.monitor.evaluate.MonitorModel;
import dev.vernier.monitor.evaluate.WindowEvaluator;
import dev.vernier.monitor.evaluate.WindowResultJson;
import dev.vernier.monitor.storage.LabelRepository;
import dev.vernier.monitor.storage.NewAlert;
import dev.vernier.monitor.storage.RaisedAlerts;
import dev.vernier.monitor.storage.WindowRecord;
import dev.vernier.monitor.storage.WindowRepository;
import dev.vernier.monitor.storage.WindowWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
      ObjectNode result =
          w.resultJson() == null
              ? Json.MAPPER.createObjectNode()
              : (ObjectNode) Json.parse(w.resultJson(), "window result").node;
      Map<ViolationKind, ObjectNode> found = new LinkedHashMap<>();
      try {
        WindowEvaluator.modelQuality(m, pairs, result, found);
      } catch (RuntimeException e) {
        // stored with the error and its label count, so these labels are not tried again
        LOG.log(
            java.util.logging.Level.WARNING,
            "monitor " + m.id() + ": late labels of window " + r.windowStart() + " failed",
            e);
        result.put("modelQualityError", String.valueOf(e.getMessage()));
        labels.reevaluate(
            m.id(),
            r.windowStart(),
            r.evaluated(),
            pairs.length / 2,
            result.toString(),
            raise.apply(List.of()));
        continue;
      }
      WindowKinds stored = WindowResultJson.kinds(result);
      Set<ViolationKind> violations = new LinkedHashSet<>(stored.violations());
      violations.remove(ViolationKind.MODEL_QUALITY);
      violations.addAll(found.keySet());
      ArrayNode list = result.putArray("violations");
      violations.forEach(k -> list.add(k.id()));
      List<NewAlert> alerts = new ArrayList<>();
      ObjectNode evidence = found.get(ViolationKind.MODEL_QUALITY);
      if (evidence != null && !stored.alerts().contains(ViolationKind.MODEL_QUALITY)) {
        List<WindowKinds> previous = new ArrayList<>();
        for (WindowRecord p : recent.subList(1, recent.size())) {
          if (p.resultJson() != null) {
            previous.add(WindowResultJson.kinds(p.resultJson()));
          }
        }
        AlertRule.Decision d = new AlertRule(m.spec().alerts()).decide(violations, previous);
        if (d.alerts().contains(ViolationKind.MODEL_QUALITY)) {
          String kind = ViolationKind.MODEL_QUALITY.id();
          result.withArray("alerts").add(kind);
          if (!stored.incidents().contains(ViolationKind.MODEL_QUALITY)) {
            result.withArray("incidents").add(kind);
          }
          alerts.add(
              new NewAlert(
                  kind,
                  evidence.path("summary").asText(kind) + " (labels joined late)",
                  evidence.toString(),
                  RetrainGate.wants(ViolationKind.MODEL_QUALITY, m.spec().retraining().enabled())));
        }
      }
      WindowWrite written =
          labels.reevaluate(
              m.id(),
              r.windowStart(),
              r.evaluated(),
              pairs.length / 2,
              result.toString(),
              raise.apply(alerts));
      if (!written.changed()) {
        alerts.forEach(a -> metrics.alertRaised(m.id(), a.kind()));
      }
      raised |= !written.alertIds().isEmpty();
    }
    return raised;
  }
}
