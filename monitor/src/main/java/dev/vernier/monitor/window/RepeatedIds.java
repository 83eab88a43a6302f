package dev.vernier.monitor.window;

import dev.vernier.monitor.event.InferenceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * An inference counts once: the rules for events whose inference id a monitor has already counted
 * (a Kafka producer's retry, an HTTP client's retry without an idempotency key), as plain Java. The
 * store keeps the ids and decides which ones it had (one row per monitor and id, claimed in the
 * batch's transaction, so whichever replica stores a repeat finds the first); these rules say which
 * ids a batch asks for, which events it keeps, and when an id is forgotten.
 *
 * <ul>
 *   <li>Within a batch the first event of an id is the one counted ({@link #firstOfEachId}); the
 *       others are duplicates.
 *   <li>Of those, an event whose id the store already had is a duplicate too ({@link #claimed}). A
 *       duplicate goes to no window (the drift, data-quality and prediction statistics see the
 *       first event only), keeps no prediction (the label joins the first one's) and is counted in
 *       {@code events_duplicate}. A late event's id is remembered too: its repeat is a duplicate,
 *       not a second late event.
 *   <li>An id is remembered while its event's time window is open and until a later batch's newest
 *       event time is more than the label horizon past it ({@link #forgetBefore}), the clock a
 *       waiting prediction expires by: a prediction waiting for its label is always remembered, and
 *       a repeat of a time-window event forgotten since is late. Count windows: a repeat sent more
 *       than the horizon (of event time) after the first counts again.
 *   <li>An event without an id (a parser that does not keep them) is always counted.
 *   <li>A monitor whose spec says {@code "deduplicate": false} (its producer guarantees unique ids,
 *       as Kafka's idempotent producer does for its retries) keeps no ids and applies none of these
 *       rules: every event counts, a repeat included, and nothing is remembered or forgotten. Its
 *       label joins keep the first prediction of an id while it waits (the waiting predictions are
 *       keyed by monitor and id): a repeat that comes while the first waits joins nothing and the
 *       label joins the first; a repeat that comes after the label joined waits for a label of its
 *       own (a second label of the id joins it; none expires it, counted in {@code
 *       labels_expired}).
 * </ul>
 */
public final class RepeatedIds {
  private RepeatedIds() {}

  /**
   * The events of a batch that are the first of their inference id in it, in batch order; events
   * without an id are all kept.
   */
  public static List<InferenceEvent> firstOfEachId(List<InferenceEvent> events) {
    Set<String> seen = new HashSet<>(events.size() * 2);
    List<InferenceEvent> out = null; // the input itself while it has no repeat
    for (int i = 0; i < events.size(); i++) {
      InferenceEvent e = events.get(i);
      boolean first = e.inferenceId() == null || seen.add(e.inferenceId());
      if (!first && out == null) {
        out = new ArrayList<>(events.subList(0, i));
      } else if (first && out != null) {
        out.add(e);
      }
    }
    return out == null ? events : out;
  }

  /**
   * Of {@code distinct} ({@link #firstOfEachId}), the events to count: those whose id the store
   * claimed now ({@code claimed}: it had not counted them) and those without an id, in order.
   */
  public static List<InferenceEvent> claimed(List<InferenceEvent> distinct, Set<String> claimed) {
    if (claimed.size() == distinct.size()) {
      return distinct;
    }
    List<InferenceEvent> out = new ArrayList<>(claimed.size());
    for (InferenceEvent e : distinct) {
      if (e.inferenceId() == null || claimed.contains(e.inferenceId())) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * The event time before which remembered ids are forgotten after a batch of {@code events}: the
   * newest event time less the horizon and, for time windows, at most {@code closedThrough} (the
   * end of the newest closed window: an event before it is late, so its repeat cannot count in a
   * window); empty for a batch without events, which moves no clock.
   */
  public static OptionalLong forgetBefore(
      List<InferenceEvent> events, Duration horizon, Windowing windowing, long closedThrough) {
    OptionalLong cutoff = dev.vernier.monitor.label.LabelJoinRules.expiryCutoff(events, horizon);
    if (cutoff.isEmpty() || !windowing.byTime()) {
      return cutoff;
    }
    // closed_through is a window end (windows are aligned to their size): events before it are late
    return OptionalLong.of(Math.min(cutoff.getAsLong(), closedThrough));
  }
}
