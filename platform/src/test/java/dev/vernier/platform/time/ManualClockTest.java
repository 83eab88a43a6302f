package dev.vernier.platform.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ManualClockTest {
  @Test
  void movesOnlyWhenTold() throws Exception {
    ManualClock c = new ManualClock(1_000);
    assertEquals(1_000, c.millis());
    Thread.sleep(5);
    assertEquals(Instant.ofEpochMilli(1_000), c.instant());
    c.advance(250);
    c.advance(Duration.ofSeconds(2));
    assertEquals(3_250, c.millis());
    c.set(42);
    assertEquals(42, c.millis());
    assertEquals(ZoneOffset.UTC, c.withZone(ZoneOffset.ofHours(3)).getZone());
  }

  @Test
  void advancesFromManyThreadsAddUp() throws Exception {
    ManualClock c = new ManualClock(0);
    Thread[] ts = new Thread[4];
    for (int i = 0; i < ts.length; i++) {
      ts[i] =
          new Thread(
              () -> {
                for (int k = 0; k < 10_000; k++) {
                  c.advance(1);
                }
              });
      ts[i].start();
    }
    for (Thread t : ts) {
      t.join();
    }
    assertEquals(40_000, c.millis());
  }
}
