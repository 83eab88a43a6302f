package dev.vernier.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.MetricSpec;
import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.Split;
import dev.vernier.kernels.Backends;
import dev.vernier.kernels.Kernels;
import dev.vernier.worker.algorithm.Algorithm;
import dev.vernier.worker.algorithm.Algorithms;
import dev.vernier.worker.algorithm.Directive;
import dev.vernier.worker.algorithm.EpochReport;
import dev.vernier.worker.algorithm.EpochReporter;
import dev.vernier.worker.algorithm.Predictions;
import dev.vernier.worker.algorithm.TrainingResult;
import dev.vernier.worker.algorithm.TrainingRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The built-in algorithms learn what synthetic data makes learnable, reproducibly. */
class AlgorithmsTest {
  static Kernels kernels;

  @BeforeAll
  static void open() {
    kernels = Backends.open("java", 2);
  }

  @AfterAll
  static void close() {
    kernels.close();
  }

  static TrainingResult train(
      String alg, Dataset data, Map<String, ?> hp, long seed, EpochReporter r) {
    Split s = Split.holdOut(data, 0.25, 7);
    Algorithm a = Algorithms.get(alg);
    return a.train(
        new TrainingRun(s.train(), s.validation(), a.spec().resolve(hp), seed, kernels, r));
  }

  static double accuracy(Predictions p, Dataset d) {
    int right = 0;
    for (int i = 0; i < d.rows(); i++) {
      if (p.primary(i) == d.labels()[i]) {
        right++;
      }
    }
    return (double) right / d.rows();
  }

  @Test
  void registryListsTheBuiltInsAndRejectsUnknownNamesListingThem() {
    assertEquals(
        List.of("kmeans", "linear-learner", "mlp"), List.copyOf(Algorithms.all().keySet()));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Algorithms.get("--algorithm", "xgboost"));
    assertEquals(
        "--algorithm: must be one of the algorithms [kmeans, linear-learner, mlp], got 'xgboost'",
        e.getMessage());
    assertEquals(
        "algorithm",
        assertThrows(InvalidInputException.class, () -> Algorithms.get("xgboost")).field());
    for (String name : Algorithms.registry().names()) {
      assertEquals(name, Algorithms.get(name).name());
    }
  }

  @Test
  void everyReportedMetricIsDeclaredInTheCatalog() {
    Dataset blobs = Synthetic.blobs(400, 5, 3, 4, 1);
    for (var entry :
        Map.of(
                "mlp", Map.of("epochs", "2"),
                "kmeans", Map.of("k", "3"),
                "linear-learner", Map.of("predictor_type", "multiclass_classifier", "epochs", "2"))
            .entrySet()) {
      Algorithm a = Algorithms.get(entry.getKey());
      List<String> declared = a.spec().metrics().stream().map(MetricSpec::name).toList();
      TrainingResult r = train(entry.getKey(), blobs, entry.getValue(), 1, EpochReporter.IGNORE);
      for (EpochReport e : r.epochs()) {
        assertTrue(
            declared.containsAll(e.metrics().keySet()),
            entry.getKey() + " reported " + e.metrics().keySet());
        e.metrics()
            .values()
            .forEach(v -> assertTrue(Double.isFinite(v), entry.getKey() + " " + e.metrics()));
      }
    }
  }

  @Test
  void mlpLearnsSeparableBlobsAndIsReproducible() {
    Dataset blobs = Synthetic.blobs(1200, 8, 4, 3, 2);
    Map<String, String> hp = Map.of("epochs", "8", "hidden_units", "32", "learning_rate", "0.05");
    TrainingResult a = train("mlp", blobs, hp, 11, EpochReporter.IGNORE);
    TrainingResult b = train("mlp", blobs, hp, 11, EpochReporter.IGNORE);
    TrainingResult c = train("mlp", blobs, hp, 12, EpochReporter.IGNORE);
    assertTrue(a.last().metrics().get("validation:accuracy") > 0.95, a.last().toString());
    assertEquals(a.last().metrics(), b.last().metrics());
    assertArrayEquals(
        a.model().tensors().get("w0").values(), b.model().tensors().get("w0").values());
    assertNotEquals(a.last().metrics(), c.last().metrics());
    assertTrue(accuracy(a.model().predict(blobs, kernels), blobs) > 0.95);
  }

  @Test
  void mlpWithAdamTanhAndTwoLayersLearnsToo() {
    Dataset blobs = Synthetic.blobs(1200, 8, 4, 3, 3);
    TrainingResult r =
        train(
            "mlp",
            blobs,
            Map.of(
                "epochs",
                "6",
                "optimizer",
                "adam",
                "learning_rate",
                "0.01",
                "activation",
                "tanh",
                "num_layers",
                "2",
                "hidden_units",
                "16"),
            5,
            EpochReporter.IGNORE);
    assertTrue(r.last().metrics().get("validation:accuracy") > 0.95, r.last().toString());
  }

  @Test
  void mlpInBf16LearnsAsWellAsInFp32OnEveryBackend() {
    // overlapping blobs (about 77% separable), two hidden layers so that every gemm of the
    // backward pass runs, on the oracle and on the cpu backend's own bf16 kernel
    Dataset blobs = Synthetic.blobs(3000, 20, 5, 1.0, 8);
    Map<String, String> fp32 =
        Map.of("epochs", "6", "hidden_units", "48", "num_layers", "2", "learning_rate", "0.05");
    Map<String, String> bf16 = new java.util.HashMap<>(fp32);
    bf16.put("precision", "bf16");
    for (String backend : Backends.available()) {
      try (Kernels k = Backends.open(backend, 2)) {
        TrainingResult r32 = trainOn(k, blobs, fp32);
        TrainingResult r16 = trainOn(k, blobs, bf16);
        double a32 = r32.last().metrics().get("validation:accuracy");
        double a16 = r16.last().metrics().get("validation:accuracy");
        assertTrue(a32 > 0.7, backend + " fp32 " + a32);
        assertEquals(a32, a16, 0.02, backend + ": fp32 " + a32 + ", bf16 " + a16);
        assertFalse(
            java.util.Arrays.equals(
                r32.model().tensors().get("w0").values(), r16.model().tensors().get("w0").values()),
            backend + ": bf16 must change the arithmetic");
        assertEquals("fp32", r32.model().settings().get("precision"));
        assertEquals("bf16", r16.model().settings().get("precision"));
      }
    }
  }

  private static TrainingResult trainOn(Kernels k, Dataset data, Map<String, String> hp) {
    Split s = Split.holdOut(data, 0.25, 7);
    Algorithm a = Algorithms.get("mlp");
    return a.train(
        new TrainingRun(
            s.train(), s.validation(), a.spec().resolve(hp), 3, k, EpochReporter.IGNORE));
  }

  @Test
  void mlpPrecisionIsFp32OrBf16() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                train(
                    "mlp",
                    Synthetic.blobs(100, 3, 2, 3, 1),
                    Map.of("precision", "fp16"),
                    1,
                    EpochReporter.IGNORE));
    assertEquals("precision", e.field());
    assertTrue(e.getMessage().contains("bf16"), e.getMessage());
  }

  @Test
  void lossFallsOverEpochs() {
    Dataset blobs = Synthetic.blobs(1000, 6, 3, 1.5, 4);
    TrainingResult r =
        train(
            "mlp", blobs, Map.of("epochs", "5", "learning_rate", "0.05"), 1, EpochReporter.IGNORE);
    double first = r.epochs().get(0).metrics().get("train:cross_entropy");
    double last = r.last().metrics().get("train:cross_entropy");
    assertTrue(last < first, first + " -> " + last);
  }

  @Test
  void aStopDirectiveEndsTrainingAfterThatEpoch() {
    List<Integer> seen = new ArrayList<>();
    TrainingResult r =
        train(
            "mlp",
            Synthetic.blobs(300, 4, 2, 3, 5),
            Map.of("epochs", "10"),
            1,
            rep -> {
              seen.add(rep.epoch());
              return rep.epoch() == 3 ? Directive.STOP : Directive.CONTINUE;
            });
    assertEquals(List.of(1, 2, 3), seen);
    assertEquals(3, r.epochs().size());
    assertTrue(r.stoppedEarly());
  }

  @Test
  void linearLearnerBinaryMulticlassAndRegression() {
    Dataset two = Synthetic.blobs(800, 5, 2, 3, 6);
    TrainingResult bin =
        train(
            "linear-learner",
            two,
            Map.of("predictor_type", "binary_classifier", "epochs", "10", "mini_batch_size", "32"),
            1,
            EpochReporter.IGNORE);
    assertTrue(bin.last().metrics().get("validation:accuracy") > 0.95, bin.last().toString());
    assertTrue(accuracy(bin.model().predict(two, kernels), two) > 0.95);

    Dataset three = Synthetic.blobs(900, 5, 3, 3, 7);
    TrainingResult multi =
        train(
            "linear-learner",
            three,
            Map.of(
                "predictor_type", "multiclass_classifier", "epochs", "10", "mini_batch_size", "32"),
            1,
            EpochReporter.IGNORE);
    assertTrue(multi.last().metrics().get("validation:accuracy") > 0.9, multi.last().toString());

    // features on a scale of 100 train well thanks to the stored standardisation
    Dataset lin = Synthetic.linear(1000, 4, 0.1, 100, 8);
    TrainingResult reg =
        train(
            "linear-learner",
            lin,
            Map.of(
                "predictor_type",
                "regressor",
                "epochs",
                "30",
                "mini_batch_size",
                "32",
                "learning_rate",
                "0.05"),
            1,
            EpochReporter.IGNORE);
    double rmse = reg.last().metrics().get("validation:rmse");
    assertTrue(rmse < 0.2, "rmse " + rmse);
    assertFalse(reg.last().metrics().containsKey("validation:accuracy"));
    Predictions p = reg.model().predict(lin, kernels);
    assertEquals(List.of("score"), p.columns());
    assertEquals(lin.labels()[0], p.primary(0), 0.5);
  }

  @Test
  void l1DrivesIrrelevantWeightsToZero() {
    Dataset lin = Synthetic.linear(1000, 6, 0.1, 1, 9);
    TrainingResult reg =
        train(
            "linear-learner",
            lin,
            Map.of(
                "predictor_type",
                "regressor",
                "epochs",
                "20",
                "mini_batch_size",
                "32",
                "l1",
                "0.05",
                "optimizer",
                "sgd",
                "learning_rate",
                "0.05"),
            1,
            EpochReporter.IGNORE);
    float[] w = reg.model().tensors().get("w0").values();
    assertTrue(Math.abs(w[0]) > 1 && Math.abs(w[1]) > 1, java.util.Arrays.toString(w));
    for (int j = 2; j < 6; j++) {
      assertEquals(0f, w[j], 0.02f, java.util.Arrays.toString(w));
    }
  }

  @Test
  void binaryClassifierRejectsLabelsOtherThanZeroOrOne() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                train(
                    "linear-learner",
                    Synthetic.blobs(100, 3, 3, 3, 1),
                    Map.of("predictor_type", "binary_classifier"),
                    1,
                    EpochReporter.IGNORE));
    assertTrue(e.getMessage().contains("labels 0 or 1"), e.getMessage());
  }

  @Test
  void labelsBeyondNumClassesAreNamed() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                train(
                    "mlp",
                    Synthetic.blobs(100, 3, 4, 3, 1),
                    Map.of("num_classes", "2"),
                    1,
                    EpochReporter.IGNORE));
    assertTrue(e.getMessage().contains("num_classes=2"), e.getMessage());
  }

  @Test
  void kmeansFindsBlobCentresAndMsdNeverRises() {
    Dataset blobs = Synthetic.blobs(1500, 6, 4, 6, 10);
    TrainingResult r = train("kmeans", blobs, Map.of("k", "4"), 3, EpochReporter.IGNORE);
    double prev = Double.POSITIVE_INFINITY;
    for (EpochReport e : r.epochs()) {
      double msd = e.metrics().get("train:msd");
      assertTrue(msd <= prev + 1e-9, "msd rose: " + r.epochs());
      prev = msd;
    }
    // each blob has unit variance per axis: the mean squared distance to the right centre is ~cols
    assertEquals(6.0, r.last().metrics().get("train:msd"), 0.6, r.epochs().toString());
    Predictions p = r.model().predict(blobs, kernels);
    assertEquals(List.of("closest_cluster", "distance_to_cluster"), p.columns());
    // the clustering matches the blobs up to renaming: each cluster is dominated by one label
    int[][] counts = new int[4][4];
    for (int i = 0; i < blobs.rows(); i++) {
      counts[(int) p.primary(i)][(int) blobs.labels()[i]]++;
    }
    int agree = 0;
    for (int[] row : counts) {
      agree += java.util.Arrays.stream(row).max().getAsInt();
    }
    assertTrue(agree > 0.97 * blobs.rows(), java.util.Arrays.deepToString(counts));
  }

  @Test
  void kmeansIsReproducibleAndSeedMatters() {
    Dataset blobs = Synthetic.blobs(600, 4, 6, 2, 11);
    for (String init : List.of("kmeans++", "random")) {
      Map<String, String> hp = Map.of("k", "5", "init_method", init, "max_iterations", "3");
      TrainingResult a = train("kmeans", blobs, hp, 1, EpochReporter.IGNORE);
      TrainingResult b = train("kmeans", blobs, hp, 1, EpochReporter.IGNORE);
      TrainingResult c = train("kmeans", blobs, hp, 2, EpochReporter.IGNORE);
      assertArrayEquals(
          a.model().tensors().get("centres").values(), b.model().tensors().get("centres").values());
      assertFalse(
          java.util.Arrays.equals(
              a.model().tensors().get("centres").values(),
              c.model().tensors().get("centres").values()),
          init);
    }
  }

  @Test
  void kmeansRejectsMoreClustersThanRows() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                train(
                    "kmeans",
                    Synthetic.blobs(20, 2, 2, 1, 1),
                    Map.of("k", "50"),
                    1,
                    EpochReporter.IGNORE));
    assertEquals("k", e.field());
  }

  @Test
  void featureDimMustMatchTheDataOrBeZero() {
    Dataset blobs = Synthetic.blobs(100, 3, 2, 3, 1);
    for (String alg : List.of("kmeans", "linear-learner")) {
      Map<String, String> hp =
          alg.equals("kmeans")
              ? Map.of("k", "2")
              : Map.of("predictor_type", "binary_classifier", "epochs", "1");
      Map<String, String> wrong = new java.util.HashMap<>(hp);
      wrong.put("feature_dim", "4");
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> train(alg, blobs, wrong, 1, EpochReporter.IGNORE),
              alg);
      assertEquals("feature_dim", e.field());
      assertTrue(e.getMessage().contains("number of features in"), e.getMessage());
      assertTrue(e.getMessage().contains("(3)"), e.getMessage());
      Map<String, String> right = new java.util.HashMap<>(hp);
      right.put("feature_dim", "3");
      train(alg, blobs, right, 1, EpochReporter.IGNORE);
    }
  }

  @Test
  void linearLearnerLossMustBeThePredictorTypesOwn() {
    Dataset blobs = Synthetic.blobs(100, 3, 2, 3, 1);
    train(
        "linear-learner",
        blobs,
        Map.of("predictor_type", "binary_classifier", "loss", "logistic", "epochs", "1"),
        1,
        EpochReporter.IGNORE);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                train(
                    "linear-learner",
                    blobs,
                    Map.of("predictor_type", "binary_classifier", "loss", "squared_loss"),
                    1,
                    EpochReporter.IGNORE));
    assertEquals("loss", e.field());
    assertTrue(e.getMessage().contains("trains with logistic"), e.getMessage());
  }
}
