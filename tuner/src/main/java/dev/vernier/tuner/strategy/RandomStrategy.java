package dev.vernier.tuner.strategy;

import dev.vernier.core.space.ParameterRange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Independent uniform draws in each range's scaled unit interval: log-uniform for logarithmic
 * ranges, every integer and every category equally likely. The job's {@code k}-th trial is drawn
 * from a generator keyed by (seed, {@code k}) ({@link SearchStrategy#stream}), so the same seed
 * gives the same sequence whatever the parallelism. A draw that repeats a trial of the history or
 * an earlier proposal of the same call is drawn again from the same generator (up to a few times,
 * then kept, for tiny spaces).
 */
public final class RandomStrategy implements SearchStrategy {
  private static final int REDRAWS = 32;

  @Override
  public boolean usesResults() {
    return false;
  }

  @Override
  public String name() {
    return "random";
  }

  @Override
  public String description() {
    return "uniform random search in each parameter's scaling";
  }

  @Override
  public List<Proposal> propose(StrategyContext context, int count) {
    // a draw with a continuous parameter repeats an earlier one with probability zero: the set of
    // earlier configurations (every trial's, each tick) is kept only for all-discrete spaces
    boolean canRepeat =
        context.space().ranges().values().stream()
            .noneMatch(r -> r instanceof dev.vernier.core.space.ContinuousRange);
    Set<Map<String, Object>> seen = new HashSet<>();
    if (canRepeat) {
      context.trials().forEach(t -> seen.add(t.config()));
    }
    List<Proposal> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long k = context.trials().size() + (long) i;
      SplittableRandom rng = SearchStrategy.stream(context.seed(), k, 0x52414E44L);
      Map<String, Object> config = draw(context, rng);
      for (int attempt = 0; attempt < REDRAWS && seen.contains(config); attempt++) {
        config = draw(context, rng);
      }
      if (canRepeat) {
        seen.add(config);
      }
      out.add(new Proposal(config, "uniform random draw " + (k + 1)));
    }
    return out;
  }

  static Map<String, Object> draw(StrategyContext context, SplittableRandom rng) {
    Map<String, Object> config = new LinkedHashMap<>();
    for (Map.Entry<String, ParameterRange> e : context.space().ranges().entrySet()) {
      config.put(e.getKey(), e.getValue().fromUnit(rng.nextDouble()));
    }
    return config;
  }
}
