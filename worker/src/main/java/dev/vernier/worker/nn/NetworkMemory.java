package dev.vernier.worker.nn;

import dev.vernier.core.InvalidInputException;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What training a {@link Network} allocates, estimated from its configuration and the data's shape
 * before anything is allocated, so that a network too large for the worker fails at once, saying
 * why, instead of allocating until {@link OutOfMemoryError}.
 *
 * <p>The figures follow {@link Network} and {@link NetworkTraining}, in 4-byte floats and ints: the
 * weights and biases; their gradients (SGD keeps only the biases', folding the weights' into the
 * update; Adam keeps all) and Adam's two moments; the activations and their gradients for one
 * mini-batch of {@code batchSize} rows (allocated at that size even for fewer rows) and the
 * evaluation's for up to 4,096 rows; the kernels' copies of the training and validation features
 * and targets. Those live where the backend keeps its matrices: the Java heap for {@code java},
 * native memory for {@code cpu}. On the heap whatever the backend: the model's copies of the
 * weights (the best epoch's kept while the next is taken, {@link Network#toTensors}), the
 * initialisation's largest layer and the shuffle order. The dataset the reader already loaded is in
 * the heap's use already. The estimate is a floor (kernels' scratch, the JIT and the GC's headroom
 * come on top): a network it refuses would not have fit.
 *
 * @param deviceBytes what the kernels allocate (weights, gradients, moments, activations, data)
 * @param heapBytes what lives on the Java heap whatever the backend
 */
public record NetworkMemory(
    long weights,
    long gradients,
    long moments,
    long activations,
    long data,
    long modelCopies,
    long deviceBytes,
    long heapBytes,
    boolean deviceOnHeap) {
  private static final int EVAL_CHUNK = 4096;

  /**
   * The estimate for {@code cfg} on backend {@code backend} with the data's row counts.
   *
   * @param backend the kernels' name: {@code java} keeps matrices on the heap, {@code cpu} natively
   *     (any other backend's memory is not checked)
   */
  public static NetworkMemory estimate(
      NetworkConfig cfg, String backend, long trainRows, long validationRows) {
    int[] w = cfg.widths();
    int layers = w.length - 1;
    long bs = cfg.batchSize();
    long weightsOnly = 0;
    long biases = 0;
    long largestLayer = 0;
    long unitsAfterInput = 0;
    for (int l = 0; l < layers; l++) {
      long layer = (long) w[l] * w[l + 1];
      weightsOnly += layer;
      biases += w[l + 1];
      largestLayer = Math.max(largestLayer, layer);
      unitsAfterInput += w[l + 1];
    }
    long params = weightsOnly + biases;
    boolean adam = cfg.optimizer() == Optimizer.ADAM;
    long grads = adam ? params : biases;
    long moments = adam ? 2 * params : 0;
    // training buffers: a[0..L] and g[1..L] for a batch, the batch's row indices and classes
    long act = bs * (w[0] + 2 * unitsAfterInput) + 2 * bs;
    // evaluation buffers: a[1..L] and g[L] for a chunk
    long evalRows = Math.max(1, Math.min(EVAL_CHUNK, validationRows));
    act += evalRows * (unitsAfterInput + w[layers]);
    long data = (trainRows + validationRows) * (w[0] + 1L);
    long copies = 2 * params;
    long heapOnly = copies + largestLayer + trainRows + bs;
    long device = params + grads + moments + act + data;
    return new NetworkMemory(
        4 * params,
        4 * grads,
        4 * moments,
        4 * act,
        4 * data,
        4 * copies,
        4 * device,
        4 * heapOnly,
        "java".equals(backend));
  }

  /**
   * Fails unless the estimate fits {@code budget}: the heap's share in its free heap, the native
   * share (cpu backend) in the memory available outside it. A budget that does not fit at first is
   * measured once more after a garbage collection (what a previous trial left may still be counted
   * as in use) before the run is refused.
   *
   * @param what the hyperparameters that drive the estimate, as the error states them, e.g. {@code
   *     hidden_units 8192 x num_layers 8 with mini_batch_size 65536}
   * @param backend the kernels' name, {@code cpu} for native memory
   * @throws InvalidInputException naming {@code mini_batch_size} when the batch's activations are
   *     the larger part, else {@code hidden_units}; the rule gives the estimate and what is free in
   *     MiB, and what drives it
   */
  public void requireFits(String what, String backend, Supplier<MemoryBudget> budget) {
    MemoryBudget b = budget.get();
    if (shortfall(b, backend) == null) {
      return;
    }
    System.gc();
    b = budget.get();
    String problem = shortfall(b, backend);
    if (problem == null) {
      return;
    }
    String field = activations > weights + gradients + moments ? "mini_batch_size" : "hidden_units";
    throw new InvalidInputException(
        field,
        what
            + " needs about "
            + problem
            + " (MiB: weights "
            + mib(weights)
            + ", gradients "
            + mib(gradients)
            + (moments > 0 ? ", Adam's moments " + mib(moments) : "")
            + ", activations "
            + mib(activations)
            + ", data "
            + mib(data)
            + ", model copies "
            + mib(modelCopies)
            + "): lower mini_batch_size, hidden_units or num_layers, or run it on a worker with"
            + " more memory",
        null);
  }

  /** What does not fit, as the error words it, or null when everything does. */
  private String shortfall(MemoryBudget b, String backend) {
    long heapNeed = heapBytes + (deviceOnHeap ? deviceBytes : 0);
    if (b.heapBytes() != MemoryBudget.UNKNOWN && heapNeed > b.heapBytes()) {
      return mib(heapNeed)
          + " MiB of Java heap; this worker has "
          + mib(b.heapBytes())
          + " MiB free";
    }
    if ("cpu".equals(backend)
        && b.nativeBytes() != MemoryBudget.UNKNOWN
        && deviceBytes > b.nativeBytes()) {
      return mib(deviceBytes)
          + " MiB of native memory for the cpu backend; this machine has "
          + mib(b.nativeBytes())
          + " MiB available";
    }
    return null;
  }

  /** Bytes as whole MiB with thousands separators: {@code 9,300}. */
  public static String mib(long bytes) {
    return String.format(Locale.ROOT, "%,d", Math.round(bytes / (double) (1 << 20)));
  }
}
