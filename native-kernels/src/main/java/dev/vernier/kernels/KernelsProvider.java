package dev.vernier.kernels;

import java.util.Optional;

/**
 * A kernel backend, registered by name through {@link java.util.ServiceLoader} (listed in {@code
 * META-INF/services/dev.vernier.kernels.KernelsProvider}). Providers must be cheap to construct:
 * loading native libraries or probing devices happens in {@link #unavailableReason()} or {@link
 * #create}, once.
 */
public interface KernelsProvider {

  /** The name users pass to {@code --backend}, e.g. {@code cpu}. */
  String name();

  /** Higher wins when {@code auto} picks among available backends (java 0, cpu 100, cuda 200). */
  int priority();

  /** Empty when this backend can run here, else why not (e.g. "no CUDA device found"). */
  Optional<String> unavailableReason();

  /**
   * A new kernels instance using at most {@code threads} threads.
   *
   * @throws IllegalStateException when the backend is not available
   */
  Kernels create(int threads);
}
