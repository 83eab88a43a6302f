package dev.vernier.tuner.stopping;

import dev.vernier.core.catalog.Direction;
import dev.vernier.tuner.strategy.TrialView;
import java.util.List;

/** Early stopping {@code off}: every trial trains to the end. */
public final class NoStopper implements EarlyStopper {

  @Override
  public String name() {
    return "off";
  }

  @Override
  public StopDecision decide(TrialView trial, List<TrialView> others, Direction direction) {
    return StopDecision.proceed("early stopping is off");
  }
}
