package dev.vernier.tuner.gp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.space.CategoricalRange;
import dev.vernier.core.space.ContinuousRange;
import dev.vernier.core.space.ParameterRange;
import dev.vernier.core.space.Scaling;
import dev.vernier.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Importance on a function whose important dimensions are known: {@code a} dominates, {@code b} (on
 * a log range) matters less, {@code c} and the categorical {@code d} not at all. The points come
 * from fixed seeds, so the test is deterministic (no false-failure rate to state).
 */
class ParameterImportanceTest {
  static final SearchSpace SPACE;

  static {
    Map<String, ParameterRange> r = new LinkedHashMap<>();
    r.put("a", new ContinuousRange(0, 1, Scaling.LINEAR));
    r.put("b", new ContinuousRange(1e-3, 1, Scaling.LOGARITHMIC));
    r.put("c", new ContinuousRange(0, 1, Scaling.LINEAR));
    r.put("d", new CategoricalRange(List.of("x", "y", "z")));
    SPACE = new SearchSpace(r);
  }

  static double f(Map<String, Object> x) {
    double a = ((Number) x.get("a")).doubleValue();
    double ub = (Math.log10(((Number) x.get("b")).doubleValue()) + 3) / 3; // b's unit axis
    return 10 * (a - 0.3) * (a - 0.3) + 1.0 * (ub - 0.5) * (ub - 0.5);
  }

  static List<Map<String, Object>> points(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("a", r.nextDouble());
      x.put("b", Math.pow(10, -3 + 3 * r.nextDouble()));
      x.put("c", r.nextDouble());
      x.put("d", List.of("x", "y", "z").get(r.nextInt(3)));
      out.add(x);
    }
    return out;
  }

  static Map<String, Double> importance(int n, long seed) {
    List<Map<String, Object>> xs = points(n, seed);
    double[] y = xs.stream().mapToDouble(ParameterImportanceTest::f).toArray();
    Map<String, Double> m = new LinkedHashMap<>();
    for (ParameterImportance.Importance i : ParameterImportance.of(SPACE, xs, y, 7)) {
      m.put(i.name(), i.importance());
    }
    return m;
  }

  @Test
  void findsTheDimensionsThatMatter() {
    for (long seed : new long[] {1, 2, 3}) {
      Map<String, Double> m = importance(40, seed);
      assertEquals(1.0, m.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
      assertTrue(m.get("a") > 0.5, "a dominates: " + m);
      assertTrue(m.get("b") > m.get("c") && m.get("b") > m.get("d"), "b next: " + m);
      assertTrue(m.get("c") + m.get("d") < 0.15, "c and d do not matter: " + m);
    }
  }

  @Test
  void isAPureFunctionOfItsInputs() {
    assertEquals(importance(30, 5), importance(30, 5));
  }

  @Test
  void refusesTooFewTrials() {
    List<Map<String, Object>> xs = points(5, 1);
    double[] y = xs.stream().mapToDouble(ParameterImportanceTest::f).toArray();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ParameterImportance.of(SPACE, xs, y, 1));
    assertTrue(e.getMessage().contains("at least 6"), e.getMessage());
  }
}
