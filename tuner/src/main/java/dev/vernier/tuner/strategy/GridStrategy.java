package dev.vernier.tuner.strategy;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.space.CategoricalRange;
import dev.vernier.core.space.IntegerRange;
import dev.vernier.core.space.ParameterRange;
import dev.vernier.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Every combination of the integer and categorical values, once. The grid is visited in an order
 * fixed by the seed (a seeded permutation, so a job cut short still covers the grid evenly);
 * configurations already in the history, in any state, are skipped. Continuous ranges have no grid
 * and are refused, and so is a grid with more points than the job's trial limit. A grid with fewer
 * points than the limit ends the job once every point is tried ({@link #exhausted}). Errors name
 * the job's JSON paths ({@code $.parameterRanges.lr}, {@code $.limits.maxTrials}).
 */
public final class GridStrategy implements SearchStrategy {
  /** The largest grid enumerated in memory, whatever the trial limit. */
  static final long MAX_GRID = 1_000_000;

  @Override
  public boolean usesResults() {
    return false;
  }

  @Override
  public String name() {
    return "grid";
  }

  @Override
  public String description() {
    return "every combination of integer and categorical values, in a seeded order";
  }

  @Override
  public void validate(SearchSpace space, int maxTrials) {
    long size = gridSize(space);
    if (size > maxTrials) {
      throw new InvalidInputException(
          "$.limits.maxTrials",
          "the grid search needs a trial per grid point, and the grid has "
              + product(space)
              + " = "
              + size
              + " points",
          maxTrials);
    }
  }

  @Override
  public Optional<String> exhausted(StrategyContext context) {
    long size = gridSize(context.space());
    var ranges = context.space().ranges();
    String shape =
        ranges.size() == 1
            ? (size == 1 ? "the one value of " : "the " + size + " values of ")
                + ranges.keySet().iterator().next()
            : product(context.space());
    return Optional.of(
        "the grid's "
            + size
            + (size == 1 ? " configuration (" : " configurations (")
            + shape
            + (size == 1 ? ") is tried" : ") are all tried")
            + "; maxTrials was "
            + context.maxTrials());
  }

  @Override
  public List<Proposal> propose(StrategyContext context, int count) {
    validate(context.space(), context.maxTrials());
    List<Map<String, Object>> grid = enumerate(context.space());
    int[] order = permutation(grid.size(), context.seed());
    Set<Map<String, Object>> tried = new HashSet<>();
    context.trials().forEach(t -> tried.add(t.config()));
    List<Proposal> out = new ArrayList<>(count);
    for (int i = 0; i < order.length && out.size() < count; i++) {
      Map<String, Object> config = grid.get(order[i]);
      if (tried.add(config)) {
        out.add(new Proposal(config, "grid point " + (i + 1) + " of " + grid.size()));
      }
    }
    return out;
  }

  /** The number of grid points, or an error naming the first parameter that has no grid. */
  static long gridSize(SearchSpace space) {
    long size = 1;
    for (Map.Entry<String, ParameterRange> e : space.ranges().entrySet()) {
      long n = levels(e.getKey(), e.getValue());
      if (n > MAX_GRID / size) {
        throw new InvalidInputException(
            "$.parameterRanges",
            "the grid search enumerates at most " + MAX_GRID + " points",
            product(space));
      }
      size *= n;
    }
    return size;
  }

  private static long levels(String name, ParameterRange range) {
    if (range instanceof CategoricalRange c) {
      return c.values().size();
    }
    if (range instanceof IntegerRange r) {
      long n = r.max() - r.min() + 1;
      return n <= 0 ? Long.MAX_VALUE : n; // overflow: wider than any grid
    }
    throw new InvalidInputException(
        "$.parameterRanges." + name,
        "the grid search needs integer or categorical parameters, and this one is "
            + range.describe(),
        range.typeName());
  }

  private static String product(SearchSpace space) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, ParameterRange> e : space.ranges().entrySet()) {
      if (!sb.isEmpty()) {
        sb.append(" x ");
      }
      long n = levels(e.getKey(), e.getValue());
      sb.append(n).append(" (").append(e.getKey()).append(')');
    }
    return sb.toString();
  }

  private static List<Map<String, Object>> enumerate(SearchSpace space) {
    List<Map<String, Object>> out = new ArrayList<>();
    out.add(new LinkedHashMap<>());
    for (Map.Entry<String, ParameterRange> e : space.ranges().entrySet()) {
      List<Object> values = new ArrayList<>();
      if (e.getValue() instanceof CategoricalRange c) {
        values.addAll(c.values());
      } else if (e.getValue() instanceof IntegerRange r) {
        for (long v = r.min(); v <= r.max(); v++) {
          values.add(v);
        }
      }
      List<Map<String, Object>> next = new ArrayList<>(out.size() * values.size());
      for (Map<String, Object> partial : out) {
        for (Object v : values) {
          Map<String, Object> m = new LinkedHashMap<>(partial);
          m.put(e.getKey(), v);
          next.add(m);
        }
      }
      out = next;
    }
    return out;
  }

  private static int[] permutation(int n, long seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    SplittableRandom r = new SplittableRandom(seed ^ 0x47524944L);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
