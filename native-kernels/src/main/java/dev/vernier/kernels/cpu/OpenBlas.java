package dev.vernier.kernels.cpu;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The slice of OpenBLAS the cpu backend uses: row-major sgemm and what it runs (core and build
 * configuration, which JavaCPP's nolapack preset does not map, so they are called by address).
 *
 * <p>OpenBLAS runs single-threaded ({@link CpuRuntime} sets it so when it loads): the backend
 * splits a gemm over its own threads ({@link CpuGemm}), each part one single-threaded sgemm, which
 * OpenBLAS allows from several threads at once. Its own thread server (one process-wide pool whose
 * workers spin after every call, and spin-wait for each other inside each multi-threaded gemm)
 * stays asleep, so it never competes with our threads.
 */
final class OpenBlas {
  private OpenBlas() {}

  /** The thread count the backend runs OpenBLAS with, process-wide. */
  static final int THREADS = 1;

  /**
   * C = alpha op(A) op(B) + beta C, all row-major with leading dimensions lda, ldb, ldc, on the
   * calling thread.
   */
  static void sgemm(
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
