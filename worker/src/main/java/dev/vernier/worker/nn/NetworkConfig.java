package dev.vernier.worker.nn;

import dev.vernier.kernels.Activation;
import dev.vernier.kernels.Precision;
import java.util.Objects;

/**
 * The shape and training settings of a fully connected network. A network with no hidden layers is
 * a linear model (linear-learner's case).
 *
 * @param hidden sizes of the hidden layers, input side first; empty for a linear model
 * @param l2 weight decay: {@code l2 * W} is added to each weight gradient (not to biases)
 * @param l1 L1 strength, applied as a proximal (soft-threshold) step after each update
 * @param zeroInit start from zero weights (linear models) instead of the uniform fan-in init
 * @param precision the arithmetic of the layers' gemms, forward and backward (weights, biases and
 *     every other step stay float32)
 */
public record NetworkConfig(
    int inputs,
    int[] hidden,
    Activation activation,
    int outputs,
    Head head,
    Optimizer optimizer,
    float learningRate,
    float l2,
    float l1,
    int batchSize,
    int epochs,
    boolean zeroInit,
    Precision precision) {
  public static final float BETA1 = 0.9f;
  public static final float BETA2 = 0.999f;
  public static final float EPS = 1e-8f;

  public NetworkConfig {
    hidden = hidden.clone();
    Objects.requireNonNull(precision, "precision");
    if (inputs < 1 || outputs < 1 || batchSize < 1 || epochs < 1) {
      throw new IllegalArgumentException("inputs, outputs, batch size and epochs must be >= 1");
    }
    if (head != Head.SOFTMAX && outputs != 1) {
      throw new IllegalArgumentException(head + " needs exactly one output, got " + outputs);
    }
  }

  /** Layer widths from input to output, e.g. {@code [784, 256, 10]}. */
  public int[] widths() {
    int[] w = new int[hidden.length + 2];
    w[0] = inputs;
    System.arraycopy(hidden, 0, w, 1, hidden.length);
    w[w.length - 1] = outputs;
    return w;
  }
}
