package dev.vernier.kernels;

/**
 * The numeric kernels the built-in algorithms train with, implemented once per backend ({@code
 * java}, {@code cpu}, later {@code cuda}). Obtain one from {@link Backends#open}.
 *
 * <p>Contract for every method:
 *
 * <ul>
 *   <li>Matrices and vectors must have been made by this instance ({@link #matrix}, {@link #ints})
 *       or be views of such; otherwise {@link IllegalArgumentException}.
 *   <li>Shapes are checked; a mismatch is an {@link IllegalArgumentException} naming both shapes.
 *   <li>Outputs are overwritten unless the method says it accumulates. Unless stated, an output
 *       must not alias an input.
 *   <li>Results agree with the {@code java} backend (the oracle) to float32 rounding: the contract
 *       test checks every method of every backend against it on random shapes.
 *   <li>An instance is used by one thread at a time (a training loop); it may use up to {@link
 *       #threads()} threads internally, never more, and never runs BLAS threads and its own threads
 *       at the same time, so a process never oversubscribes its cores.
 * </ul>
 *
 * <p>Closing the instance frees its thread pools and native handles, not the matrices, which the
 * caller closes.
 */
public interface Kernels extends AutoCloseable {

  /** The backend's registered name, e.g. {@code cpu}. */
  String name();

  /**
   * What actually runs, for logs, benchmarks and provenance: e.g. {@code cpu: OpenBLAS 0.3.31
   * (SkylakeX), simd=avx512bf16, bf16 gemm=vdpbf16ps, threads=2}.
   */
  String description();

  /** The most threads this instance uses at once. */
  int threads();

  /** A new zero-filled matrix. */
  FloatMatrix matrix(int rows, int cols);

  /** A new zero-filled int vector. */
  IntVector ints(int length);

  /** A new matrix holding {@code data} (row-major, {@code rows * cols} values). */
  default FloatMatrix upload(float[] data, int rows, int cols) {
    if ((long) rows * cols != data.length) {
      throw new IllegalArgumentException(
          data.length + " values for a " + rows + "x" + cols + " matrix");
    }
    FloatMatrix m = matrix(rows, cols);
    m.copyFrom(data, 0);
    return m;
  }

  /** A new int vector holding {@code data}. */
  default IntVector upload(int[] data) {
    IntVector v = ints(data.length);
    v.copyFrom(data, 0);
    return v;
  }

  /**
   * {@code C = alpha * op(A) * op(B) + beta * C}, where {@code op(X)} is X or its transpose. With
   * {@code beta == 0} the old contents of C are ignored (even NaN). The same as {@link
   * #gemm(boolean, boolean, float, FloatMatrix, FloatMatrix, float, FloatMatrix, Precision)} in
   * {@link Precision#FP32}.
   */
  default void gemm(
      boolean transA,
      boolean transB,
      float alpha,
      FloatMatrix a,
      FloatMatrix b,
      float beta,
      FloatMatrix c) {
    gemm(transA, transB, alpha, a, b, beta, c, Precision.FP32);
  }

  /**
   * {@code C = alpha * op(A) * op(B) + beta * C} in the given arithmetic, where {@code op(X)} is X
   * or its transpose; with {@code beta == 0} the old contents of C are ignored (even NaN).
   *
   * <ul>
   *   <li>{@link Precision#FP32}: float32 throughout; results agree with the oracle to {@code (k +
   *       4) eps} of {@code |alpha| |op(A)| |op(B)| + |beta C|} per element.
   *   <li>{@link Precision#BF16}: every element of op(A) and op(B) is first rounded to bfloat16
   *       exactly as {@link Precision#bf16(float)} does (nearest, ties to even; float32 subnormals
   *       to zero); the products of the rounded values are summed in float32, in an order the
   *       backend chooses (products or partial sums that fall below float32's normal range may
   *       flush to zero); then alpha and beta are applied in float32. A and B themselves are not
   *       changed. Results agree with the oracle, which sums the same rounded products, to the same
   *       {@code (k + 4) eps} bound with op(A) and op(B) replaced by their rounded values; against
   *       the float32 product they differ by up to about {@code 2^-7} of {@code |alpha| |op(A)|
   *       |op(B)|} more. A backend runs this on bf16 hardware where it has it and otherwise rounds
   *       the inputs and runs its float32 path: the same results up to summation order. {@link
   *       #description()} says which.
   * </ul>
   */
  void gemm(
      boolean transA,
      boolean transB,
      float alpha,
      FloatMatrix a,
      FloatMatrix b,
      float beta,
      FloatMatrix c,
      Precision precision);

  /** {@code y += alpha * x}; x and y have the same shape. */
  void axpy(float alpha, FloatMatrix x, FloatMatrix y);

  /** {@code x *= alpha}. */
  void scale(float alpha, FloatMatrix x);

  /** {@code out[i] = sum_j a[i][j]^2}; out is {@code rows x 1}. */
  void rowSquaredNorms(FloatMatrix a, FloatMatrix out);

  /** {@code out[j] = sum_i a[i][j]}; out is {@code 1 x cols}. */
  void columnSums(FloatMatrix a, FloatMatrix out);

  /** {@code dst[i] = src[rows[i]]} for every i; dst has {@code rows.length()} rows. */
  void gatherRows(FloatMatrix src, IntVector rows, FloatMatrix dst);

  /** {@code out[i] = argmax_j a[i][j]} (the first index on ties). */
  void rowArgmax(FloatMatrix a, IntVector out);

  /**
   * One fused k-means pass over the data: for each row x of {@code x} (n x d) find the nearest
   * centre of {@code centres} (k x d) in squared Euclidean distance (the lowest index on ties),
   * write it to {@code labels} (counting rows whose label changed from its previous value), and
   * accumulate the row into {@code sums} (k x d, overwritten) and {@code counts} (k x 1,
   * overwritten) so the caller can form new centres. One pass reads the data once.
   *
   * @return the inertia (sum of the squared distances, each clamped at 0) and the change count
   */
  Assignment kmeansAssign(
      FloatMatrix x, FloatMatrix centres, IntVector labels, FloatMatrix sums, FloatMatrix counts);

  /** {@code z[i][j] = act(z[i][j] + bias[j])} in place; bias is {@code 1 x cols}. */
  void addBiasActivate(FloatMatrix z, FloatMatrix bias, Activation act);

  /**
   * Back-propagates through an activation, given its output: {@code grad *= act'(.)}, where for
   * RELU the derivative is {@code out > 0 ? 1 : 0}, for TANH {@code 1 - out^2}, for IDENTITY 1.
   */
  void activationBackward(FloatMatrix activated, FloatMatrix grad, Activation act);

  /**
   * Softmax cross-entropy over rows of {@code logits} (n x k) against class indices {@code labels}
   * (length n, each in [0, k)): writes {@code grad = (softmax(logits) - onehot(labels)) * scale}
   * (grad may be the logits matrix itself) and returns the summed {@code -log p[label]} and the
   * number of rows whose argmax equals the label.
   */
  LossResult softmaxCrossEntropy(
      FloatMatrix logits, IntVector labels, FloatMatrix grad, float scale);

  /**
   * Binary logistic loss on {@code logits} (n x 1) against {@code targets} (n x 1, values 0 or 1):
   * writes {@code grad = (sigmoid(z) - y) * scale} (may alias logits) and returns the summed binary
   * cross-entropy and the number of rows where {@code (z > 0) == (y > 0.5)}.
   */
  LossResult logisticLoss(FloatMatrix logits, FloatMatrix targets, FloatMatrix grad, float scale);

  /**
   * Squared error of {@code pred} against {@code targets} (same shape): writes {@code grad = (pred
   * - y) * scale} (may alias pred) and returns the summed {@code (pred - y)^2} (correct = 0).
   */
  LossResult squaredError(FloatMatrix pred, FloatMatrix targets, FloatMatrix grad, float scale);

  /**
   * One Adam step (Kingma and Ba, with bias correction) for {@code param}, given {@code grad} and
   * the moment estimates {@code m} and {@code v} (all the same shape; m and v are updated): {@code
   * m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; param -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t))
   * + eps)}, with {@code t = step >= 1}.
   */
  void adamStep(
      FloatMatrix param,
      FloatMatrix grad,
      FloatMatrix m,
      FloatMatrix v,
      float lr,
      float beta1,
      float beta2,
      float eps,
      int step);

  /** The L1 proximal step: {@code x = sign(x) * max(|x| - lambda, 0)}. */
  void softThreshold(FloatMatrix x, float lambda);

  /** Frees thread pools and native handles. Idempotent. */
  @Override
  void close();
}
