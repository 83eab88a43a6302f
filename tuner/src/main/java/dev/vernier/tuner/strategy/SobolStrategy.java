package dev.vernier.tuner.strategy;

import dev.vernier.core.space.ParameterRange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scrambled Sobol sequence: a quasi-random design that covers the space more evenly than random
 * draws. The {@code i}-th trial of a job (counting every trial, failed ones too) gets point {@code
 * i} of the sequence scrambled by the job's seed, mapped through each range's scaling.
 */
public final class SobolStrategy implements SearchStrategy {
  private static final int MAX_SKIPS = 64;

  @Override
  public boolean usesResults() {
    return false;
  }

  @Override
  public String name() {
    return "sobol";
  }

  @Override
  public String description() {
    return "scrambled Sobol quasi-random sequence";
  }

  @Override
  public List<Proposal> propose(StrategyContext context, int count) {
    return design(context, count, "sobol point ");
  }

  /**
   * The next {@code count} points of the job's scrambled sequence: the job's {@code k}-th trial
   * gets point {@code k}, or, when that configuration is already a trial or an earlier proposal of
   * the call (integer and categorical parameters make distinct points collide), the next point that
   * is not, for a while, then a repeat. Each proposal starts again from its own {@code k}, so the
   * sequence does not depend on how many are asked for at once.
   */
  static List<Proposal> design(StrategyContext context, int count, String label) {
    ScrambledSobol sobol = new ScrambledSobol(context.space().dimensions(), context.seed());
    Set<Map<String, Object>> tried = new HashSet<>();
    context.trials().forEach(t -> tried.add(t.config()));
    List<Proposal> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int index = context.trials().size() + i;
      Map<String, Object> config = point(context, sobol, index);
      for (int skip = 0; skip < MAX_SKIPS && tried.contains(config); skip++) {
        config = point(context, sobol, ++index);
      }
      tried.add(config);
      out.add(new Proposal(config, label + index));
    }
    return out;
  }

  static Map<String, Object> point(StrategyContext context, ScrambledSobol sobol, int index) {
    double[] u = sobol.point(index);
    Map<String, Object> config = new LinkedHashMap<>();
    int d = 0;
    for (Map.Entry<String, ParameterRange> e : context.space().ranges().entrySet()) {
      config.put(e.getKey(), e.getValue().fromUnit(u[d++]));
    }
    return config;
  }
}
