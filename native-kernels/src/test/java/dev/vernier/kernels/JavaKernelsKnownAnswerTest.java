package dev.vernier.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.kernels.java.JavaKernels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed answers for the oracle itself: the contract test compares every backend with it, so
 * it has to be right on cases small enough to check by hand.
 */
class JavaKernelsKnownAnswerTest {
  private final Kernels k = new JavaKernels(1);

  @AfterEach
  void close() {
    k.close();
  }

  private FloatMatrix m(int rows, int cols, float... v) {
    return k.upload(v, rows, cols);
  }

  @Test
  void gemmOfTwoByTwo() {
    FloatMatrix a = m(2, 2, 1, 2, 3, 4);
    FloatMatrix b = m(2, 2, 5, 6, 7, 8);
    FloatMatrix c = m(2, 2, 1, 1, 1, 1);
    k.gemm(false, false, 1, a, b, 0, c);
    assertArrayEquals(new float[] {19, 22, 43, 50}, c.toArray());
    k.gemm(true, false, 1, a, b, 0, c); // A' B = [[1,3],[2,4]] B
    assertArrayEquals(new float[] {26, 30, 38, 44}, c.toArray());
    k.gemm(false, true, 1, a, b, 0, c); // A B' = A [[5,7],[6,8]]
    assertArrayEquals(new float[] {17, 23, 39, 53}, c.toArray());
    c.fill(1);
    k.gemm(true, true, 2, a, b, 0.5f, c); // 2 (B A)' + 0.5 = 2 [[23,31],[34,46]] + 0.5
    assertArrayEquals(new float[] {46.5f, 62.5f, 68.5f, 92.5f}, c.toArray());
    c.fill(Float.NaN);
    k.gemm(false, false, 1, a, b, 0, c);
    assertArrayEquals(new float[] {19, 22, 43, 50}, c.toArray(), "beta 0 ignores NaN");
  }

  @Test
  void bf16RoundsToNearestEvenFlushesSubnormalsAndKeepsNaN() {
    assertEquals(1f, Precision.bf16(1 + 0x1p-8f), "a tie goes down to the even neighbour");
    assertEquals(1 + 0x1p-6f, Precision.bf16(1 + 3 * 0x1p-8f), "a tie goes up to the even one");
    assertEquals(1 + 0x1p-7f, Precision.bf16(1 + 0x1p-8f + 0x1p-23f), "above a tie: up");
    assertEquals(-1f, Precision.bf16(-(1 + 0x1p-8f - 0x1p-23f)), "below a tie: down");
    assertEquals(0.333984375f, Precision.bf16(1f / 3));
    assertEquals(0x1p-126f, Precision.bf16(0x1p-126f), "the smallest normal stays");
    assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(Precision.bf16(-0x1p-127f)));
    assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(Precision.bf16(0x1p-149f)));
    assertEquals(0x1.fep127f, Precision.bf16(0x1.fe7p127f), "the largest bf16 stays finite");
    assertEquals(Float.POSITIVE_INFINITY, Precision.bf16(Float.MAX_VALUE));
    assertEquals(Float.NEGATIVE_INFINITY, Precision.bf16(Float.NEGATIVE_INFINITY));
    assertTrue(Float.isNaN(Precision.bf16(Float.intBitsToFloat(0x7f800001))), "NaN stays NaN");
    assertEquals(Precision.BF16, Precision.of(" BF16 "));
    assertThrows(IllegalArgumentException.class, () -> Precision.of("fp16"));
  }

  @Test
  void bf16GemmMultipliesRoundedInputs() {
    FloatMatrix a = m(1, 2, 1 + 0x1p-8f, 3);
    FloatMatrix b = m(2, 1, 1, 1 + 3 * 0x1p-8f);
    FloatMatrix c = m(1, 1, 2);
    k.gemm(false, false, 2, a, b, 0.5f, c, Precision.BF16); // 2 (1 + 3 (1 + 2^-6)) + 1
    assertArrayEquals(new float[] {9 + 6 * 0x1p-6f}, c.toArray());
    assertArrayEquals(new float[] {1 + 0x1p-8f, 3}, a.toArray(), "inputs unchanged");
    k.gemm(false, false, 2, a, b, 0, c, Precision.FP32);
    assertArrayEquals(new float[] {2 * (1 + 0x1p-8f + 3 + 9 * 0x1p-8f)}, c.toArray());
  }

  @Test
  void vectorArithmeticAndReductions() {
    FloatMatrix x = m(2, 2, 1, -2, 3, -4);
    FloatMatrix y = m(2, 2, 10, 10, 10, 10);
    k.axpy(2, x, y);
    assertArrayEquals(new float[] {12, 6, 16, 2}, y.toArray());
    k.scale(-0.5f, y);
    assertArrayEquals(new float[] {-6, -3, -8, -1}, y.toArray());
    FloatMatrix norms = m(2, 1, 0, 0);
    k.rowSquaredNorms(m(2, 2, 3, 4, 1, 1), norms);
    assertArrayEquals(new float[] {25, 2}, norms.toArray());
    FloatMatrix sums = m(1, 2, 0, 0);
    k.columnSums(x, sums);
    assertArrayEquals(new float[] {4, -6}, sums.toArray());
    FloatMatrix s = m(1, 4, -2, -0.5f, 0.5f, 2);
    k.softThreshold(s, 1);
    assertArrayEquals(new float[] {-1, 0, 0, 1}, s.toArray());
  }

  @Test
  void gatherAndArgmaxTakeTheFirstOfTies() {
    FloatMatrix src = m(3, 2, 0, 1, 2, 3, 4, 5);
    FloatMatrix dst = m(3, 2, 0, 0, 0, 0, 0, 0);
    k.gatherRows(src, k.upload(new int[] {2, 0, 2}), dst);
    assertArrayEquals(new float[] {4, 5, 0, 1, 4, 5}, dst.toArray());
    IntVector am = k.ints(3);
    k.rowArgmax(m(3, 3, 1, 5, 5, 7, 7, 7, 0, 0, 9), am);
    assertArrayEquals(new int[] {1, 0, 2}, am.toArray());
  }

  @Test
  void kmeansAssignOnTheLine() {
    FloatMatrix x = m(5, 1, 0, 1, 10, 11, 5);
    FloatMatrix centres = m(2, 1, 0, 10);
    IntVector labels = k.upload(new int[] {0, 1, 1, 0, 1});
    FloatMatrix sums = m(2, 1, 9, 9);
    FloatMatrix counts = m(2, 1, 9, 9);
    Assignment a = k.kmeansAssign(x, centres, labels, sums, counts);
    // 5 is equally far from both centres: the lowest index wins
    assertArrayEquals(new int[] {0, 0, 1, 1, 0}, labels.toArray());
    assertArrayEquals(new float[] {6, 21}, sums.toArray());
    assertArrayEquals(new float[] {3, 2}, counts.toArray());
    assertEquals(new Assignment(0 + 1 + 0 + 1 + 25, 3), a);
  }

  @Test
  void activationsAndTheirDerivatives() {
    FloatMatrix z = m(2, 2, -1, 0, 1, 2);
    k.addBiasActivate(z, m(1, 2, 0.5f, -0.5f), Activation.RELU);
    assertArrayEquals(new float[] {0, 0, 1.5f, 1.5f}, z.toArray());
    FloatMatrix t = m(1, 3, -1, 0, 1);
    k.addBiasActivate(t, m(1, 3, 0, 0, 0), Activation.TANH);
    assertArrayEquals(new float[] {-0.7615942f, 0, 0.7615942f}, t.toArray());
    FloatMatrix g = m(1, 3, 2, 2, 2);
    k.activationBackward(m(1, 3, 0, 0.5f, 3), g, Activation.RELU);
    assertArrayEquals(new float[] {0, 2, 2}, g.toArray());
    k.activationBackward(m(1, 3, 0, 0.5f, 1), g, Activation.TANH);
    assertArrayEquals(new float[] {0, 1.5f, 0}, g.toArray());
    k.activationBackward(m(1, 3, 9, 9, 9), g, Activation.IDENTITY);
    assertArrayEquals(new float[] {0, 1.5f, 0}, g.toArray());
  }

  @Test
  void lossesOfEvenOdds() {
    FloatMatrix logits = m(2, 2, 0, 0, 3, 1);
    FloatMatrix grad = m(2, 2, 0, 0, 0, 0);
    LossResult r = k.softmaxCrossEntropy(logits, k.upload(new int[] {0, 1}), grad, 0.5f);
    double p = 1 / (1 + Math.exp(-2)); // softmax of (3, 1) at 3
    assertEquals(Math.log(2) - Math.log(1 - p), r.lossSum(), 1e-12);
    assertEquals(1, r.correct(), "row 0 ties at 0 = label; row 1 predicts 0, label 1");
    assertArrayEquals(
        new float[] {-0.25f, 0.25f, (float) (p * 0.5), (float) ((1 - p - 1) * 0.5)},
        grad.toArray(),
        1e-7f);
    FloatMatrix z = m(2, 1, 0, 2);
    LossResult l = k.logisticLoss(z, m(2, 1, 1, 1), z, 1);
    assertEquals(Math.log(2) + Math.log1p(Math.exp(-2)), l.lossSum(), 1e-12);
    assertEquals(1, l.correct(), "z = 0 predicts 0");
    assertArrayEquals(new float[] {-0.5f, (float) (1 / (1 + Math.exp(-2)) - 1)}, z.toArray());
    FloatMatrix pred = m(1, 2, 1, 2);
    LossResult s = k.squaredError(pred, m(1, 2, 0, 4), pred, 0.5f);
    assertEquals(new LossResult(5, 0), s);
    assertArrayEquals(new float[] {0.5f, -1}, pred.toArray());
  }

  @Test
  void adamFirstStepMovesEachParameterByTheLearningRate() {
    FloatMatrix param = m(1, 2, 1, 1);
    FloatMatrix mo = m(1, 2, 0, 0);
    FloatMatrix vo = m(1, 2, 0, 0);
    k.adamStep(param, m(1, 2, 4, -0.25f), mo, vo, 0.1f, 0.9f, 0.999f, 0, 1);
    assertArrayEquals(new float[] {0.4f, -0.025f}, mo.toArray(), 1e-7f);
    float oneMinusB2 = 1 - 0.999f; // 0.00099998713 in float32
    assertArrayEquals(new float[] {oneMinusB2 * 16, oneMinusB2 / 16}, vo.toArray());
    assertArrayEquals(new float[] {0.9f, 1.1f}, param.toArray(), 1e-6f);
  }
}
