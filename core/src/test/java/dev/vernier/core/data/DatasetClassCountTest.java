package dev.vernier.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One label value must not set an absurd class count (a softmax layer of millions of outputs). */
class DatasetClassCountTest {
  static Dataset withLabelAt(int row, float label) {
    float[] labels = new float[20];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 3;
    }
    labels[row] = label;
    return new Dataset("train.csv", 20, 1, new float[20], labels);
  }

  /**
   * The tester's cases: label 2000000 made linear-learner allocate 15 GB, 16000000 overflowed the
   * MLP's weight count (NegativeArraySizeException).
   */
  @ParameterizedTest
  @ValueSource(floats = {100_000f, 2_000_000f, 16_000_000f})
  void labelAboveTheLimitIsRefusedNamingRowLabelAndLimit(float label) {
    Dataset d = withLabelAt(4, label);

    InvalidInputException e = assertThrows(InvalidInputException.class, d::inferClassCount);

    assertEquals("train.csv row 5 label", e.field());
    assertEquals(String.valueOf((int) label), e.value());
    assertTrue(e.rule().contains("at most 100000 classes"), e.rule());
    assertTrue(e.rule().contains("labels up to 99999"), e.rule());
  }

  @Test
  void largestLabelWithinTheLimitIsInferred() {
    assertEquals(100_000, withLabelAt(7, 99_999f).inferClassCount());
  }

  @Test
  void limitMatchesTheNumClassesRange() {
    assertEquals(100_000, Dataset.MAX_CLASSES);
  }

  @Test
  void explicitClassCountStillChecksLabelsAgainstIt() {
    Dataset d = withLabelAt(0, 2_000_000f);

    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> d.classLabels(10, "num_classes"));

    assertEquals("must be below num_classes=10", e.rule());
  }
}
