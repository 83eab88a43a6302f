package dev.vernier.monitor.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.monitor.event.InferenceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkBuilderTest {
  static final float NAN = Float.NaN;

  static InferenceEvent event(String id, float[] x, int[] mismatches, double prediction) {
    return new InferenceEvent(id, 0, x, mismatches, prediction);
  }

  static ChunkBuilder.Chunk chunk(ChunkBuilder b) {
    return new ChunkBuilder.Chunk(b.rows(), b.features(), b.predictions(), b.mismatches());
  }

  @Test
  void encodesLittleEndianFloat32AndInt32Pairs() {
    ChunkBuilder b = new ChunkBuilder(2);
    InferenceEvent e = event("a", new float[] {1f, -2f}, new int[] {1}, 0.5);
    b.add(e);
    assertEquals(1, b.rows());
    assertSame(e, b.events().get(0));
    // 1.0f = 0x3F800000, -2.0f = 0xC0000000, 0.5f = 0x3F000000
    assertArrayEquals(new byte[] {0, 0, -128, 63, 0, 0, 0, -64}, b.features());
    assertArrayEquals(new byte[] {0, 0, 0, 63}, b.predictions());
    assertArrayEquals(new byte[] {0, 0, 0, 0, 1, 0, 0, 0}, b.mismatches(), "(row 0, feature 1)");
  }

  @Test
  void decodesConcatenatedChunksWithMismatchRowsOffsetByTheRowsBefore() {
    ChunkBuilder first = new ChunkBuilder(3);
    first.add(event("a", new float[] {1, 2, 3}, new int[0], 0));
    first.add(event("b", new float[] {NAN, 5, 6}, new int[] {0}, Double.NaN));
    ChunkBuilder empty = new ChunkBuilder(3);
    ChunkBuilder second = new ChunkBuilder(3);
    second.add(event("c", new float[] {7, NAN, 9}, new int[] {1}, 2.5));
    second.add(event("d", new float[] {-0f, Float.POSITIVE_INFINITY, 1e-45f}, new int[0], 1));
    second.add(event("e", new float[] {NAN, 11, NAN}, new int[] {0, 2}, 0.1));
    assertEquals(3 * 3 * 4, second.features().length);
    assertEquals(3 * 4, second.predictions().length);
    assertEquals(3 * 8, second.mismatches().length);
    assertEquals(0, empty.features().length + empty.predictions().length);

    WindowData w = ChunkBuilder.decode(3, List.of(chunk(first), chunk(empty), chunk(second)));
    assertEquals(5, w.rows());
    assertEquals(3, w.cols());
    assertArrayEquals(
        new float[] {
          1, 2, 3, NAN, 5, 6, 7, NAN, 9, -0f, Float.POSITIVE_INFINITY, 1e-45f, NAN, 11, NAN
        },
        w.features(),
        "assertArrayEquals compares floats bit for bit: NaN, -0 and subnormals survive");
    assertArrayEquals(new float[] {0, NAN, 2.5f, 1, 0.1f}, w.predictions());
    assertArrayEquals(
        new int[] {1, 0, 2, 1, 4, 0, 4, 2},
        w.mismatches(),
        "(row, feature) pairs: rows of the second chunk follow the first chunk's two rows");
  }

  @Test
  void decodesInTheOrderGiven() {
    ChunkBuilder a = new ChunkBuilder(1);
    a.add(event("a", new float[] {1}, new int[] {0}, 1));
    ChunkBuilder b = new ChunkBuilder(1);
    b.add(event("b", new float[] {2}, new int[0], 2));
    b.add(event("c", new float[] {3}, new int[] {0}, 3));
    WindowData w = ChunkBuilder.decode(1, List.of(chunk(b), chunk(a)));
    assertArrayEquals(new float[] {2, 3, 1}, w.features());
    assertArrayEquals(new int[] {1, 0, 2, 0}, w.mismatches());
  }

  @Test
  void decodesNoChunksToAnEmptyWindow() {
    WindowData w = ChunkBuilder.decode(4, List.of());
    assertEquals(0, w.rows());
    assertEquals(4, w.cols());
    assertEquals(0, w.features().length + w.predictions().length + w.mismatches().length);
  }

  @Test
  void windowDataRejectsArraysThatDoNotMatchItsShape() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new WindowData(2, 3, new float[5], new float[2], new int[0]));
    assertTrue(e.getMessage().contains("2 x 3"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new WindowData(1, 1, new float[1], new float[1], new int[] {0}));
  }
}
