package dev.vernier.kernels;

import java.util.Locale;

/**
 * The arithmetic of a {@link Kernels#gemm(boolean, boolean, float, FloatMatrix, FloatMatrix, float,
 * FloatMatrix, Precision) gemm}: what its inputs are rounded to before they are multiplied.
 */
public enum Precision {
  /** float32 inputs, products and sums. */
  FP32("fp32"),
  /**
   * Inputs rounded to bfloat16 ({@link #bf16(float)}: 8 significant bits, float32's exponent
   * range), products (exact in float32) summed in float32. Twice the multiply rate of FP32 on CPUs
   * with AVX512_BF16; about 3 significant decimal digits per input.
   */
  BF16("bf16");

  private final String label;

  Precision(String label) {
    this.label = label;
  }

  /** The name used in hyperparameters and descriptions, e.g. {@code bf16}. */
  public String label() {
    return label;
  }

  /**
   * The precision whose {@link #label()} is {@code label} (any case).
   *
   * @throws IllegalArgumentException naming the labels that exist
   */
  public static Precision of(String label) {
    String l = label.trim().toLowerCase(Locale.ROOT);
    for (Precision p : values()) {
      if (p.label.equals(l)) {
        return p;
      }
    }
    throw new IllegalArgumentException("precision must be fp32 or bf16, got " + label);
  }

  /**
   * {@code x} rounded to the nearest bfloat16 (ties to even), as a float: values past the largest
   * bfloat16 become infinite, float32 subnormals become a zero of the same sign (as the AVX512_BF16
   * instructions read them), NaN stays NaN.
   */
  public static float bf16(float x) {
    int u = Float.floatToRawIntBits(x);
    int r;
    if ((u & 0x7f800000) == 0) {
      r = u & 0x80000000;
    } else if ((u & 0x7fffffff) > 0x7f800000) {
      r = u | 0x00400000;
    } else {
      r = u + 0x7fff + ((u >>> 16) & 1);
    }
    return Float.intBitsToFloat(r & 0xffff0000);
  }
}
