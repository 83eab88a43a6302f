package dev.vernier.worker.mlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.Split;
import dev.vernier.kernels.Backends;
import dev.vernier.kernels.Kernels;
import dev.vernier.worker.algorithm.EpochReporter;
import dev.vernier.worker.algorithm.TrainingResult;
import dev.vernier.worker.algorithm.TrainingRun;
import dev.vernier.worker.nn.MemoryBudget;
import dev.vernier.worker.nn.NetworkConfig;
import dev.vernier.worker.nn.NetworkMemory;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * An MLP too large for the worker's memory is refused before anything is allocated, with the
 * estimate, what is free and the hyperparameters that drive it; it used to allocate until the JVM
 * ran out of memory. A network of ordinary size still trains.
 */
class MlpMemoryTest {
  static final MlpAlgorithm MLP = new MlpAlgorithm();

  /** Two separable classes, {@code cols} features. */
  static Dataset data(int rows, int cols) {
    SplittableRandom r = new SplittableRandom(3);
    float[] f = new float[rows * cols];
    float[] y = new float[rows];
    for (int i = 0; i < rows; i++) {
      y[i] = r.nextInt(2);
      for (int j = 0; j < cols; j++) {
        f[i * cols + j] = (float) (r.nextGaussian() * 0.3 + (j == 0 ? 2 * y[i] - 1 : 0));
      }
    }
    return new Dataset("two-classes", rows, cols, f, y);
  }

  static TrainingResult train(Kernels k, Dataset d, Map<String, String> hp) {
    Split s = Split.holdOut(d, 0.25, 7);
    return MLP.train(
        new TrainingRun(
            s.train(), s.validation(), MLP.spec().resolve(hp), 5, k, EpochReporter.IGNORE));
  }

  static final Map<String, String> HUGE =
      Map.of(
          "hidden_units", "8192",
          "num_layers", "8",
          "mini_batch_size", "65536",
          "optimizer", "adam",
          "epochs", "1");

  @Test
  void aNetworkFarLargerThanTheHeapIsRefusedUpFrontSayingWhy() {
    Dataset d = data(400, 20);
    NetworkConfig cfg = MlpAlgorithm.config(MLP.spec().resolve(HUGE), 20, 2);
    NetworkMemory need = NetworkMemory.estimate(cfg, "java", 300, 100);
    long heap = Runtime.getRuntime().maxMemory();
    assertTrue(need.heapBytes() + need.deviceBytes() > 8 * heap, "a wide margin: " + need);

    try (Kernels k = Backends.open("java", 1)) {
      long t0 = System.nanoTime();
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> train(k, d, HUGE));
      assertTrue(System.nanoTime() - t0 < 30_000_000_000L, "refused, not attempted");
      assertEquals("mini_batch_size", e.field(), e.getMessage());
      String m = e.getMessage();
      assertTrue(
          m.startsWith(
              "mini_batch_size: hidden_units 8192 x num_layers 8 with mini_batch_size 65536 and"
                  + " optimizer adam (20 features, 2 classes) needs about "),
          m);
      assertTrue(m.contains(" MiB of Java heap; this worker has "), m);
      assertTrue(m.contains(NetworkMemory.mib(need.heapBytes() + need.deviceBytes())), m);
      assertTrue(m.contains("Adam's moments "), m);
      assertTrue(m.endsWith("or run it on a worker with more memory"), m);
    }
  }

  @Test
  void anOrdinaryNetworkStillTrains() {
    Dataset d = data(400, 20);
    try (Kernels k = Backends.open("java", 1)) {
      TrainingResult r =
          train(
              k,
              d,
              Map.of(
                  "hidden_units", "64",
                  "num_layers", "2",
                  "optimizer", "adam",
                  "learning_rate", "0.01",
                  "epochs", "5"));
      assertEquals(5, r.epochs().size());
      assertTrue(r.last().metrics().get("validation:accuracy") > 0.9, r.last().toString());
    }
  }

  @Test
  void theEstimateFollowsTheNetworksAllocations() {
    // widths [3, 4, 2], batch 5, 10 training and 6 validation rows, Adam
    NetworkConfig adam =
        MlpAlgorithm.config(
            MLP.spec()
                .resolve(
                    Map.of(
                        "hidden_units",
                        "4",
                        "num_layers",
                        "1",
                        "mini_batch_size",
                        "5",
                        "optimizer",
                        "adam")),
            3,
            2);
    NetworkMemory m = NetworkMemory.estimate(adam, "java", 10, 6);
    assertEquals(4 * (3 * 4 + 4 + 4 * 2 + 2), m.weights());
    assertEquals(m.weights(), m.gradients(), "Adam keeps every gradient");
    assertEquals(2 * m.weights(), m.moments());
    // a[0..2] and g[1..2] for 5 rows, 2 x 5 ints; evaluation a[1..2] and g[2] for 6 rows
    assertEquals(4 * (5 * (3 + 2 * (4 + 2)) + 2 * 5 + 6 * (4 + 2 + 2)), m.activations());
    assertEquals(4 * 16 * (3 + 1), m.data(), "features and a class per row, both sets");
    assertEquals(2 * m.weights(), m.modelCopies());
    assertEquals(
        m.weights() + m.gradients() + m.moments() + m.activations() + m.data(), m.deviceBytes());
    assertEquals(m.modelCopies() + 4 * (3 * 4) + 4 * 10 + 4 * 5, m.heapBytes());

    NetworkConfig sgd =
        MlpAlgorithm.config(
            MLP.spec()
                .resolve(Map.of("hidden_units", "4", "num_layers", "1", "mini_batch_size", "5")),
            3,
            2);
    NetworkMemory s = NetworkMemory.estimate(sgd, "java", 10, 6);
    assertEquals(4 * (4 + 2), s.gradients(), "SGD keeps the biases' gradients only");
    assertEquals(0, s.moments());
  }

  @Test
  void onTheCpuBackendTheMatricesAreCheckedAgainstNativeMemory() {
    NetworkConfig cfg = MlpAlgorithm.config(MLP.spec().resolve(HUGE), 784, 10);
    NetworkMemory need = NetworkMemory.estimate(cfg, "cpu", 60_000, 10_000);
    long gib = 1L << 30;
    MemoryBudget roomyHeapSmallMachine = new MemoryBudget(64 * gib, 16 * gib);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> need.requireFits("this network", "cpu", () -> roomyHeapSmallMachine));
    assertTrue(
        e.rule()
            .startsWith(
                "this network needs about "
                    + NetworkMemory.mib(need.deviceBytes())
                    + " MiB of native memory for the cpu backend; this machine has 16,384 MiB"
                    + " available"),
        e.rule());
    // the same network where both fit; and the java backend's matrices are the heap's
    need.requireFits("this network", "cpu", () -> new MemoryBudget(64 * gib, 64 * gib));
    NetworkMemory onHeap = NetworkMemory.estimate(cfg, "java", 60_000, 10_000);
    assertThrows(
        InvalidInputException.class,
        () -> onHeap.requireFits("this network", "java", () -> new MemoryBudget(16 * gib, 0)));
    // what cannot be measured refuses nothing
    onHeap.requireFits(
        "this network", "java", () -> new MemoryBudget(MemoryBudget.UNKNOWN, MemoryBudget.UNKNOWN));
  }
}
