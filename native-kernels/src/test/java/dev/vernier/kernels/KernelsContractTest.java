package dev.vernier.kernels;

import static dev.vernier.kernels.Twins.assertClose;
import static dev.vernier.kernels.Twins.assertNear;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.kernels.Twins.M;
import dev.vernier.kernels.Twins.V;
import dev.vernier.kernels.java.JavaKernels;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.function.Executable;

/**
 * What every {@link Kernels} backend promises: each method agrees with a fresh {@code java} oracle
 * to float32 rounding on seeded random shapes (1x1, odd sizes, sizes that are not multiples of the
 * SIMD widths, views at row offsets, inputs big enough to be split over threads), and rejects
 * mismatched shapes and other backends' matrices with {@link IllegalArgumentException}. Tolerances
 * scale with the magnitudes involved; no assertion here is statistical. The individual checks live
 * in {@link ContractChecks} and {@link GemmChecks}.
 *
 * <p>Subclasses only say how to make the backend under test.
 */
public abstract class KernelsContractTest {
  static final long SEED = 20250611L;
  static final int[] SIZES = {1, 3, 7, 13, 17, 33, 100};
  static final double EPS = 0x1p-23; // float32 machine epsilon

  /** A new instance of the backend under test; closed after each test. */
  protected abstract Kernels create();

  protected Kernels kernels;
  private Kernels oracle;
  private Twins t;
  private ContractChecks checks;
  private GemmChecks gemms;

  @BeforeEach
  void open(TestInfo info) {
    kernels = create();
    oracle = new JavaKernels(1);
    t = new Twins(kernels, oracle, SEED + info.getDisplayName().hashCode());
    checks = new ContractChecks(t);
    gemms = new GemmChecks(t);
  }

  @AfterEach
  void closeAll() {
    if (t != null) {
      t.close();
    }
    if (kernels != null) {
      kernels.close();
    }
    if (oracle != null) {
      oracle.close();
    }
  }

  @Test
  void describesItself() {
    assertFalse(kernels.name().isBlank());
    assertTrue(kernels.description().startsWith(kernels.name() + ":"), kernels.description());
    assertTrue(kernels.threads() >= 1);
  }

  @Test
  void newMatricesAreZeroAndCopiesRoundTrip() {
    for (int r : SIZES) {
      for (int c : new int[] {1, 7, 17}) {
        FloatMatrix m = t.mine(r, c);
        assertArrayEquals(new float[r * c], m.toArray(), "zero-filled " + r + "x" + c);
        float[] src = t.values(r * c + 5, -1, 1);
        m.copyFrom(src, 3);
        float[] dst = new float[r * c + 9];
        m.copyTo(dst, 5);
        assertArrayEquals(
            Arrays.copyOfRange(src, 3, 3 + r * c), Arrays.copyOfRange(dst, 5, 5 + r * c));
        m.fill(2.5f);
        float[] twos = new float[r * c];
        Arrays.fill(twos, 2.5f);
        assertArrayEquals(twos, m.toArray());
        int[] ints = t.labels(r * c, 1000);
        try (IntVector v = kernels.ints(r * c)) {
          assertArrayEquals(new int[r * c], v.toArray());
          v.copyFrom(ints, 0);
          assertArrayEquals(ints, v.toArray());
        }
      }
    }
    FloatMatrix empty = t.mine(0, 5);
    assertEquals(0, empty.toArray().length);
    assertThrows(IllegalArgumentException.class, () -> kernels.upload(new float[5], 2, 3));
    FloatMatrix closeTwice = kernels.matrix(3, 3);
    closeTwice.close();
    closeTwice.close();
  }

  @Test
  void viewsShareMemoryWithTheirParent() {
    M p = t.random(10, 7, -1, 1);
    float[] before = p.mine().toArray();
    FloatMatrix view = p.mine().rowsView(3, 4);
    float[] ones = new float[4 * 7];
    Arrays.fill(ones, 1);
    view.copyFrom(ones, 0);
    float[] after = p.mine().toArray();
    for (int i = 0; i < after.length; i++) {
      assertEquals(i >= 21 && i < 49 ? 1f : before[i], after[i], "element " + i);
    }
    FloatMatrix inner = view.rowsView(1, 2);
    inner.fill(3);
    assertEquals(3f, p.mine().toArray()[4 * 7]);
    assertEquals(1f, p.mine().toArray()[3 * 7]);
    inner.close();
    view.close();
    assertEquals(3f, p.mine().toArray()[5 * 7 + 6], "closing a view frees nothing");
    assertThrows(IndexOutOfBoundsException.class, () -> p.mine().rowsView(8, 3));
    assertThrows(IndexOutOfBoundsException.class, () -> p.mine().rowsView(-1, 1));
    V ints = t.ints(new int[] {0, 1, 2, 3, 4, 5});
    IntVector part = ints.mine().view(2, 3);
    part.copyFrom(new int[] {7, 8, 9}, 0);
    assertArrayEquals(new int[] {0, 1, 7, 8, 9, 5}, ints.mine().toArray());
    assertThrows(IndexOutOfBoundsException.class, () -> ints.mine().view(4, 3));
  }

  @Test
  void gemmAgreesForEveryTransposeAndBeta() {
    int[][] mnk = {{1, 1, 1}, {3, 7, 13}, {17, 33, 7}, {100, 17, 33}, {13, 100, 1}, {33, 1, 100}};
    float[][] alphaBeta = {{1, 0}, {1, 1}, {-0.7f, 0.3f}, {2.5f, -1.5f}};
    for (int[] s : mnk) {
      for (int tr = 0; tr < 4; tr++) {
        for (float[] ab : alphaBeta) {
          gemms.gemm(tr >= 2, tr % 2 == 1, s[0], s[1], s[2], ab[0], ab[1], 0);
        }
      }
    }
    gemms.gemm(false, false, 7, 13, 17, 1, 0.5f, 3); // views at row offsets
    gemms.gemm(true, true, 17, 7, 13, -1, 0, 2);
    // big enough to split over threads: by columns of C (n > m) and by rows, odd sizes, views
    gemms.gemm(true, false, 256, 300, 200, 1, 0.5f, 0);
    gemms.gemm(false, true, 100, 250, 37, -0.5f, 0, 0);
    gemms.gemm(false, false, 130, 301, 50, 1, 0.5f, 3);
    gemms.gemm(true, true, 257, 70, 40, 2, -1, 0);
    gemms.gemm(true, false, 300, 33, 101, -1, 0, 2);
    // deep enough to split over k: every transpose, a view, partial sums added into C
    gemms.gemm(false, false, 128, 130, 300, 1, 0.5f, 0);
    gemms.gemm(true, false, 130, 128, 290, -0.5f, 0, 0);
    gemms.gemm(false, true, 129, 131, 333, 1, -1, 0);
    gemms.gemm(true, true, 128, 127, 301, 2, 0, 2);
  }

  @Test
  void bf16GemmAgreesForEveryTransposeAndBeta() {
    int[][] mnk = {{1, 1, 1}, {3, 7, 13}, {17, 33, 7}, {100, 17, 33}, {13, 100, 1}, {33, 1, 100}};
    float[][] alphaBeta = {{1, 0}, {1, 1}, {-0.7f, 0.3f}, {2.5f, -1.5f}};
    for (int[] s : mnk) {
      for (int tr = 0; tr < 4; tr++) {
        for (float[] ab : alphaBeta) {
          gemms.gemm(tr >= 2, tr % 2 == 1, s[0], s[1], s[2], ab[0], ab[1], 0, Precision.BF16);
        }
      }
    }
    gemms.gemm(false, false, 7, 13, 17, 1, 0.5f, 3, Precision.BF16); // views at row offsets
    gemms.gemm(true, true, 17, 7, 13, -1, 0, 2, Precision.BF16);
    // split over threads by rows, by columns and over k, in every transpose
    gemms.gemm(true, false, 256, 300, 200, 1, 0.5f, 0, Precision.BF16);
    gemms.gemm(false, true, 100, 250, 37, -0.5f, 0, 0, Precision.BF16);
    gemms.gemm(false, false, 128, 130, 300, 1, 0.5f, 0, Precision.BF16);
    gemms.gemm(true, true, 128, 127, 301, 2, 0, 2, Precision.BF16);
    // an MLP step's products (784-256 layer, batch 128): forward, weight gradient, input gradient
    gemms.gemm(false, false, 128, 256, 784, 1, 0, 0, Precision.BF16);
    gemms.gemm(true, false, 784, 256, 128, -0.1f, 1, 0, Precision.BF16);
    gemms.gemm(false, true, 128, 784, 256, 1, 0, 0, Precision.BF16);
    // more than one block of rows, columns and depth in a kernel's blocking
    gemms.gemm(false, false, 200, 530, 1030, 1, -1, 0, Precision.BF16);
    gemms.gemm(true, true, 201, 529, 1031, 0.5f, 0, 1, Precision.BF16);
  }

  @Test
  void bf16GemmRoundsItsInputsExactlyAsTheOracle() {
    for (int tr = 0; tr < 4; tr++) {
      for (boolean edgesInA : new boolean[] {true, false}) {
        for (int[] s : new int[][] {{1, 1, 1}, {37, 45, 1}, {19, 33, 2}, {40, 35, 67}}) {
          gemms.bf16RoundingIsExact(tr >= 2, tr % 2 == 1, s[0], s[1], s[2], edgesInA);
        }
      }
    }
  }

  @Test
  void elementWiseKernelsAgree() {
    for (int[] s : checks.shapes()) {
      String shape = " " + s[0] + "x" + s[1];
      M x = t.random(s[0], s[1], -2, 2);
      M y = t.random(s[0], s[1], -2, 2);
      float[] bound = y.ref().toArray();
      float[] xs = x.ref().toArray();
      for (int i = 0; i < bound.length; i++) {
        bound[i] = (float) (2 * EPS * (Math.abs(bound[i]) + Math.abs(0.37 * xs[i])));
      }
      kernels.axpy(-0.37f, x.mine(), y.mine());
      oracle.axpy(-0.37f, x.ref(), y.ref());
      float[] expected = y.ref().toArray();
      float[] actual = y.mine().toArray();
      for (int i = 0; i < expected.length; i++) {
        assertNear("axpy" + shape + " [" + i + "]", expected[i], actual[i], bound[i]);
      }
      kernels.scale(1.7f, x.mine());
      oracle.scale(1.7f, x.ref());
      assertClose("scale" + shape, x, EPS, 0);
      M z = t.random(s[0], s[1], -2, 2);
      kernels.softThreshold(z.mine(), 0.5f);
      oracle.softThreshold(z.ref(), 0.5f);
      assertClose("softThreshold" + shape, z, EPS, 0);
    }
    M parent = t.random(9, 13, -1, 1);
    M x = t.random(4, 13, -1, 1);
    kernels.axpy(2f, x.mine(), parent.view(3, 4).mine());
    oracle.axpy(2f, x.ref(), parent.view(3, 4).ref());
    assertClose("axpy into a view", parent, 0, 8 * EPS);
  }

  @Test
  void rowAndColumnReductionsAgree() {
    for (int[] s : checks.shapes()) {
      M a = t.random(s[0], s[1], -3, 3);
      M norms = t.filled(s[0], 1, Float.NaN);
      kernels.rowSquaredNorms(a.mine(), norms.mine());
      oracle.rowSquaredNorms(a.ref(), norms.ref());
      assertClose("rowSquaredNorms " + s[0] + "x" + s[1], norms, 1e-6, 0);
      M sums = t.filled(1, s[1], Float.NaN);
      kernels.columnSums(a.mine(), sums.mine());
      oracle.columnSums(a.ref(), sums.ref());
      assertClose("columnSums " + s[0] + "x" + s[1], sums, 0, 1e-6 * 3 * s[0]);
    }
    M a = t.random(20, 17, -1, 1).view(5, 11);
    M sums = t.filled(1, 17, 0);
    kernels.columnSums(a.mine(), sums.mine());
    oracle.columnSums(a.ref(), sums.ref());
    assertClose("columnSums of a view", sums, 0, 1e-5);
  }

  @Test
  void gatherRowsAndRowArgmaxAgree() {
    for (int d : SIZES) {
      M src = t.random(50, d, -1, 1);
      int[] idx = t.labels(37, 49); // rows of the 49-row view below
      idx[0] = 0;
      idx[1] = 48;
      idx[2] = 48;
      V rows = t.ints(idx);
      M dst = t.filled(40, d, Float.NaN);
      kernels.gatherRows(src.view(1, 49).mine(), rows.mine(), dst.view(2, 37).mine());
      oracle.gatherRows(src.view(1, 49).ref(), rows.ref(), dst.view(2, 37).ref());
      assertClose("gatherRows d=" + d, dst, 0, 0);
      M ties = t.of(checks.smallIntegers(29 * d, 3), 29, d);
      V am = t.ints(new int[29]);
      kernels.rowArgmax(ties.mine(), am.mine());
      oracle.rowArgmax(ties.ref(), am.ref());
      assertArrayEquals(am.ref().toArray(), am.mine().toArray(), "rowArgmax d=" + d);
    }
    M big = t.random(3000, 33, -1, 1); // big enough to split over threads
    V rows = t.ints(t.labels(10000, 3000));
    M out = t.filled(10000, 33, Float.NaN);
    kernels.gatherRows(big.mine(), rows.mine(), out.mine());
    oracle.gatherRows(big.ref(), rows.ref(), out.ref());
    assertClose("gatherRows 10000 rows", out, 0, 0);
    V am = t.ints(new int[10000]);
    kernels.rowArgmax(out.mine(), am.mine());
    oracle.rowArgmax(out.ref(), am.ref());
    assertArrayEquals(am.ref().toArray(), am.mine().toArray(), "rowArgmax 10000 rows");
    M wide = t.random(300, 600, -1, 1); // wide enough to split by columns
    V some = t.ints(t.labels(100, 299));
    M into = t.filled(103, 600, Float.NaN);
    kernels.gatherRows(wide.view(1, 299).mine(), some.mine(), into.view(2, 100).mine());
    oracle.gatherRows(wide.view(1, 299).ref(), some.ref(), into.view(2, 100).ref());
    assertClose("gatherRows 100 wide rows", into, 0, 0);
    M src = t.random(5, 3, 0, 1);
    M dst = t.random(1, 3, 0, 1);
    for (int bad : new int[] {5, -1}) {
      V badRows = t.ints(new int[] {bad});
      assertThrows(
          IndexOutOfBoundsException.class,
          () -> kernels.gatherRows(src.mine(), badRows.mine(), dst.mine()));
      int[] badWide = t.labels(100, 300);
      badWide[57] = bad < 0 ? bad : 300;
      V badWideRows = t.ints(badWide);
      IndexOutOfBoundsException e =
          assertThrows(
              IndexOutOfBoundsException.class,
              () -> kernels.gatherRows(wide.mine(), badWideRows.mine(), into.view(0, 100).mine()));
      assertTrue(e.getMessage().contains("row " + badWide[57] + " of 300"), e.getMessage());
    }
  }

  @Test
  void kmeansAssignFindsWellSeparatedClustersExactly() {
    int[][] nkd = {{1, 1, 1}, {7, 2, 3}, {100, 5, 13}, {333, 7, 17}, {1000, 10, 33}};
    for (int[] s : nkd) {
      checks.kmeansSeparated(s[0], s[1], s[2], 0);
    }
    checks.kmeansSeparated(500, 6, 20, 7); // x and labels as views
    checks.kmeansSeparated(16000, 8, 64, 0); // big enough to split over threads
  }

  @Test
  void kmeansAssignAgreesUpToNearTiesOnRandomData() {
    for (int d : new int[] {3, 17, 33}) {
      for (int k : new int[] {4, 9}) {
        checks.kmeansRandom(2000, k, d);
      }
    }
    checks.kmeansRandom(16000, 8, 64);
  }

  @Test
  void activationsAgreeForwardAndBackward() {
    for (Activation act : Activation.values()) {
      for (int r : SIZES) {
        for (int c : new int[] {1, 7, 16, 17, 33}) {
          checks.activation(act, r, c);
        }
      }
      checks.activation(act, 1000, 300);
    }
  }

  @Test
  void softmaxCrossEntropyAgrees() {
    for (int n : SIZES) {
      for (int k : new int[] {1, 2, 3, 10, 17, 33}) {
        checks.softmax(n, k, false);
        checks.softmax(n, k, true);
      }
    }
    checks.softmax(30000, 10, false); // big enough to split over threads
    M z = t.random(3, 4, -1, 1);
    V bad = t.ints(new int[] {0, 4, 1});
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> kernels.softmaxCrossEntropy(z.mine(), bad.mine(), z.mine(), 1));
  }

  @Test
  void logisticLossAndSquaredErrorAgree() {
    for (int n : new int[] {1, 3, 7, 13, 17, 33, 100, 300000}) {
      checks.logistic(n, false);
      checks.logistic(n, true);
      checks.squaredError(n, 1 + n % 5, false);
      checks.squaredError(n, 1 + n % 5, true);
    }
  }

  @Test
  void adamStepAgreesOverSeveralSteps() {
    for (int[] s : checks.shapes()) {
      checks.adam(s[0], s[1]);
    }
    M p = t.random(2, 2, -1, 1);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            kernels.adamStep(p.mine(), p.mine(), p.mine(), p.mine(), 0.1f, 0.9f, 0.99f, 1e-8f, 0));
  }

  @Test
  void mismatchedShapesAreIllegalArguments() {
    List<Executable> calls = checks.callsWithMismatchedShapes();
    for (int i = 0; i < calls.size(); i++) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, calls.get(i));
      assertTrue(e.getMessage().matches(".*\\d+x\\d+.*|.*\\[\\d+].*"), "names shapes: " + e);
    }
  }

  @Test
  void matricesOfAnotherBackendAreRejected() {
    List<Executable> calls = ForeignArguments.calls(kernels, t);
    for (Executable call : calls) {
      assertThrows(IllegalArgumentException.class, call);
    }
  }
}
