package dev.vernier.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vernier.core.InvalidInputException;
import dev.vernier.worker.algorithm.Algorithms;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code num_classes: 1} lay in the catalog's range (0 to 100,000), so a job passed submission and
 * every trial failed at training time with "must be 0 (infer) or at least 2". The rule is now the
 * spec's own, run where the tuner validates a job's hyperparameters ({@code
 * AlgorithmSpec.resolve}).
 */
class ClassCountRuleTest {
  @Test
  void oneClassIsRefusedWhereTheSpecResolvesHyperparameters() {
    InvalidInputException mlp =
        assertThrows(
            InvalidInputException.class,
            () -> Algorithms.get("mlp").spec().resolve(Map.of("num_classes", 1L)));
    assertEquals("num_classes", mlp.field());
    assertEquals("num_classes: must be 0 (infer) or at least 2, got 1", mlp.getMessage());
    InvalidInputException linear =
        assertThrows(
            InvalidInputException.class,
            () ->
                Algorithms.get("linear-learner")
                    .spec()
                    .resolve(
                        Map.of("predictor_type", "multiclass_classifier", "num_classes", "1")));
    assertEquals("num_classes", linear.field());
  }

  @Test
  void zeroTwoAndABinaryClassifiersSettingPass() {
    assertEquals(
        0, Algorithms.get("mlp").spec().resolve(Map.of("num_classes", 0L)).getInt("num_classes"));
    assertEquals(
        2, Algorithms.get("mlp").spec().resolve(Map.of("num_classes", 2L)).getInt("num_classes"));
    // num_classes means nothing to a binary classifier: SageMaker's requests may carry it anyway
    assertEquals(
        1,
        Algorithms.get("linear-learner")
            .spec()
            .resolve(Map.of("predictor_type", "binary_classifier", "num_classes", "1"))
            .getInt("num_classes"));
  }
}
