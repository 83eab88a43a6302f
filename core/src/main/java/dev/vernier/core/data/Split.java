package dev.vernier.core.data;

import dev.vernier.core.InvalidInputException;
import java.util.Arrays;
import java.util.SplittableRandom;

/** A dataset cut into a training part and a validation part. */
public record Split(Dataset train, Dataset validation) {

  /**
   * Shuffles the rows with {@code seed} and holds out {@code validationFraction} of them. The same
   * seed and data give the same split; each part keeps the shuffled order's relative order sorted,
   * so that reading order does not leak into training order.
   */
  public static Split holdOut(Dataset data, double validationFraction, long seed) {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new InvalidInputException(
          "validation_fraction", "must be strictly between 0 and 1", validationFraction);
    }
    int n = data.rows();
    int nVal = (int) Math.round(n * validationFraction);
    if (nVal < 1 || nVal >= n) {
      throw new InvalidInputException(
          "validation_fraction",
          "leaves an empty part of " + n + " rows; give more rows or a separate validation file",
          validationFraction);
    }
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int[] val = Arrays.copyOfRange(perm, 0, nVal);
    int[] train = Arrays.copyOfRange(perm, nVal, n);
    Arrays.sort(val);
    Arrays.sort(train);
    return new Split(
        data.select(train, data.name() + "[train]"),
        data.select(val, data.name() + "[validation]"));
  }
}
