package dev.vernier.tuner.stopping;

import java.util.stream.Collectors;

/**
 * What stops a job's trials, in words, for the job document: the rule that actually decides
 * (Hyperband's ASHA whatever {@code earlyStopping} says, since the strategy requires it) with the
 * settings it runs under.
 */
public final class StoppingRules {
  private StoppingRules() {}

  /**
   * Describes the stopper named {@code stopper} ({@code off}, {@code auto}, {@code median}, {@code
   * hyperband}, as {@link StopperRegistry} names them) under {@code settings}, e.g. {@code
   * "hyperband (ASHA, eta 3, rungs 1/3/9 of 27 epochs)"} or {@code "median (minTrials 4, minEpochs
   * 1, percentile 25, minRankCorrelation 0.5) (auto)"}.
   */
  public static String describe(String stopper, StopperSettings settings) {
    return switch (stopper) {
      case "off" -> "off";
      case "hyperband" -> {
        var rungs = new AshaStopper(settings).rungs();
        yield "hyperband (ASHA, eta "
            + settings.eta()
            + (rungs.isEmpty()
                // a trial of one epoch has no rung before its end: ASHA stops nothing
                ? ", no rung below "
                    + settings.maxEpochs()
                    + " epoch"
                    + (settings.maxEpochs() == 1 ? "" : "s")
                    + ": no trial is stopped early)"
                : ", rungs "
                    + rungs.stream().map(String::valueOf).collect(Collectors.joining("/"))
                    + " of "
                    + settings.maxEpochs()
                    + " epochs)");
      }
      case "auto" -> settings.median().describe() + " (auto)";
      case "median" -> settings.median().describe();
      default -> stopper;
    };
  }
}
