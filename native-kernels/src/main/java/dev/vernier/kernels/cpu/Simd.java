package dev.vernier.kernels.cpu;

import dev.vernier.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The instruction-set variant the cpu backend's own kernels run (OpenBLAS chooses its own). One
 * native library holds all four; {@link #AUTO_PROPERTY} forces one for tests and benchmarks, and an
 * instance keeps the variant it was created with.
 */
public enum Simd {
  /** Plain x86-64 code, no hand-written SIMD. */
  SCALAR("scalar"),
  /** AVX2 with FMA, 8 floats per instruction. */
  AVX2("avx2"),
  /** AVX-512 (F, BW, DQ, VL) with FMA, 16 floats per instruction. */
  AVX512("avx512"),
  /**
   * The AVX-512 kernels, and {@link dev.vernier.kernels.Precision#BF16 bf16} gemm on AVX512_BF16's
   * vdpbf16ps (32 products per instruction); the other variants round the inputs and run sgemm.
   */
  AVX512_BF16("avx512bf16");

  /** The system property choosing the variant: {@code auto} (default), or a variant's label. */
  public static final String AUTO_PROPERTY = "vernier.simd";

  private final String label;

  Simd(String label) {
    this.label = label;
  }

  /** The name used in {@link #AUTO_PROPERTY} and descriptions, e.g. {@code avx512}. */
  public String label() {
    return label;
  }

  /** The number the native side dispatches on (vk::Level in vk_common.h). */
  int code() {
    return switch (this) {
      case SCALAR -> 0;
      case AVX2 -> 1;
      case AVX512 -> 2;
      case AVX512_BF16 -> 3;
    };
  }

  /**
   * Whether this CPU (and OS) can run the variant.
   *
   * @throws IllegalStateException when the cpu backend's native library is not available
   */
  public boolean supported() {
    CpuRuntime.requireAvailable();
    return CpuNative.vk_cpu_supports(code()) != 0;
  }

  /** The widest variant this CPU supports. */
  public static Simd best() {
    CpuRuntime.requireAvailable();
    int level = CpuNative.vk_best_level();
    for (Simd s : values()) {
      if (s.code() == level) {
        return s;
      }
    }
    throw new IllegalStateException("unknown SIMD level " + level + " from the native library");
  }

  /** The variants this CPU supports, widest first. */
  public static List<Simd> supportedHere() {
    List<Simd> out = new ArrayList<>();
    for (int i = values().length - 1; i >= 0; i--) {
      if (values()[i].supported()) {
        out.add(values()[i]);
      }
    }
    return out;
  }

  /**
   * Resolves a {@link #AUTO_PROPERTY} value: {@code auto} (or null) is {@link #best()}.
   *
   * @throws InvalidInputException for an unknown name or one this CPU cannot run
   */
  public static Simd resolve(String value) {
    if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("auto")) {
      return best();
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (Simd s : values()) {
      if (s.label.equals(v)) {
        if (!s.supported()) {
          throw new InvalidInputException(
              AUTO_PROPERTY,
              "must be auto or a variant this CPU supports " + labels(supportedHere()),
              value);
        }
        return s;
      }
    }
    throw new InvalidInputException(
        AUTO_PROPERTY, "must be auto or one of " + labels(List.of(values())), value);
  }

  /** The variant {@link #AUTO_PROPERTY} asks for, {@code auto} when unset. */
  public static Simd fromSystemProperty() {
    return resolve(System.getProperty(AUTO_PROPERTY, "auto"));
  }

  private static List<String> labels(List<Simd> simds) {
    return simds.stream().map(Simd::label).toList();
  }
}
