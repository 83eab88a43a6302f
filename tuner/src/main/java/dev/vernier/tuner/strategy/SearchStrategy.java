package dev.vernier.tuner.strategy;

import dev.vernier.core.space.SearchSpace;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Proposes the next configurations of a tuning job: the SPI behind {@code random}, {@code sobol},
 * {@code grid}, {@code bayesian} and {@code hyperband}.
 *
 * <p><b>Who calls it, when.</b> The job's scheduler calls {@link #validate} once when a job is
 * submitted and {@link #propose} whenever it has free worker slots. Implementations are found with
 * {@link java.util.ServiceLoader} and looked up by {@link #name()} in {@link StrategyRegistry}; one
 * instance serves every job.
 *
 * <p><b>A pure function.</b> A proposal depends only on the {@link StrategyContext}: the space, the
 * seed and the job's history (its trials in id order, failed and unfinished ones included, and the
 * warm-start trials). The same context gives the same proposals, in every process and whatever was
 * asked before; a different seed gives different ones. Randomness comes from the seed and the
 * history's size ({@link #random}) or the proposal's position ({@link #stream}), never from a
 * global generator or the clock. An implementation may cache per {@link StrategyContext#jobId()},
 * but a cache only saves time: the result must be the one a fresh instance computes.
 *
 * <p><b>Read-only.</b> A strategy never writes storage and never changes the trials it is shown;
 * the lists are immutable. It returns new {@link Proposal}s, which the caller owns.
 *
 * <p><b>Threads.</b> {@code propose} may be called concurrently, for the same or different jobs.
 *
 * <p><b>Trials still running</b> ({@code PENDING}, {@code RUNNING}) have no result yet; a strategy
 * must not propose them again, so parallel workers get distinct configurations. {@code FAILED}
 * trials give no result and are not proposed again verbatim.
 */
public interface SearchStrategy {

  /** The name users write: {@code random}, {@code bayesian}, ... */
  String name();

  /** One sentence for listings. */
  String description();

  /**
   * Checks, when a job is submitted, that this strategy can search {@code space} within {@code
   * maxTrials}.
   *
   * @throws dev.vernier.core.InvalidInputException naming the rule and the values that break it
   */
  default void validate(SearchSpace space, int maxTrials) {}

  /**
   * Proposes up to {@code count} new configurations, distinct from each other and from every
   * unfinished trial. Fewer are returned only when the space is exhausted (a grid, say).
   *
   * @param count how many workers are waiting, at least 1
   */
  List<Proposal> propose(StrategyContext context, int count);

  /**
   * Why this strategy has nothing left to propose for the job, when {@link #propose} returned no
   * configuration: the scheduler then ends the job once its running trials end, with this reason (a
   * grid with fewer points than {@code maxTrials}, say: "the grid's 2 configurations are all
   * tried"). Called only after {@code propose} returned an empty list for the same context; a
   * strategy that never runs out (random draws may repeat in a tiny space) need not override it.
   *
   * @return the reason, or empty when an empty proposal does not mean the end (the job then waits
   *     for its next tick)
   */
  default Optional<String> exhausted(StrategyContext context) {
    return Optional.of(
        "the " + name() + " strategy has no more configurations to propose in the search space");
  }

  /**
   * Whether proposals depend on finished trials' results. A strategy that answers false (random,
   * Sobol, grid, hyperband) may be asked for proposals ahead of free slots, so a fleet never waits
   * on it, and owes more than a pure function: <b>the same seed gives the same sequence of
   * configurations whatever the batching</b>. The proposal for the job's {@code k}-th trial
   * (0-based, {@code k = trials().size() + i} for the {@code i}-th proposal of a call) depends only
   * on the seed, {@code k} and the configurations of trials {@code 0..k-1}, so asking for 4 at once
   * or 1 at a time, at parallelism 1 or 8, with trials stopped or failed in between, gives the same
   * trials.
   */
  default boolean usesResults() {
    return true;
  }

  /**
   * The early stopper this strategy relies on, by {@link
   * dev.vernier.tuner.stopping.StopperRegistry} name, when it has one ({@code hyperband} decides
   * its rungs there).
   */
  default Optional<String> requiredStopper() {
    return Optional.empty();
  }

  /**
   * The generator a proposal call uses: a function of the seed and the number of trials seen, so a
   * longer history gives fresh numbers and the same history the same ones.
   */
  static SplittableRandom random(StrategyContext context, long salt) {
    long h = context.seed() * 1_000_003L + context.trials().size();
    h = h * 0x9E3779B97F4A7C15L + salt;
    return new SplittableRandom(h);
  }

  /**
   * The generator of the job's {@code k}-th proposal (0-based): a function of the seed and {@code
   * k} only, so proposal {@code k} is the same however many were asked for at once.
   */
  static SplittableRandom stream(long seed, long k, long salt) {
    long z = seed * 0x9E3779B97F4A7C15L + salt;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L + k;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return new SplittableRandom(z ^ (z >>> 31));
  }
}
