package dev.vernier.kernels.java;

import dev.vernier.kernels.Activation;
import dev.vernier.kernels.Assignment;
import dev.vernier.kernels.FloatMatrix;
import dev.vernier.kernels.IntVector;
import dev.vernier.kernels.Kernels;
import dev.vernier.kernels.LossResult;
import dev.vernier.kernels.Precision;
import dev.vernier.kernels.RowPool;
import dev.vernier.kernels.Shapes;

/**
 * Plain-Java kernels: straightforward loops, parallel over rows. Written for clarity first, since
 * this backend is the oracle of the kernel contract test; accumulations that decide a result (dot
 * products, losses, inertia) run in double.
 */
public final class JavaKernels implements Kernels {
  private final RowPool pool;

  public JavaKernels(int threads) {
    this.pool = new RowPool(threads);
  }

  @Override
  public String name() {
    return "java";
  }

  @Override
  public String description() {
    return "java: plain Java loops, threads=" + pool.threads();
  }

  @Override
  public int threads() {
    return pool.threads();
  }

  @Override
  public FloatMatrix matrix(int rows, int cols) {
    if (rows < 0 || cols < 0 || (long) rows * cols > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "cannot allocate a " + rows + "x" + cols + " matrix on the heap");
    }
    return new JavaFloatMatrix(new float[rows * cols], 0, rows, cols);
  }

  @Override
  public IntVector ints(int length) {
    return new JavaIntVector(new int[length], 0, length);
  }

  static JavaFloatMatrix m(FloatMatrix x) {
    if (x instanceof JavaFloatMatrix j) {
      return j;
    }
    throw new IllegalArgumentException(
        "matrix of another backend given to java: " + x.getClass().getName());
  }

  static JavaIntVector v(IntVector x) {
    if (x instanceof JavaIntVector j) {
      return j;
    }
    throw new IllegalArgumentException(
        "vector of another backend given to java: " + x.getClass().getName());
  }

  /**
   * FP32 sums the products in double; BF16 does the same on copies of A and B rounded with {@link
   * Precision#bf16(float)}, whose products are exact in float32 and in double.
   */
  @Override
  public void gemm(
      boolean transA,
      boolean transB,
      float alpha,
      FloatMatrix a,
      FloatMatrix b,
      float beta,
      FloatMatrix c,
      Precision precision) {
    int[] mnk = Shapes.gemm(transA, transB, a, b, c);
    JavaFloatMatrix C = m(c);
    if (precision == Precision.BF16) {
      gemm(transA, transB, alpha, rounded(m(a)), rounded(m(b)), beta, C, mnk);
    } else {
      gemm(transA, transB, alpha, m(a), m(b), beta, C, mnk);
    }
  }

  /** A copy of {@code x} with every element rounded to bfloat16. */
  private static JavaFloatMatrix rounded(JavaFloatMatrix x) {
    float[] out = new float[x.rows() * x.cols()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Precision.bf16(x.data[x.offset + i]);
    }
    return new JavaFloatMatrix(out, 0, x.rows(), x.cols());
  }

  private void gemm(
      boolean transA,
      boolean transB,
      float alpha,
      JavaFloatMatrix A,
      JavaFloatMatrix B,
      float beta,
      JavaFloatMatrix C,
      int[] mnk) {
    int n = mnk[1];
    int k = mnk[2];
    int lda = A.cols();
    int ldb = B.cols();
    pool.split(
        mnk[0],
        Math.max(1, 16384 / Math.max(1, n * Math.max(1, k))),
        (part, from, to) -> {
          double[] acc = new double[n];
          for (int i = from; i < to; i++) {
            java.util.Arrays.fill(acc, 0);
            for (int p = 0; p < k; p++) {
              float aip = transA ? A.data[A.offset + p * lda + i] : A.data[A.offset + i * lda + p];
              if (aip == 0) {
                continue;
              }
              if (transB) {
                for (int j = 0; j < n; j++) {
                  acc[j] += (double) aip * B.data[B.offset + j * ldb + p];
                }
              } else {
                int row = B.offset + p * ldb;
                for (int j = 0; j < n; j++) {
                  acc[j] += (double) aip * B.data[row + j];
                }
              }
            }
            int crow = C.offset + i * n;
            for (int j = 0; j < n; j++) {
              float old = beta == 0 ? 0 : beta * C.data[crow + j];
              C.data[crow + j] = (float) (alpha * acc[j]) + old;
            }
          }
        });
  }

  @Override
  public void axpy(float alpha, FloatMatrix x, FloatMatrix y) {
    Shapes.same("axpy", x, y);
    JavaFloatMatrix X = m(x);
    JavaFloatMatrix Y = m(y);
    int len = x.rows() * x.cols();
    for (int i = 0; i < len; i++) {
      Y.data[Y.offset + i] += alpha * X.data[X.offset + i];
    }
  }

  @Override
  public void scale(float alpha, FloatMatrix x) {
    JavaFloatMatrix X = m(x);
    int len = x.rows() * x.cols();
    for (int i = 0; i < len; i++) {
      X.data[X.offset + i] *= alpha;
    }
  }

  @Override
  public void rowSquaredNorms(FloatMatrix a, FloatMatrix out) {
    Shapes.require(out.rows() == a.rows() && out.cols() == 1, "rowSquaredNorms", a, out);
    JavaFloatMatrix A = m(a);
    JavaFloatMatrix O = m(out);
    int d = a.cols();
    for (int i = 0; i < a.rows(); i++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        float x = A.data[A.offset + i * d + j];
        s += (double) x * x;
      }
      O.data[O.offset + i] = (float) s;
    }
  }

  @Override
  public void columnSums(FloatMatrix a, FloatMatrix out) {
    Shapes.require(out.rows() == 1 && out.cols() == a.cols(), "columnSums", a, out);
    JavaFloatMatrix A = m(a);
    JavaFloatMatrix O = m(out);
    int d = a.cols();
    double[] s = new double[d];
    for (int i = 0; i < a.rows(); i++) {
      for (int j = 0; j < d; j++) {
        s[j] += A.data[A.offset + i * d + j];
      }
    }
    for (int j = 0; j < d; j++) {
      O.data[O.offset + j] = (float) s[j];
    }
  }

  @Override
  public void gatherRows(FloatMatrix src, IntVector rows, FloatMatrix dst) {
    Shapes.require(
        dst.rows() == rows.length() && dst.cols() == src.cols(), "gatherRows", src, rows, dst);
    JavaFloatMatrix S = m(src);
    JavaFloatMatrix D = m(dst);
    JavaIntVector R = v(rows);
    int d = src.cols();
    for (int i = 0; i < rows.length(); i++) {
      int r = R.data[R.offset + i];
      if (r < 0 || r >= src.rows()) {
        throw new IndexOutOfBoundsException("gatherRows: row " + r + " of " + src.rows());
      }
      System.arraycopy(S.data, S.offset + r * d, D.data, D.offset + i * d, d);
    }
  }

  @Override
  public void rowArgmax(FloatMatrix a, IntVector out) {
    Shapes.require(out.length() == a.rows(), "rowArgmax", a, out);
    JavaFloatMatrix A = m(a);
    JavaIntVector O = v(out);
    int d = a.cols();
    for (int i = 0; i < a.rows(); i++) {
      O.data[O.offset + i] = argmax(A.data, A.offset + i * d, d);
    }
  }

  static int argmax(float[] x, int off, int d) {
    int best = 0;
    for (int j = 1; j < d; j++) {
      if (x[off + j] > x[off + best]) {
        best = j;
      }
    }
    return best;
  }

  @Override
  public Assignment kmeansAssign(
      FloatMatrix x, FloatMatrix centres, IntVector labels, FloatMatrix sums, FloatMatrix counts) {
    return JavaKMeans.assign(pool, x, centres, labels, sums, counts);
  }

  @Override
  public void addBiasActivate(FloatMatrix z, FloatMatrix bias, Activation act) {
    Shapes.require(bias.rows() == 1 && bias.cols() == z.cols(), "addBiasActivate", z, bias);
    JavaFloatMatrix Z = m(z);
    JavaFloatMatrix B = m(bias);
    int d = z.cols();
    for (int i = 0; i < z.rows(); i++) {
      int o = Z.offset + i * d;
      for (int j = 0; j < d; j++) {
        float v = Z.data[o + j] + B.data[B.offset + j];
        Z.data[o + j] =
            switch (act) {
              case RELU -> v > 0 ? v : 0;
              case TANH -> (float) Math.tanh(v);
              case IDENTITY -> v;
            };
      }
    }
  }

  @Override
  public void activationBackward(FloatMatrix activated, FloatMatrix grad, Activation act) {
    Shapes.same("activationBackward", activated, grad);
    JavaFloatMatrix A = m(activated);
    JavaFloatMatrix G = m(grad);
    int len = activated.rows() * activated.cols();
    for (int i = 0; i < len; i++) {
      float out = A.data[A.offset + i];
      switch (act) {
        case RELU -> {
          if (!(out > 0)) {
            G.data[G.offset + i] = 0;
          }
        }
        case TANH -> G.data[G.offset + i] *= 1 - out * out;
        case IDENTITY -> {}
      }
    }
  }

  @Override
  public LossResult softmaxCrossEntropy(
      FloatMatrix logits, IntVector labels, FloatMatrix grad, float scale) {
    return JavaLosses.softmaxCrossEntropy(logits, labels, grad, scale);
  }

  @Override
  public LossResult logisticLoss(
      FloatMatrix logits, FloatMatrix targets, FloatMatrix grad, float scale) {
    return JavaLosses.logisticLoss(logits, targets, grad, scale);
  }

  @Override
  public LossResult squaredError(
      FloatMatrix pred, FloatMatrix targets, FloatMatrix grad, float scale) {
    return JavaLosses.squaredError(pred, targets, grad, scale);
  }

  @Override
  public void adamStep(
      FloatMatrix param,
      FloatMatrix grad,
      FloatMatrix mo,
      FloatMatrix vo,
      float lr,
      float beta1,
      float beta2,
      float eps,
      int step) {
    Shapes.same("adamStep grad", param, grad);
    Shapes.same("adamStep m", param, mo);
    Shapes.same("adamStep v", param, vo);
    if (step < 1) {
      throw new IllegalArgumentException("adamStep: step must be >= 1, got " + step);
    }
    JavaFloatMatrix P = m(param);
    JavaFloatMatrix G = m(grad);
    JavaFloatMatrix M = m(mo);
    JavaFloatMatrix V = m(vo);
    double c1 = 1 - Math.pow(beta1, step);
    double c2 = 1 - Math.pow(beta2, step);
    int len = param.rows() * param.cols();
    for (int i = 0; i < len; i++) {
      float g = G.data[G.offset + i];
      float mi = beta1 * M.data[M.offset + i] + (1 - beta1) * g;
      float vi = beta2 * V.data[V.offset + i] + (1 - beta2) * g * g;
      M.data[M.offset + i] = mi;
      V.data[V.offset + i] = vi;
      P.data[P.offset + i] -= (float) (lr * (mi / c1) / (Math.sqrt(vi / c2) + eps));
    }
  }

  @Override
  public void softThreshold(FloatMatrix x, float lambda) {
    JavaFloatMatrix X = m(x);
    int len = x.rows() * x.cols();
    for (int i = 0; i < len; i++) {
      float v = X.data[X.offset + i];
      float a = Math.abs(v) - lambda;
      X.data[X.offset + i] = a > 0 ? Math.copySign(a, v) : 0f;
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
