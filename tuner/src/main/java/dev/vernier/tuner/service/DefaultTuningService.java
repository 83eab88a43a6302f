package dev.vernier.tuner.service;

import dev.vernier.core.InputErrors;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.Direction;
import dev.vernier.platform.error.AlreadyFinishedException;
import dev.vernier.platform.error.NotFoundException;
import dev.vernier.tuner.job.Channel;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobSpec;
import dev.vernier.tuner.job.JobSpecParser;
import dev.vernier.tuner.job.JobState;
import dev.vernier.tuner.job.Limits;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.WarmStart;
import dev.vernier.tuner.storage.JobStore;
import dev.vernier.tuner.storage.TrialStore;
import dev.vernier.tuner.strategy.StrategyRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/** {@link TuningService} over the stores; the scheduler does the rest. */
public final class DefaultTuningService implements TuningService {
  private static final Logger LOG = Logger.getLogger(DefaultTuningService.class.getName());

  private final JobStore jobs;
  private final TrialStore trials;
  private final JobSpecParser parser;
  private final StrategyRegistry strategies;
  private final Clock clock;

  public DefaultTuningService(
      JobStore jobs,
      TrialStore trials,
      JobSpecParser parser,
      StrategyRegistry strategies,
      Clock clock) {
    this.jobs = jobs;
    this.trials = trials;
    this.parser = parser;
    this.strategies = strategies;
    this.clock = clock;
  }

  /**
   * Checks every channel against the data roots and service folders and each warm-start parent
   * against the job ({@link #checkParents}), then stores the job.
   */
  @Override
  public JobRecord submit(JobSpec spec) {
    parser.checkServiceChannels(spec);
    checkParents(spec);
    return store(spec);
  }

  /**
   * Each warm-start parent must exist and have optimised the same objective, the same metric in the
   * same direction: otherwise its best trials are this job's worst, and the strategy exploits them.
   * An {@code identical-data} parent's trials count as this job's own observations, so it must also
   * have run the same algorithm or command (SageMaker's IDENTICAL_DATA_AND_ALGORITHM); {@code
   * transfer} allows another one, its trials being a prior the job's own overrule. Errors name
   * {@code $.warmStart.parents[i]}, all of them at once. The store checks existence again in its
   * transaction (a parent deleted meanwhile).
   */
  private void checkParents(JobSpec spec) {
    InputErrors errors = new InputErrors();
    List<String> parents = spec.warmStart().parents();
    for (int i = 0; i < parents.size(); i++) {
      String field = "$.warmStart.parents[" + i + "]";
      String id = parents.get(i);
      Optional<JobRecord> found = jobs.find(id);
      if (found.isEmpty()) {
        errors.add(field, "must name an existing tuning job", id);
        continue;
      }
      JobSpec p = found.get().spec();
      if (!p.objective().metric().equals(spec.objective().metric())
          || p.objective().direction() != spec.objective().direction()) {
        errors.add(
            field,
            "a warm-start parent must have optimised this job's objective ("
                + objective(spec)
                + "), and this one optimised "
                + objective(p),
            id);
        continue;
      }
      if (spec.warmStart().type() == WarmStart.Type.IDENTICAL_DATA && !runs(p).equals(runs(spec))) {
        errors.add(
            field,
            "an identical-data parent must have run this job's "
                + runs(spec)
                + ", and this one ran "
                + runs(p)
                + " (its trials would count as this job's own)",
            id);
      }
    }
    errors.throwIfAny();
  }

  private static String objective(JobSpec s) {
    return s.objective().metric()
        + " "
        + (s.objective().direction() == Direction.MINIMIZE ? "Minimize" : "Maximize");
  }

  /** What a job runs, in words: {@code algorithm mlp} or {@code command my-train}. */
  private static String runs(JobSpec s) {
    return s.algorithm() != null ? "algorithm " + s.algorithm() : "command " + s.command();
  }

  @Override
  public JobRecord submitWarmStart(String parentJobId, WarmStartRequest request) {
    JobRecord parent =
        jobs.find(parentJobId)
            .orElseThrow(() -> new NotFoundException("parentJobId", "tuning job " + parentJobId));
    JobSpec p = parent.spec();
    Map<String, Channel> channels = new HashMap<>(p.channels());
    channels.putAll(request.channels());
    return submit(
        new JobSpec(
            request.name(),
            p.algorithm(),
            p.command(),
            channels,
            p.objective(),
            p.ranges(),
            p.staticHyperparameters(),
            p.strategy(),
            new Limits(
                request.maxTrials(),
                p.limits().maxParallelTrials(),
                p.limits().maxRuntimePerTrial(),
                p.limits().maxRuntime()),
            p.earlyStopping(),
            p.completion(),
            new WarmStart(List.of(parent.id()), WarmStart.Type.TRANSFER),
            p.seed() + request.seedOffset(),
            p.metricDefinitions(),
            p.medianRule()));
  }

  private JobRecord store(JobSpec spec) {
    strategies.get(spec.strategy()).validate(spec.ranges(), spec.limits().maxTrials());
    long now = clock.millis();
    JobRecord r =
        new JobRecord(
            spec.name(), spec, JobState.PENDING, null, 0, null, null, false, now, now, null);
    jobs.create(r);
    LOG.info(
        () ->
            "job="
                + spec.name()
                + " submitted: "
                + spec.strategy()
                + ", "
                + spec.limits().maxTrials()
                + " trials, "
                + spec.limits().maxParallelTrials()
                + " in parallel");
    return r;
  }

  @Override
  public Optional<JobRecord> job(String id) {
    return jobs.find(id);
  }

  private JobRecord require(String id) {
    return jobs.find(id).orElseThrow(() -> new NotFoundException("id", "tuning job " + id));
  }

  @Override
  public Page jobs(JobState state, int offset, int limit) {
    if (offset < 0) {
      throw new InvalidInputException("offset", "must be >= 0", offset);
    }
    if (limit < 1 || limit > 500) {
      throw new InvalidInputException("limit", "must be between 1 and 500", limit);
    }
    return new Page(jobs.list(state, offset, limit), jobs.count(state), offset, limit);
  }

  @Override
  public JobRecord stop(String id) {
    JobRecord j = require(id);
    if (j.state().isTerminal()) {
      throw new AlreadyFinishedException(
          "id", "the job has already ended (" + j.state() + "); only a running job stops", id);
    }
    jobs.requestStop(id, clock.millis());
    return require(id);
  }

  @Override
  public List<TrialRecord> trials(String jobId) {
    require(jobId);
    return trials.trials(jobId);
  }

  @Override
  public TrialDetail trial(String jobId, int number) {
    TrialRecord t =
        trials(jobId).stream()
            .filter(x -> x.number() == number)
            .findFirst()
            .orElseThrow(
                () -> new NotFoundException("number", "trial " + number + " of job " + jobId));
    return new TrialDetail(t, trials.metrics(t.id()), trials.decisions(t.id()));
  }

  @Override
  public Optional<TrialRecord> best(String jobId) {
    JobRecord j = require(jobId);
    return j.bestTrialId() == null ? Optional.empty() : trials.find(j.bestTrialId());
  }

  /**
   * The stopper the fleet consults ({@link FleetService}'s choice: the strategy's required one, or
   * {@code earlyStopping}) under the settings it gets there.
   */
  @Override
  public String earlyStoppingRule(JobSpec spec) {
    String stopper = strategies.get(spec.strategy()).requiredStopper().orElse(spec.earlyStopping());
    int maxEpochs = Math.max(1, Scheduler.maxEpochs(spec, parser.catalog()));
    // the settings FleetService's stopper runs under
    return dev.vernier.tuner.stopping.StoppingRules.describe(
        stopper, dev.vernier.tuner.stopping.StopperSettings.forJob(maxEpochs, spec.medianRule()));
  }
}
