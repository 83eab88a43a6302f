package dev.vernier.monitor.window;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.spec.WindowSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WindowAssignmentTest {
  static InferenceEvent at(long time) {
    return new InferenceEvent("id-" + time, time, new float[] {time, 1}, new int[0], 0.5);
  }

  static List<InferenceEvent> at(long... times) {
    List<InferenceEvent> out = new ArrayList<>();
    for (long t : times) {
      out.add(at(t));
    }
    return out;
  }

  static Map<Long, Integer> rows(WindowAssignment a) {
    Map<Long, Integer> out = new TreeMap<>();
    a.windows().forEach((start, chunk) -> out.put(start, chunk.rows()));
    return out;
  }

  final Windowing seconds = new Windowing(WindowSpec.time(Duration.ofSeconds(1), Duration.ZERO));

  @Test
  void timeEventsGoToTheWindowOfTheirEventTimeInAnyOrder() {
    WindowAssignment a =
        WindowAssignment.of(
            seconds,
            2,
            new WindowAssignment.Cursor(0, 0, Long.MIN_VALUE),
            at(2_500, 10, 999, 2_000, 1_000, 12));
    assertEquals(Map.of(0L, 3, 1_000L, 1, 2_000L, 2), rows(a));
    assertEquals(0, a.late());
    assertEquals(6, a.accepted());
    assertEquals(
        List.of(10L, 999L, 12L),
        a.windows().get(0L).events().stream().map(InferenceEvent::eventTime).toList(),
        "arrival order kept within a window");
  }

  @Test
  void eventsOfAClosedWindowAreLateAndCountedNotAdded() {
    WindowAssignment a =
        WindowAssignment.of(
            seconds, 2, new WindowAssignment.Cursor(0, 0, 2_000), at(1_999, 0, 2_000, 5_000));
    assertEquals(2, a.late());
    assertEquals(Map.of(2_000L, 1, 5_000L, 1), rows(a));
    assertEquals(2_000, a.next().closedThrough(), "the closed mark is the store's, unchanged");
  }

  @Test
  void countWindowsFillInArrivalOrderAndCarryTheirCursor() {
    Windowing threes = new Windowing(WindowSpec.events(3));
    WindowAssignment a =
        WindowAssignment.of(
            threes, 2, new WindowAssignment.Cursor(4, 2, Long.MIN_VALUE), at(9, 8, 7, 6, 5));
    // window 4 held 2 events: one more fills it, then 3 in window 5, 1 in window 6
    assertEquals(Map.of(4L, 1, 5L, 3, 6L, 1), rows(a));
    assertEquals(new WindowAssignment.Cursor(6, 1, Long.MIN_VALUE), a.next());
    assertEquals(0, a.late(), "a count window is never late");
  }

  @Test
  void anEmptyBatchKeepsTheCursor() {
    WindowAssignment.Cursor c = new WindowAssignment.Cursor(3, 1, 7_000);
    WindowAssignment a = WindowAssignment.of(seconds, 2, c, List.of());
    assertEquals(c, a.next());
    assertEquals(0, a.windows().size());
  }
}
