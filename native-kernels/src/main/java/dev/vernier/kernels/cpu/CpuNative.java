package dev.vernier.kernels.cpu;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * The JNI peer of {@code src/main/cpp/vernier_kernels.h}, compiled by the JavaCPP Maven plugin into
 * {@code libjniCpuNative.so} inside the jar. Each method calls the C++ function of the same name;
 * see the header for what each does. Callers check shapes, ranges and the SIMD level first: the
 * native side trusts its arguments. Pointers are passed, never Java arrays (JavaCPP would copy
 * them).
 *
 * <p>The {@code level} argument is {@link Simd#code()}; {@code [from, to)} are row (or element)
 * ranges so Java can split work over its threads.
 */
@Platform(include = "vernier_kernels.h")
final class CpuNative {
  static {
    Loader.load();
  }

  private CpuNative() {}

  // memory and platform

  static native long vk_alloc(long bytes);

  static native void vk_free(long address);

  static native int vk_cpu_supports(int level);

  static native int vk_best_level();

  static native @Cast("const char*") BytePointer vk_call_cstr(Pointer fn);

  static native int vk_setenv_default(String name, String value);

  static native void vk_fill(FloatPointer x, long n, float value);

  static native void vk_reduce_parts(DoublePointer parts, int nparts, long len, FloatPointer out);

  // element-wise

  static native void vk_axpy(
      int level, long from, long to, float alpha, FloatPointer x, FloatPointer y);

  static native void vk_scale(int level, long from, long to, float alpha, FloatPointer x);

  static native void vk_row_sq_norms(
      int level, FloatPointer a, int from, int to, int d, FloatPointer out);

  static native void vk_column_sums(
      int level, FloatPointer a, int from, int to, int d, DoublePointer acc);

  static native void vk_adam(
      int level,
      long from,
      long to,
      FloatPointer p,
      FloatPointer g,
      FloatPointer m,
      FloatPointer v,
      float lrOverC1,
      float beta1,
      float beta2,
      float invC2,
      float eps);

  static native void vk_act_backward(
      int level, int act, long from, long to, FloatPointer out, FloatPointer g);

  static native void vk_soft_threshold(FloatPointer x, long from, long to, float lambda);

  static native void vk_round_bf16(
      int level, long from, long to, FloatPointer src, FloatPointer dst);

  // bf16 gemm (level AVX512_BF16 only)

  static native long vk_gemm_bf16_workspace(int m, int n, int k);

  static native void vk_gemm_bf16(
      int transA,
      int transB,
      int m,
      int n,
      int k,
      float alpha,
      FloatPointer a,
      int lda,
      FloatPointer b,
      int ldb,
      float beta,
      FloatPointer c,
      int ldc,
      FloatPointer ws);

  // rows

  static native int vk_gather_rows(
      FloatPointer src,
      int srcRows,
      int d,
      IntPointer idx,
      int from,
      int to,
      int c0,
      int c1,
      FloatPointer dst);

  static native void vk_row_argmax(FloatPointer a, int from, int to, int d, IntPointer out);

  static native void vk_kmeans_assign(
      int level,
      FloatPointer x,
      int from,
      int to,
      int d,
      FloatPointer centres,
      FloatPointer centreNorms,
      int k,
      IntPointer labels,
      DoublePointer sums,
      DoublePointer counts,
      DoublePointer stats);

  // losses and layers

  static native void vk_bias_act(
      int level, int act, FloatPointer z, int from, int to, int d, FloatPointer bias);

  static native int vk_softmax_xent(
      int level,
      FloatPointer z,
      IntPointer labels,
      int from,
      int to,
      int k,
      FloatPointer g,
      float scale,
      DoublePointer stats);

  static native void vk_logistic(
      FloatPointer z,
      FloatPointer y,
      long from,
      long to,
      FloatPointer g,
      float scale,
      DoublePointer stats);

  static native void vk_squared_error(
      FloatPointer p,
      FloatPointer y,
      long from,
      long to,
      FloatPointer g,
      float scale,
      DoublePointer stats);
}
