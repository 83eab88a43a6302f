package dev.vernier.tuner.strategy;

import dev.vernier.core.space.CategoricalRange;
import dev.vernier.core.space.ContinuousRange;
import dev.vernier.core.space.IntegerRange;
import dev.vernier.core.space.ParameterRange;
import dev.vernier.core.space.SearchSpace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A synthetic minimisation problem with a known optimum, defined exactly as the Optuna peer ({@code
 * shared/peers/optuna_bench.py}) defines it, so regrets compare.
 *
 * @param optimum the known minimum {@code f*}
 */
public record BenchmarkFunction(
    String name, SearchSpace space, ToDoubleFunction<Map<String, Object>> f, double optimum) {

  /** Branin, Hartmann-3, Hartmann-6, Rosenbrock-4 and the mixed float/int/log/categorical one. */
  public static List<BenchmarkFunction> all() {
    return List.of(branin(), hartmann3(), hartmann6(), rosenbrock4(), mixed());
  }

  /** The function called {@code name}. */
  public static BenchmarkFunction named(String name) {
    return all().stream()
        .filter(b -> b.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new dev.vernier.core.InvalidInputException(
                    "function",
                    "must be one of " + all().stream().map(BenchmarkFunction::name).toList(),
                    name));
  }

  public double evaluate(Map<String, Object> config) {
    return f.applyAsDouble(config);
  }

  /** {@code max(0, best − f*)}. */
  public double regret(double best) {
    return Math.max(0, best - optimum);
  }

  public static BenchmarkFunction branin() {
    Map<String, ParameterRange> r = new LinkedHashMap<>();
    r.put("x0", ContinuousRange.linear(-5, 10));
    r.put("x1", ContinuousRange.linear(0, 15));
    return new BenchmarkFunction(
        "branin", new SearchSpace(r), c -> branin(x(c, 0), x(c, 1)), 5 / (4 * Math.PI));
  }

  public static double branin(double x1, double x2) {
    double b = 5.1 / (4 * Math.PI * Math.PI);
    double c = 5 / Math.PI;
    double t = 1 / (8 * Math.PI);
    double u = x2 - b * x1 * x1 + c * x1 - 6;
    return u * u + 10 * (1 - t) * Math.cos(x1) + 10;
  }

  private static final double[] H_ALPHA = {1.0, 1.2, 3.0, 3.2};
  private static final double[][] H3_A = {{3, 10, 30}, {0.1, 10, 35}, {3, 10, 30}, {0.1, 10, 35}};
  private static final double[][] H3_P = {
    {3689, 1170, 2673}, {4699, 4387, 7470}, {1091, 8732, 5547}, {381, 5743, 8828}
  };
  private static final double[][] H6_A = {
    {10, 3, 17, 3.5, 1.7, 8},
    {0.05, 10, 17, 0.1, 8, 14},
    {3, 3.5, 1.7, 10, 17, 8},
    {17, 8, 0.05, 10, 0.1, 14}
  };
  private static final double[][] H6_P = {
    {1312, 1696, 5569, 124, 8283, 5886}, {2329, 4135, 8307, 3736, 1004, 9991},
    {2348, 1451, 3522, 2883, 3047, 6650}, {4047, 8828, 8732, 5743, 1091, 381}
  };

  public static double hartmann(double[] x, double[][] a, double[][] p) {
    double s = 0;
    for (int i = 0; i < 4; i++) {
      double e = 0;
      for (int j = 0; j < x.length; j++) {
        double t = x[j] - 1e-4 * p[i][j];
        e += a[i][j] * t * t;
      }
      s += H_ALPHA[i] * Math.exp(-e);
    }
    return -s;
  }

  public static BenchmarkFunction hartmann3() {
    return new BenchmarkFunction(
        "hartmann3", box(3, 0, 1), c -> hartmann(xs(c, 3), H3_A, H3_P), -3.86277978773266);
  }

  public static BenchmarkFunction hartmann6() {
    return new BenchmarkFunction(
        "hartmann6", box(6, 0, 1), c -> hartmann(xs(c, 6), H6_A, H6_P), -3.32236801141551);
  }

  /** Hartmann-6 at {@code x}, for the latency benchmark and tests. */
  public static double hartmann6(double[] x) {
    return hartmann(x, H6_A, H6_P);
  }

  public static BenchmarkFunction rosenbrock4() {
    return new BenchmarkFunction("rosenbrock4", box(4, -5, 10), c -> rosenbrock(xs(c, 4)), 0);
  }

  public static double rosenbrock(double[] x) {
    double s = 0;
    for (int i = 0; i + 1 < x.length; i++) {
      double a = x[i + 1] - x[i] * x[i];
      double b = 1 - x[i];
      s += 100 * a * a + b * b;
    }
    return s;
  }

  public static BenchmarkFunction mixed() {
    Map<String, ParameterRange> r = new LinkedHashMap<>();
    r.put("x", ContinuousRange.linear(-5, 5));
    r.put("n", IntegerRange.linear(-5, 5));
    r.put("lr", ContinuousRange.log(1e-5, 1.0));
    r.put("act", CategoricalRange.of("relu", "tanh", "sigmoid"));
    return new BenchmarkFunction("mixed", new SearchSpace(r), BenchmarkFunction::mixed, 0);
  }

  static double mixed(Map<String, Object> c) {
    String act = (String) c.get("act");
    double shift =
        switch (act) {
          case "relu" -> 1.5;
          case "tanh" -> -2.0;
          default -> 0.0;
        };
    double pen =
        switch (act) {
          case "relu" -> 0.0;
          case "tanh" -> 0.5;
          default -> 1.0;
        };
    double x = (Double) c.get("x") - shift;
    double n = (Long) c.get("n") - 3;
    double l = Math.log10((Double) c.get("lr")) + 3;
    return x * x + 0.25 * n * n + l * l + pen;
  }

  static SearchSpace box(int d, double lo, double hi) {
    Map<String, ParameterRange> r = new LinkedHashMap<>();
    for (int i = 0; i < d; i++) {
      r.put("x" + i, ContinuousRange.linear(lo, hi));
    }
    return new SearchSpace(r);
  }

  private static double x(Map<String, Object> c, int i) {
    return (Double) c.get("x" + i);
  }

  private static double[] xs(Map<String, Object> c, int d) {
    double[] x = new double[d];
    for (int i = 0; i < d; i++) {
      x[i] = x(c, i);
    }
    return x;
  }
}
