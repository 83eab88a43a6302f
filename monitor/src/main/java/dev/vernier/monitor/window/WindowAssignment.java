package dev.vernier.monitor.window;

import dev.vernier.monitor.event.InferenceEvent;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which window each event of a batch belongs to. Pure: the monitor's windowing state ({@link
 * Cursor}) is read by the caller and the next state is returned, for the caller to store with the
 * batch in one transaction.
 *
 * <p>Time windows: an event goes to the tumbling window holding its event time, unless that window
 * is already closed ({@link Windowing#late}): then it is late, counted and added nowhere. Count
 * windows: events fill the open window in arrival order, {@code size} each; none is late.
 *
 * @param windows the events of each window, by window start (time) or sequence number (count),
 *     ascending, each encoded as a chunk; the builders belong to the caller
 * @param late how many events were late
 * @param next the windowing state after the batch
 */
public record WindowAssignment(SortedMap<Long, ChunkBuilder> windows, int late, Cursor next) {
  public WindowAssignment {
    windows = Collections.unmodifiableSortedMap(new TreeMap<>(windows));
  }

  /**
   * A monitor's windowing state: the open count window's sequence number and how many events it
   * holds (count windows), and the end of the newest closed window (time windows: events before it
   * are late).
   */
  public record Cursor(long countWindow, long countEvents, long closedThrough) {}

  /** How many events were assigned to a window (the batch's events less the late ones). */
  public int accepted() {
    return windows.values().stream().mapToInt(ChunkBuilder::rows).sum();
  }

  /**
   * Assigns {@code events}, in order, to the windows of {@code windowing}, encoding each window's
   * rows with {@code cols} features.
   */
  public static WindowAssignment of(
      Windowing windowing, int cols, Cursor cursor, List<InferenceEvent> events) {
    SortedMap<Long, ChunkBuilder> chunks = new TreeMap<>();
    int late = 0;
    long countWindow = cursor.countWindow();
    long countEvents = cursor.countEvents();
    ChunkBuilder chunk = null;
    long chunkStart = 0;
    for (InferenceEvent e : events) {
      long start;
      if (windowing.byTime()) {
        if (windowing.late(e.eventTime(), cursor.closedThrough())) {
          late++;
          continue;
        }
        start = windowing.startOf(e.eventTime());
      } else {
        start = countWindow;
        if (++countEvents >= windowing.spec().size()) {
          countWindow++;
          countEvents = 0;
        }
      }
      if (chunk == null || start != chunkStart) { // events come in runs of one window
        chunk = chunks.computeIfAbsent(start, s -> new ChunkBuilder(cols));
        chunkStart = start;
      }
      chunk.add(e);
    }
    return new WindowAssignment(
        chunks, late, new Cursor(countWindow, countEvents, cursor.closedThrough()));
  }
}
