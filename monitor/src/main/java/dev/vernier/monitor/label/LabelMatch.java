package dev.vernier.monitor.label;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What joining a batch of labels to the waiting predictions gave ({@link LabelJoinRules#match}).
 *
 * @param pairs per window start, the joined (prediction, label) pairs, interleaved, in join order
 * @param captured per window start, the joined rows whose features were kept, with their labels
 * @param matched the inference ids whose prediction was joined: no longer waiting
 * @param unmatched labels that found no waiting prediction (unknown, expired, or delivered twice)
 */
public record LabelMatch(
    SortedMap<Long, float[]> pairs,
    SortedMap<Long, Captured> captured,
    List<String> matched,
    int unmatched) {
  public LabelMatch {
    pairs = Collections.unmodifiableSortedMap(new TreeMap<>(pairs));
    captured = Collections.unmodifiableSortedMap(new TreeMap<>(captured));
    matched = List.copyOf(matched);
  }

  /** How many labels joined a prediction. */
  public int joined() {
    return matched.size();
  }

  /** A window's captured rows (features as stored, one array per row) and their labels. */
  public record Captured(List<byte[]> rows, float[] labels) {
    public Captured {
      rows = List.copyOf(rows);
      if (rows.size() != labels.length) {
        throw new IllegalArgumentException(
            "captured rows and labels must pair up, got "
                + rows.size()
                + " rows and "
                + labels.length
                + " labels");
      }
    }
  }
}
