package dev.vernier.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DirectionTest {

  @Test
  void minimizePrefersSmaller() {
    assertTrue(Direction.MINIMIZE.isBetter(0.1, 0.2));
    assertFalse(Direction.MINIMIZE.isBetter(0.2, 0.1));
    assertFalse(Direction.MINIMIZE.isBetter(0.2, 0.2), "equal is not strictly better");
  }

  @Test
  void maximizePrefersLarger() {
    assertTrue(Direction.MAXIMIZE.isBetter(0.9, 0.8));
    assertFalse(Direction.MAXIMIZE.isBetter(0.8, 0.9));
    assertFalse(Direction.MAXIMIZE.isBetter(0.8, 0.8));
  }

  @Test
  void nanIsNeverBetterAndAlwaysBeaten() {
    for (Direction d : Direction.values()) {
      assertFalse(d.isBetter(Double.NaN, 1), d.name());
      assertFalse(d.isBetter(Double.NaN, Double.NaN), d.name());
      assertTrue(d.isBetter(1, Double.NaN), d.name());
      assertTrue(d.isBetter(Double.NEGATIVE_INFINITY, Double.NaN), d.name());
    }
  }

  @Test
  void lossIsTheValueToMinimize() {
    assertEquals(0.25, Direction.MINIMIZE.toLoss(0.25));
    assertEquals(-0.25, Direction.MAXIMIZE.toLoss(0.25));
    for (Direction d : Direction.values()) {
      assertEquals(d.isBetter(0.3, 0.7), d.toLoss(0.3) < d.toLoss(0.7), d.name());
    }
  }
}
