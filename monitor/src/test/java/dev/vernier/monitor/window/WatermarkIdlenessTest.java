package dev.vernier.monitor.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.monitor.spec.WindowSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The watermark over idle partitions (see {@link Watermark}): a partition that delivered and went
 * quiet stops holding it back once idle, and a partition's mark never goes below the watermark it
 * was stored under. The outside tester's two cases, on a topic of two partitions with windows of 10
 * s and 1 s of lateness, from T0 = 0.
 */
class WatermarkIdlenessTest {
  static final long NOTHING = Long.MIN_VALUE;
  final Windowing windowing =
      new Windowing(WindowSpec.time(Duration.ofSeconds(10), Duration.ofSeconds(1)));

  @Test
  void aPartitionThatDeliveredOnceAndWentQuietStopsHoldingItBackOnceIdle() {
    // partition 1: 5 events up to 400 ms; partition 0: 60 events up to 29.5 s
    PartitionMark busy = new PartitionMark(0, 29_500, false);
    assertEquals(
        400,
        Watermark.of(List.of(busy, new PartitionMark(1, 400, false))),
        "not idle yet: it holds the watermark");
    long watermark = Watermark.of(List.of(busy, new PartitionMark(1, 400, true)));
    assertEquals(29_500, watermark);
    assertTrue(windowing.closable(10_000, 25, watermark));
    assertTrue(windowing.closable(20_000, 20, watermark));
    assertFalse(windowing.closable(30_000, 20, watermark), "the newest waits for later traffic");
  }

  @Test
  void whenEveryPartitionIsIdleItIsTheNewestEventTimeAsForOnePartition() {
    assertEquals(
        29_500,
        Watermark.of(List.of(new PartitionMark(0, 29_500, true), new PartitionMark(1, 400, true))));
    assertEquals(
        29_500,
        Watermark.of(List.of(new PartitionMark(0, 29_500, true))),
        "one partition, idle or not, is its own highest event time");
    assertEquals(29_500, Watermark.of(List.of(new PartitionMark(0, 29_500, false))));
    assertEquals(
        Watermark.NONE,
        Watermark.of(
            List.of(new PartitionMark(0, NOTHING, true), new PartitionMark(1, NOTHING, true))),
        "no event time at all");
  }

  @Test
  void aSilentPartitionThatIsNotIdleStillMakesItWait() {
    assertEquals(
        Watermark.NONE,
        Watermark.of(
            List.of(new PartitionMark(0, 29_500, true), new PartitionMark(1, NOTHING, false))));
  }

  @Test
  void aLateEventDoesNotPullAPartitionBelowTheWatermark() {
    // partition 1 never delivered and is idle; partition 0 is at 24.5 s; one event at time 0 comes
    long watermark =
        Watermark.of(
            List.of(new PartitionMark(0, 24_500, false), new PartitionMark(1, NOTHING, true)));
    assertEquals(24_500, watermark);
    long mark = Watermark.markAfter(0, watermark);
    assertEquals(24_500, mark, "not 0: the watermark already passed it");
    // partition 0 goes on to 44.5 s: partition 1 holds the watermark where it was, not at 0
    List<PartitionMark> after =
        List.of(new PartitionMark(0, 44_500, false), new PartitionMark(1, mark, false));
    assertEquals(24_500, Watermark.of(after));
    // and once idle again, not at all
    assertEquals(
        44_500,
        Watermark.of(
            List.of(new PartitionMark(0, 44_500, false), new PartitionMark(1, mark, true))));
  }

  @Test
  void eventsAheadOfTheWatermarkAreTheMarkAndWithoutAWatermarkAnyEventIs() {
    assertEquals(35_000, Watermark.markAfter(35_000, 29_500));
    assertEquals(29_500, Watermark.markAfter(25_000, 29_500));
    assertEquals(0, Watermark.markAfter(0, Watermark.NONE));
  }
}
