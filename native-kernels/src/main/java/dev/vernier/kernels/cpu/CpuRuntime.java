package dev.vernier.kernels.cpu;

import java.util.Locale;
import java.util.Optional;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Loads the cpu backend's native libraries (OpenBLAS and our kernels) once per class loader and
 * remembers why not, if they cannot load; every entry point of the backend checks here first.
 */
final class CpuRuntime {
  private CpuRuntime() {}

  private static final class Probe {
    static final Optional<String> UNAVAILABLE = probe();
  }

  /** Empty when the backend can run here, else why not. */
  static Optional<String> unavailableReason() {
    return Probe.UNAVAILABLE;
  }

  /**
   * @throws IllegalStateException when the backend cannot run here, saying why
   */
  static void requireAvailable() {
    Optional<String> why = Probe.UNAVAILABLE;
    if (why.isPresent()) {
      throw new IllegalStateException("the cpu kernel backend is not available: " + why.get());
    }
  }

  /** The environment variable, unless the user set it, and the value this backend gives it. */
  static final String THREAD_TIMEOUT = "OPENBLAS_THREAD_TIMEOUT";

  static final String THREAD_TIMEOUT_DEFAULT = "20";

  /** Why the library cannot run on this OS and architecture, if it cannot. */
  static Optional<String> platformProblem(String os, String arch) {
    if (!os.toLowerCase(Locale.ROOT).startsWith("linux")
        || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      return Optional.of("it is built for linux x86-64 only, this is " + os + " " + arch);
    }
    return Optional.empty();
  }

  private static Optional<String> probe() {
    Optional<String> platform =
        platformProblem(System.getProperty("os.name", "?"), System.getProperty("os.arch", "?"));
    if (platform.isPresent()) {
      return platform;
    }
    try {
      Loader.load(CpuNative.class);
      CpuNative.vk_best_level();
      // The backend splits gemm over its own threads and runs OpenBLAS single-threaded (see
      // OpenBlas). OpenBLAS still starts its worker threads when it loads; they spin for
      // 2^THREAD_TIMEOUT cycles (default 2^28, ~0.1 s) before sleeping for good, which 2^20
      // (~0.4 ms) cuts short. Read once, at load. (Not OPENBLAS_NUM_THREADS=1 instead: processes
      // this one starts, such as user commands, would inherit it.)
      CpuNative.vk_setenv_default(THREAD_TIMEOUT, THREAD_TIMEOUT_DEFAULT);
      Loader.load(openblas_nolapack.class);
      openblas_nolapack.blas_set_num_threads(OpenBlas.THREADS);
      return Optional.empty();
    } catch (LinkageError | RuntimeException e) {
      return Optional.of("its native libraries did not load (" + e + ")");
    }
  }
}
