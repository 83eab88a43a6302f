package dev.vernier.monitor.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.monitor.spec.WindowSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatermarkTest {
  static final long NOTHING = Long.MIN_VALUE;

  @Test
  void noPartitionNoWatermark() {
    assertEquals(Watermark.NONE, Watermark.of(List.of()));
  }

  @Test
  void theSlowestPartitionSetsIt() {
    assertEquals(
        1_500,
        Watermark.of(
            List.of(
                new PartitionMark(0, 4_000, false),
                new PartitionMark(1, 1_500, false),
                new PartitionMark(2, 9_000, false))));
  }

  @Test
  void aSilentPartitionHoldsItBackUntilItIsIdle() {
    PartitionMark busy = new PartitionMark(0, 4_000, false);
    assertEquals(Watermark.NONE, Watermark.of(List.of(busy, new PartitionMark(1, NOTHING, false))));
    assertEquals(4_000, Watermark.of(List.of(busy, new PartitionMark(1, NOTHING, true))));
    assertEquals(
        Watermark.NONE,
        Watermark.of(List.of(new PartitionMark(1, NOTHING, true))),
        "only idle partitions: no event time at all");
  }

  @Test
  void anIdlePartitionNoLongerHoldsItBackWhateverItDelivered() {
    assertEquals(
        900,
        Watermark.of(List.of(new PartitionMark(0, 700, true), new PartitionMark(1, 900, false))));
  }

  @Test
  void aTimeWindowClosesOnceTheWatermarkPassesItsEndPlusLateness() {
    Windowing w = new Windowing(WindowSpec.time(Duration.ofSeconds(1), Duration.ofMillis(500)));
    long watermark = Watermark.of(List.of(new PartitionMark(0, 1_499, false)));
    assertFalse(w.closable(1_000, 10, watermark), "lateness not yet over");
    watermark = Watermark.of(List.of(new PartitionMark(0, 1_500, false)));
    assertTrue(w.closable(1_000, 10, watermark));
    assertFalse(w.closable(1_000, 10, Watermark.NONE), "no watermark, nothing closes");
  }
}
