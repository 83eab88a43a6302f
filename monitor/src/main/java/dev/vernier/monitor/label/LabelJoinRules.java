package dev.vernier.monitor.label;

import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.event.LabelEvent;
import dev.vernier.monitor.spec.MonitorSpecParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * How ground-truth labels join predictions, as plain Java; the store only reads and writes the rows
 * these rules choose.
 *
 * <ul>
 *   <li>A prediction waits for its label under its inference id, counted in the window its event
 *       went to; an event without a prediction waits for nothing ({@link #waiting}).
 *   <li>A label joins the waiting prediction with its inference id: the (prediction, label) pair
 *       goes to that window, the prediction stops waiting, so a label delivered twice joins once.
 *       Within one batch the first label of an id is the one used ({@link #match}).
 *   <li>A label that finds no prediction waits for it (labels often arrive first when events and
 *       labels have separate topics), at most the label horizon on the ingest clock, and joins the
 *       prediction when its event arrives; a second label of an id already waiting is unmatched,
 *       and one still waiting after the horizon ({@link #waitedSince}) expires as unmatched,
 *       dropped by the next batch stored or by the monitor's periodic work, whichever comes first
 *       (the store keeps these rows: {@code LabelJoin}).
 *   <li>The label horizon: a prediction still waiting whose event time is more than the horizon
 *       before the newest event time of a batch expires ({@link #expiryCutoff}); its label, if it
 *       comes later, waits like an early one and expires as unmatched. Event time, not wall time,
 *       decides: a replayed topic expires the same predictions as the live one did.
 *   <li>Late labels: a closed window whose joined labels outnumber those its model quality was
 *       computed from is evaluated again ({@link #needsReevaluation}).
 * </ul>
 */
public final class LabelJoinRules {
  private LabelJoinRules() {}

  /** The events of a batch whose prediction waits for a label: those that carry one. */
  public static List<InferenceEvent> waiting(List<InferenceEvent> events) {
    if (events.stream().noneMatch(e -> Double.isNaN(e.prediction()))) {
      return events;
    }
    return events.stream().filter(e -> !Double.isNaN(e.prediction())).toList();
  }

  /**
   * The event time before which waiting predictions expire after a batch of {@code events}: the
   * newest event time less the horizon; empty for a batch without events (it moves no clock).
   */
  public static OptionalLong expiryCutoff(List<InferenceEvent> events, Duration horizon) {
    if (events.isEmpty()) {
      return OptionalLong.empty();
    }
    long newest = Long.MIN_VALUE;
    for (InferenceEvent e : events) {
      newest = Math.max(newest, e.eventTime());
    }
    // bounded: event times are at least 0, so this never overflows whatever horizon was stored
    return OptionalLong.of(newest - MonitorSpecParser.boundedMillis(horizon));
  }

  /**
   * The receipt time before which a label waiting for its prediction expires at {@code now} (the
   * service's clock, epoch milliseconds): {@code now} less the horizon. A label received exactly
   * the horizon before {@code now} still waits.
   */
  public static long waitedSince(long now, Duration horizon) {
    // bounded: the horizon is at most 100 years, so this never overflows
    return now - MonitorSpecParser.boundedMillis(horizon);
  }

  /** The labels to look up, one per inference id (the first of the batch), in batch order. */
  public static Map<String, LabelEvent> firstById(List<LabelEvent> labels) {
    Map<String, LabelEvent> byId = new LinkedHashMap<>();
    for (LabelEvent l : labels) {
      byId.putIfAbsent(l.inferenceId(), l);
    }
    return byId;
  }

  /**
   * Joins {@code labels} to {@code found}, the waiting predictions of their inference ids (as read
   * by the store, in any order; ids without a label are ignored).
   */
  public static LabelMatch match(List<LabelEvent> labels, List<PendingPrediction> found) {
    Map<String, LabelEvent> byId = firstById(labels);
    Map<Long, List<float[]>> pairs = new TreeMap<>();
    Map<Long, List<byte[]>> rows = new TreeMap<>();
    Map<Long, List<Float>> rowLabels = new TreeMap<>();
    List<String> matched = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (PendingPrediction p : found) {
      LabelEvent l = byId.get(p.inferenceId());
      if (l == null || !seen.add(p.inferenceId())) {
        continue;
      }
      pairs
          .computeIfAbsent(p.windowStart(), w -> new ArrayList<>())
          .add(new float[] {(float) p.prediction(), (float) l.label()});
      if (p.features() != null) {
        rows.computeIfAbsent(p.windowStart(), w -> new ArrayList<>()).add(p.features());
        rowLabels.computeIfAbsent(p.windowStart(), w -> new ArrayList<>()).add((float) l.label());
      }
      matched.add(p.inferenceId());
    }
    TreeMap<Long, float[]> flat = new TreeMap<>();
    pairs.forEach(
        (w, list) -> {
          float[] out = new float[list.size() * 2];
          for (int i = 0; i < list.size(); i++) {
            out[2 * i] = list.get(i)[0];
            out[2 * i + 1] = list.get(i)[1];
          }
          flat.put(w, out);
        });
    TreeMap<Long, LabelMatch.Captured> captured = new TreeMap<>();
    rows.forEach(
        (w, list) -> {
          List<Float> ls = rowLabels.get(w);
          float[] out = new float[ls.size()];
          for (int i = 0; i < out.length; i++) {
            out[i] = ls.get(i);
          }
          captured.put(w, new LabelMatch.Captured(list, out));
        });
    return new LabelMatch(flat, captured, matched, labels.size() - matched.size());
  }

  /**
   * Whether a closed window's model quality should be computed again: labels joined since it was
   * computed from {@code evaluated} of them.
   */
  public static boolean needsReevaluation(long joined, long evaluated) {
    return joined > evaluated;
  }
}
