package dev.vernier.tuner.gp;

import dev.vernier.core.space.CategoricalRange;
import dev.vernier.core.space.ParameterRange;
import dev.vernier.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How much each hyperparameter matters to the objective, from a Gaussian process fitted to the
 * finished trials (automatic relevance determination): the GP of the Bayesian strategy, with one
 * length scale {@code ℓ_d} per unit-cube coordinate ({@link SpaceEncoding}: logarithmic ranges on
 * their log axis, categoricals one-hot), fitted by {@link HyperparameterFit} to the {@link
 * OutputTransform}ed losses.
 *
 * <p>A parameter's relevance is what moving it across its whole range does to the kernel's
 * distance: {@code 1/ℓ²} for a continuous or integer parameter (one coordinate, moved by 1), and
 * {@code 2 · mean(1/ℓ_d²)} over a categorical's coordinates (a change of category moves two of them
 * by 1). Importances are the relevances divided by their sum, so they add up to 1. Short length
 * scales mean the objective changes quickly along that parameter; a parameter the objective ignores
 * gets a long one. A pure function of the points, the losses and the seed; stateless and
 * thread-safe.
 */
public final class ParameterImportance {
  /** One parameter's importance (0 to 1, summing to 1 over the space) and fitted length scale. */
  public record Importance(String name, double importance, double lengthScale) {}

  private ParameterImportance() {}

  /** The fewest finished trials worth fitting for a space of {@code parameters} parameters. */
  public static int minimumTrials(int parameters) {
    return Math.max(5, parameters + 2);
  }

  /**
   * The importances, in the space's order.
   *
   * @param configs the finished trials' hyperparameters, each inside {@code space}
   * @param losses their objectives as losses (negated for a maximised objective), same order
   * @throws IllegalArgumentException with fewer than {@link #minimumTrials} points or mismatched
   *     lengths
   */
  public static List<Importance> of(
      SearchSpace space, List<Map<String, Object>> configs, double[] losses, long seed) {
    int n = configs.size();
    if (n != losses.length) {
      throw new IllegalArgumentException(n + " configurations but " + losses.length + " losses");
    }
    if (n < minimumTrials(space.dimensions())) {
      throw new IllegalArgumentException(
          "needs at least " + minimumTrials(space.dimensions()) + " finished trials, got " + n);
    }
    SpaceEncoding enc = new SpaceEncoding(space);
    int dim = enc.dimension();
    double[] xs = new double[n * dim];
    for (int i = 0; i < n; i++) {
      enc.encode(configs.get(i), xs, i * dim);
    }
    double[] y = OutputTransform.apply(losses, n);
    GpHyperparameters h = new HyperparameterFit(3, 100).fit(xs, y, dim, seed);

    List<String> names = new ArrayList<>();
    List<Double> relevance = new ArrayList<>();
    List<Double> scale = new ArrayList<>();
    int d = 0;
    double total = 0;
    for (Map.Entry<String, ParameterRange> e : space.ranges().entrySet()) {
      int width = e.getValue() instanceof CategoricalRange c ? c.values().size() : 1;
      double sum = 0;
      double geo = 0;
      for (int k = 0; k < width; k++) {
        double l = h.lengthScale(d + k);
        sum += 1 / (l * l);
        geo += Math.log(l);
      }
      double r = width == 1 ? sum : 2 * sum / width;
      names.add(e.getKey());
      relevance.add(r);
      scale.add(Math.exp(geo / width));
      total += r;
      d += width;
    }
    List<Importance> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      out.add(new Importance(names.get(i), relevance.get(i) / total, scale.get(i)));
    }
    return out;
  }
}
