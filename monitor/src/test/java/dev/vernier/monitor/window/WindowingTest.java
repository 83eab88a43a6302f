package dev.vernier.monitor.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.monitor.spec.WindowSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WindowingTest {
  /** One-second tumbling windows, no lateness. */
  final Windowing seconds = new Windowing(WindowSpec.time(Duration.ofSeconds(1), Duration.ZERO));

  /** One-second windows that stay open half a second after their end. */
  final Windowing lenient =
      new Windowing(WindowSpec.time(Duration.ofSeconds(1), Duration.ofMillis(500)));

  /** Count windows of three events. */
  final Windowing threes = new Windowing(WindowSpec.events(3));

  @Test
  void assignsTimeWindowsAlignedToTheEpoch() {
    assertTrue(seconds.byTime());
    assertEquals(0, seconds.startOf(0));
    assertEquals(0, seconds.startOf(999));
    assertEquals(1000, seconds.startOf(1000));
    assertEquals(1_764_000_000_000L, seconds.startOf(1_764_000_000_999L));
  }

  @Test
  void flooredDivisionPutsNegativeTimesInTheWindowBelow() {
    assertEquals(-1000, seconds.startOf(-1), "truncation would give 0");
    assertEquals(-1000, seconds.startOf(-999));
    assertEquals(-1000, seconds.startOf(-1000));
    assertEquals(-2000, seconds.startOf(-1001));
    Windowing sevens = new Windowing(WindowSpec.time(Duration.ofMillis(7000), Duration.ZERO));
    assertEquals(-7000, sevens.startOf(-6999));
    assertEquals(7000, sevens.startOf(13_999));
  }

  @Test
  void endOfIsExclusiveStartPlusSizeOrTheNextSequenceNumber() {
    assertEquals(1000, seconds.endOf(0));
    assertEquals(0, seconds.endOf(-1000));
    assertEquals(8, threes.endOf(7), "a count window's start is its sequence number");
    assertFalse(threes.byTime());
    assertSame(threes.spec(), threes.spec());
    assertEquals(WindowSpec.events(3), threes.spec());
  }

  @Test
  void anEventIsLateOnlyWhenItsWindowEndedAtOrBeforeTheClosedMark() {
    // windows ending at or before 2000 are closed
    assertTrue(seconds.late(1999, 2000));
    assertTrue(seconds.late(0, 2000));
    assertFalse(seconds.late(2000, 2000), "the first open window");
    assertFalse(seconds.late(2999, 2000));
    assertTrue(seconds.late(-1, 0));
    assertFalse(seconds.late(0, 0));
    assertFalse(seconds.late(-5_000_000, Long.MIN_VALUE), "nothing closed yet");
    assertTrue(lenient.late(1999, 2000), "lateness delays closing, not the closed mark");
  }

  @Test
  void countWindowsAreNeverLate() {
    assertFalse(threes.late(0, Long.MAX_VALUE));
    assertFalse(threes.late(-1, 0));
  }

  @Test
  void aTimeWindowClosesOnceTheWatermarkPassesItsEndPlusTheLateness() {
    assertFalse(seconds.closable(1000, 10, 999));
    assertTrue(seconds.closable(1000, 10, 1000), "the watermark at the exclusive end");
    assertTrue(seconds.closable(1000, 0, 5000), "an empty window closes too");
    assertFalse(lenient.closable(1000, 10, 1000));
    assertFalse(lenient.closable(1000, 10, 1499));
    assertTrue(lenient.closable(1000, 10, 1500));
    assertTrue(lenient.closable(-1000, 10, -500));
    assertFalse(lenient.closable(-1000, 10, -501));
  }

  @Test
  void noWatermarkClosesNothing() {
    assertFalse(seconds.closable(Long.MIN_VALUE, 10, Long.MIN_VALUE), "not even the oldest");
    assertFalse(seconds.closable(0, 10, Long.MIN_VALUE));
    assertTrue(seconds.closable(Long.MIN_VALUE, 10, Long.MIN_VALUE + 1));
  }

  @Test
  void aCountWindowClosesWhenFullWhateverTheWatermark() {
    assertFalse(threes.closable(1, 2, Long.MAX_VALUE));
    assertTrue(threes.closable(1, 3, Long.MIN_VALUE));
    assertTrue(threes.closable(1, 4, 0));
    assertFalse(threes.closable(1, 0, 0));
  }
}
