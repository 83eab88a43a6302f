package dev.vernier.kernels.cpu;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The slice of OpenBLAS the cpu backend uses: row-major sgemm, the thread count, and what it runs
 * (core and build configuration, which JavaCPP's nolapack preset does not map, so they are called
 * by address).
 *
 * <p>OpenBLAS's thread count is process-wide: each gemm sets it to the calling instance's count
 * when it differs from the last one set, so instances with different counts used at the same time
 * from different threads may run gemm with each other's count.
 */
final class OpenBlas {
  private static int threadsSet = -1;

  private OpenBlas() {}

  /** C = alpha op(A) op(B) + beta C, all row-major with leading dimensions lda, ldb, ldc. */
  static void sgemm(
      int threads,
      boolean transA,
      boolean transB,
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
      int ldc) {
    threads(threads);
    openblas_nolapack.cblas_sgemm(
        openblas_nolapack.CblasRowMajor,
        transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
        transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
        m,
        n,
        k,
        alpha,
        a,
        lda,
        b,
        ldb,
        beta,
        c,
        ldc);
  }

  private static synchronized void threads(int n) {
    if (threadsSet != n) {
      openblas_nolapack.blas_set_num_threads(n);
      threadsSet = n;
    }
  }

  /**
   * What runs, for descriptions: {@code OpenBLAS 0.3.31 core=SkylakeX [DYNAMIC_ARCH NO_AFFINITY
   * MAX_THREADS=64]} (the configuration less the core name, which it repeats).
   */
  static String describe() {
    return Description.TEXT;
  }

  private static final class Description {
    static final String TEXT = OpenBlas.build();
  }

  private static String build() {
    String core = corename();
    String[] words = config().split("\\s+");
    StringBuilder flags = new StringBuilder();
    for (int i = 2; i < words.length; i++) {
      if (!words[i].equalsIgnoreCase(core)) {
        flags.append(flags.isEmpty() ? "" : " ").append(words[i]);
      }
    }
    String version = words.length >= 2 ? words[0] + " " + words[1] : String.join(" ", words);
    return version + " core=" + core + (flags.isEmpty() ? "" : " [" + flags + "]");
  }

  /** The kernel family OpenBLAS chose for this CPU, e.g. {@code SkylakeX} or {@code Haswell}. */
  static String corename() {
    return call("openblas_get_corename");
  }

  /** The build configuration, e.g. {@code OpenBLAS 0.3.31 DYNAMIC_ARCH NO_AFFINITY ...}. */
  static String config() {
    return call("openblas_get_config");
  }

  private static String call(String function) {
    Pointer fn = Loader.addressof(function);
    return fn == null ? "unknown" : CpuNative.vk_call_cstr(fn).getString().trim();
  }
}
