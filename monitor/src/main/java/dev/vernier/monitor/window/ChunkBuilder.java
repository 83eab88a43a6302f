package dev.vernier.monitor.window;

import dev.vernier.monitor.event.InferenceEvent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the events of one window from one consumed batch and encodes them as a chunk: float32
 * little-endian features, float32 predictions, int32 (row, feature) mismatch pairs. Chunks of a
 * window are concatenated by {@link #decode}.
 */
public final class ChunkBuilder {
  private final int cols;
  private final List<InferenceEvent> events = new ArrayList<>();

  public ChunkBuilder(int cols) {
    this.cols = cols;
  }

  public void add(InferenceEvent e) {
    events.add(e);
  }

  public int rows() {
    return events.size();
  }

  public List<InferenceEvent> events() {
    return events;
  }

  public byte[] features() {
    ByteBuffer b = ByteBuffer.allocate(events.size() * cols * 4).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer f = b.asFloatBuffer();
    for (int r = 0; r < events.size(); r++) {
      f.position(r * cols);
      f.put(events.get(r).features());
    }
    return b.array();
  }

  public byte[] predictions() {
    ByteBuffer b = ByteBuffer.allocate(events.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (InferenceEvent e : events) {
      b.putFloat((float) e.prediction());
    }
    return b.array();
  }

  public byte[] mismatches() {
    int n = 0;
    for (InferenceEvent e : events) {
      n += e.mismatches().length;
    }
    ByteBuffer b = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (int r = 0; r < events.size(); r++) {
      for (int f : events.get(r).mismatches()) {
        b.putInt(r).putInt(f);
      }
    }
    return b.array();
  }

  /** One stored chunk, as read back. */
  public record Chunk(int rows, byte[] features, byte[] predictions, byte[] mismatches) {}

  /** Concatenates a window's chunks, in the order they were written. */
  public static WindowData decode(int cols, List<Chunk> chunks) {
    int rows = 0;
    int pairs = 0;
    for (Chunk c : chunks) {
      rows += c.rows();
      pairs += c.mismatches().length / 8;
    }
    float[] features = new float[rows * cols];
    float[] predictions = new float[rows];
    int[] mismatches = new int[pairs * 2];
    int row = 0;
    int m = 0;
    for (Chunk c : chunks) {
      ByteBuffer.wrap(c.features())
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(features, row * cols, c.rows() * cols);
      ByteBuffer.wrap(c.predictions())
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(predictions, row, c.rows());
      ByteBuffer mb = ByteBuffer.wrap(c.mismatches()).order(ByteOrder.LITTLE_ENDIAN);
      while (mb.hasRemaining()) {
        mismatches[m++] = row + mb.getInt();
        mismatches[m++] = mb.getInt();
      }
      row += c.rows();
    }
    return new WindowData(rows, cols, features, predictions, mismatches);
  }
}
