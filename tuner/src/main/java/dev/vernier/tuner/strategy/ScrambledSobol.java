package dev.vernier.tuner.strategy;

import dev.vernier.core.InvalidInputException;
import java.util.SplittableRandom;
import org.apache.commons.math3.random.SobolSequenceGenerator;

/**
 * Points of the Sobol sequence (Joe–Kuo direction numbers, from commons-math3) in {@code [0,1)^d},
 * scrambled by a random digital shift drawn from the seed: every bit of every coordinate is XOR-ed
 * with a per-dimension random bit pattern. The shift keeps the sequence's low discrepancy and makes
 * different seeds give different sequences.
 *
 * <p>Not thread-safe: make one per call.
 */
final class ScrambledSobol {
  /** commons-math3 keeps 52 bits per coordinate, so points are exact multiples of 2^-52. */
  private static final double SCALE = 0x1p52;

  private static final int MAX_DIMENSION = 1000;

  private final SobolSequenceGenerator generator;
  private final long[] shift;

  ScrambledSobol(int dimension, long seed) {
    if (dimension < 1 || dimension > MAX_DIMENSION) {
      throw new InvalidInputException(
          "ParameterRanges",
          "the sobol strategy handles 1 to " + MAX_DIMENSION + " parameters",
          dimension);
    }
    generator = new SobolSequenceGenerator(dimension);
    shift = new long[dimension];
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (int i = 0; i < dimension; i++) {
      shift[i] = r.nextLong() >>> 12; // 52 random bits
    }
  }

  /** Point {@code index} (from 0) of the scrambled sequence. */
  double[] point(int index) {
    double[] v = generator.skipTo(index);
    for (int i = 0; i < v.length; i++) {
      long bits = (long) (v[i] * SCALE);
      v[i] = (bits ^ shift[i]) / SCALE;
    }
    return v;
  }
}
