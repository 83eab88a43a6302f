package dev.vernier.tuner.gp;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.space.CategoricalRange;
import dev.vernier.core.space.IntegerRange;
import dev.vernier.core.space.ParameterRange;
import dev.vernier.core.space.SearchSpace;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A search space as points of the unit cube, where the Gaussian process works: a continuous or
 * integer parameter is one coordinate, its range's {@code toUnit} (so logarithmic ranges are warped
 * to a linear axis); a categorical parameter with {@code k} values is {@code k} coordinates,
 * one-hot. Integer coordinates are only ever evaluated at their values' cell centres ({@link
 * #snap}).
 */
public final class SpaceEncoding {
  private final String[] names;
  private final ParameterRange[] ranges;
  private final int[] offset;
  private final int[] width;
  private final int dim;

  public SpaceEncoding(SearchSpace space) {
    int p = space.dimensions();
    names = new String[p];
    ranges = new ParameterRange[p];
    offset = new int[p];
    width = new int[p];
    int i = 0;
    int d = 0;
    for (Map.Entry<String, ParameterRange> e : space.ranges().entrySet()) {
      names[i] = e.getKey();
      ranges[i] = e.getValue();
      offset[i] = d;
      width[i] = e.getValue() instanceof CategoricalRange c ? c.values().size() : 1;
      d += width[i];
      i++;
    }
    dim = d;
  }

  /** The number of unit-cube coordinates. */
  public int dimension() {
    return dim;
  }

  /** The number of parameters. */
  public int parameters() {
    return names.length;
  }

  /**
   * Writes {@code config}'s coordinates to {@code out[off .. off + dimension())}.
   *
   * @throws InvalidInputException when a value is missing or outside its range (a warm-start parent
   *     with another space, say)
   */
  public void encode(Map<String, Object> config, double[] out, int off) {
    for (int i = 0; i < names.length; i++) {
      Object v = config.get(names[i]);
      if (v == null) {
        throw new InvalidInputException(names[i], "missing from the configuration", null);
      }
      v = ranges[i].coerce(names[i], v);
      if (ranges[i] instanceof CategoricalRange c) {
        int k = c.values().indexOf(v);
        for (int j = 0; j < width[i]; j++) {
          out[off + offset[i] + j] = j == k ? 1 : 0;
        }
      } else {
        out[off + offset[i]] = ranges[i].toUnit(v);
      }
    }
  }

  /**
   * The configuration at {@code x[off ..]}: each coordinate through its range's {@code fromUnit}.
   */
  public Map<String, Object> decode(double[] x, int off) {
    Map<String, Object> config = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      if (ranges[i] instanceof CategoricalRange c) {
        config.put(names[i], c.values().get(argmax(x, off + offset[i], width[i])));
      } else {
        config.put(names[i], ranges[i].fromUnit(x[off + offset[i]]));
      }
    }
    return config;
  }

  /**
   * Moves {@code x[off ..]} to the point its decoded configuration encodes to: integers to their
   * cell centres, categoricals to a one-hot vertex, continuous coordinates into [0, 1].
   */
  public void snap(double[] x, int off) {
    for (int i = 0; i < names.length; i++) {
      int o = off + offset[i];
      if (ranges[i] instanceof CategoricalRange) {
        int k = argmax(x, o, width[i]);
        for (int j = 0; j < width[i]; j++) {
          x[o + j] = j == k ? 1 : 0;
        }
      } else if (ranges[i] instanceof IntegerRange r) {
        x[o] = r.toUnit(r.fromUnit(x[o]));
      } else {
        x[o] = Math.max(0, Math.min(1, x[o]));
      }
    }
  }

  /** A uniform random point (a random vertex for each categorical), snapped. */
  public void random(SplittableRandom rng, double[] x, int off) {
    for (int i = 0; i < names.length; i++) {
      int o = off + offset[i];
      if (ranges[i] instanceof CategoricalRange) {
        int k = rng.nextInt(width[i]);
        for (int j = 0; j < width[i]; j++) {
          x[o + j] = j == k ? 1 : 0;
        }
      } else {
        x[o] = rng.nextDouble();
      }
    }
    snap(x, off);
  }

  /**
   * A neighbour of {@code src[so ..]} written to {@code dst[doff ..]}: each numeric coordinate
   * moves by a normal step of standard deviation {@code step} with probability {@code pMove}
   * (reflected at the cube's faces), each categorical switches to another value with probability
   * {@code pMove / 2}; at least one parameter changes. The result is snapped.
   */
  public void perturb(
      double[] src,
      int so,
      double[] dst,
      int doff,
      double step,
      double pMove,
      SplittableRandom rng) {
    System.arraycopy(src, so, dst, doff, dim);
    int forced = rng.nextInt(names.length);
    for (int i = 0; i < names.length; i++) {
      int o = doff + offset[i];
      boolean categorical = ranges[i] instanceof CategoricalRange;
      double p = categorical ? pMove / 2 : pMove;
      if (i != forced && rng.nextDouble() >= p) {
        continue;
      }
      if (categorical) {
        if (width[i] > 1) {
          int current = argmax(dst, o, width[i]);
          int k = (current + 1 + rng.nextInt(width[i] - 1)) % width[i];
          for (int j = 0; j < width[i]; j++) {
            dst[o + j] = j == k ? 1 : 0;
          }
        }
      } else {
        double v = dst[o] + step * gaussian(rng);
        v = Math.abs(v);
        v = v > 1 ? Math.max(0, 2 - v) : v;
        if (ranges[i] instanceof IntegerRange r && r.toUnit(r.fromUnit(v)) == dst[o]) {
          // an integer step smaller than a cell: move one value in the step's direction
          long cur = (Long) r.fromUnit(dst[o]);
          long next = v > dst[o] ? Math.min(r.max(), cur + 1) : Math.max(r.min(), cur - 1);
          v = r.toUnit(next);
        }
        dst[o] = v;
      }
    }
    snap(dst, doff);
  }

  private static double gaussian(SplittableRandom rng) {
    // Box–Muller from the seeded generator (one value; the second is dropped for simplicity)
    double u1 = 1 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static int argmax(double[] x, int off, int n) {
    int best = 0;
    for (int j = 1; j < n; j++) {
      if (x[off + j] > x[off + best]) {
        best = j;
      }
    }
    return best;
  }
}
