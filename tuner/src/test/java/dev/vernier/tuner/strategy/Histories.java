package dev.vernier.tuner.strategy;

import dev.vernier.core.space.CategoricalRange;
import dev.vernier.core.space.ContinuousRange;
import dev.vernier.core.space.IntegerRange;
import dev.vernier.core.space.ParameterRange;
import dev.vernier.core.space.Scaling;
import dev.vernier.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Search spaces and seeded job histories for strategy tests. */
final class Histories {
  private Histories() {}

  /**
   * Every kind of range: linear, log and reverse-log continuous, linear and log integer,
   * categorical.
   */
  static SearchSpace mixedSpace() {
    Map<String, ParameterRange> r = new LinkedHashMap<>();
    r.put("x", ContinuousRange.linear(-5, 5));
    r.put("lr", ContinuousRange.log(1e-5, 1));
    r.put("momentum", new ContinuousRange(0.5, 0.999, Scaling.REVERSE_LOGARITHMIC));
    r.put("layers", IntegerRange.linear(1, 4));
    r.put("units", IntegerRange.log(8, 1024));
    r.put("act", CategoricalRange.of("relu", "tanh", "sigmoid"));
    return new SearchSpace(r);
  }

  /** Integers and categoricals only: 4 × 3 × 2 = 24 points. */
  static SearchSpace gridSpace() {
    Map<String, ParameterRange> r = new LinkedHashMap<>();
    r.put("layers", IntegerRange.linear(1, 4));
    r.put("act", CategoricalRange.of("relu", "tanh", "sigmoid"));
    r.put("bias", CategoricalRange.of("yes", "no"));
    return new SearchSpace(r);
  }

  /** A uniform random configuration of {@code space}. */
  static Map<String, Object> randomConfig(SearchSpace space, SplittableRandom rng) {
    Map<String, Object> c = new LinkedHashMap<>();
    space.ranges().forEach((k, v) -> c.put(k, v.fromUnit(rng.nextDouble())));
    return c;
  }

  /** A smooth objective of any configuration: the squared distance of its unit encoding to 0.3. */
  static double objective(SearchSpace space, Map<String, Object> config) {
    double s = 0;
    for (var e : space.ranges().entrySet()) {
      double u = e.getValue().toUnit(config.get(e.getKey()));
      s += (u - 0.3) * (u - 0.3);
    }
    return s;
  }

  /**
   * {@code completed} completed trials at random configurations, then {@code failed} failed ones,
   * one stopped trial with intermediate values only, and {@code running} running ones.
   */
  static List<TrialView> history(
      SearchSpace space, long seed, int completed, int failed, int running) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<TrialView> out = new ArrayList<>();
    long id = 1;
    for (int i = 0; i < completed; i++) {
      Map<String, Object> c = randomConfig(space, rng);
      out.add(TrialView.completed(id++, c, objective(space, c)));
    }
    for (int i = 0; i < failed; i++) {
      out.add(TrialView.of(id++, TrialView.State.FAILED, randomConfig(space, rng)));
    }
    if (completed > 0) {
      Map<String, Object> c = randomConfig(space, rng);
      double v = objective(space, c);
      out.add(new TrialView(id++, TrialView.State.STOPPED, c, null, List.of(v + 1, v + 0.5)));
    }
    for (int i = 0; i < running; i++) {
      TrialView.State s = i % 2 == 0 ? TrialView.State.RUNNING : TrialView.State.PENDING;
      out.add(TrialView.of(id++, s, randomConfig(space, rng)));
    }
    return out;
  }
}
