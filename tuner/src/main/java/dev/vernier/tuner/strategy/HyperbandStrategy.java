package dev.vernier.tuner.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Hyperband as asynchronous successive halving (ASHA): new trials are spread over the space by a
 * scrambled Sobol design, every trial starts on the smallest budget and trains on, epoch after
 * epoch, as long as the {@code hyperband} early stopper ({@link
 * dev.vernier.tuner.stopping.AshaStopper}) finds it in the best {@code 1/eta} at each rung. Since
 * promotion is decided per trial as it reaches a rung, a free worker always gets a new trial and
 * never waits for a rung to fill.
 */
public final class HyperbandStrategy implements SearchStrategy {
  private final SobolStrategy sobol = new SobolStrategy();

  @Override
  public boolean usesResults() {
    return false;
  }

  @Override
  public String name() {
    return "hyperband";
  }

  @Override
  public String description() {
    return "asynchronous successive halving over epochs (ASHA) with a Sobol design";
  }

  @Override
  public Optional<String> requiredStopper() {
    return Optional.of("hyperband");
  }

  @Override
  public List<Proposal> propose(StrategyContext context, int count) {
    List<Proposal> out = new ArrayList<>(count);
    String budget =
        context.maxEpochs() > 0
            ? "; trains up to "
                + context.maxEpochs()
                + " epochs while in the best 1/eta at each rung"
            : "";
    for (Proposal p : sobol.propose(context, count)) {
      out.add(new Proposal(p.config(), "ASHA: new trial at the first rung, " + p.note() + budget));
    }
    return out;
  }
}
