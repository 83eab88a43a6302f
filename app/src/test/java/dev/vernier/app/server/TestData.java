package dev.vernier.app.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Small labelled CSV files for service tests. */
final class TestData {
  private TestData() {}

  /** Two classes, {@code rows} rows of 4 features, label first. */
  static Path csv(Path dir, String name, int rows, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    String body =
        IntStream.range(0, rows)
            .mapToObj(
                i -> {
                  int y = r.nextInt(2);
                  StringBuilder sb = new StringBuilder().append(y);
                  for (int j = 0; j < 4; j++) {
                    sb.append(',')
                        .append(
                            String.format(
                                Locale.ROOT, "%.4f", (y == 0 ? -1 : 1) + 1.5 * r.nextGaussian()));
                  }
                  return sb.toString();
                })
            .collect(Collectors.joining("\n"));
    return Files.writeString(dir.resolve(name), body + "\n");
  }

  /** A linear-learner job on {@code train.csv} / {@code val.csv}. */
  static String job(String name, String strategy, int maxTrials, int parallel) {
    return """
        {"name": "%s", "algorithm": "linear-learner",
         "channels": {"train": {"path": "train.csv"}, "validation": {"path": "val.csv"}},
         "objective": {"metric": "validation:objective_loss", "type": "Minimize"},
         "parameterRanges": {"learning_rate": {"type": "continuous", "min": 0.001, "max": 0.5, "scaling": "Logarithmic"},
                             "mini_batch_size": {"type": "integer", "min": 8, "max": 64}},
         "staticHyperparameters": {"predictor_type": "binary_classifier", "epochs": 4},
         "strategy": "%s", "limits": {"maxTrials": %d, "maxParallelTrials": %d}, "seed": 5}
        """
        .formatted(name, strategy, maxTrials, parallel);
  }
}
