package dev.vernier.tuner.service;

import dev.vernier.core.catalog.Direction;
import dev.vernier.core.fleet.HeartbeatReply;
import dev.vernier.tuner.job.JobSpec;
import dev.vernier.tuner.job.StopDecisionRecord;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.stopping.EarlyStopper;
import dev.vernier.tuner.stopping.StopDecision;
import dev.vernier.tuner.stopping.StopperRegistry;
import dev.vernier.tuner.stopping.StopperSettings;
import dev.vernier.tuner.storage.FleetStore;
import dev.vernier.tuner.storage.TrialStore;
import dev.vernier.tuner.strategy.StrategyRegistry;
import dev.vernier.tuner.strategy.TrialView;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The early-stopping decision a heartbeat brings: the job's stopper (the strategy's own, as ASHA's
 * for hyperband, or the job's {@code earlyStopping}) run on the trial's curve against the job's
 * other trials, each decision stored with its inputs. Split out of {@link FleetService}.
 */
final class StopDecisions {
  // FleetService's logger, as before the split: the early-stop line keeps its name in the logs
  private static final Logger LOG = Logger.getLogger(FleetService.class.getName());

  private final TrialStore trials;
  private final FleetStore fleet;
  private final Scheduler scheduler;
  private final StrategyRegistry strategies;
  private final StopperRegistry stoppers;

  StopDecisions(
      TrialStore trials,
      FleetStore fleet,
      Scheduler scheduler,
      StrategyRegistry strategies,
      StopperRegistry stoppers) {
    this.trials = trials;
    this.fleet = fleet;
    this.scheduler = scheduler;
    this.strategies = strategies;
    this.stoppers = stoppers;
  }

  /** Continue or stop the lease's trial, whose newest epoch is {@code epoch}. */
  HeartbeatReply decide(String leaseId, JobSpec spec, int epoch, long now) {
    String stopperName =
        strategies.get(spec.strategy()).requiredStopper().orElse(spec.earlyStopping());
    if (stopperName.equals("off")) {
      return HeartbeatReply.CONTINUE;
    }
    TrialRecord t = fleet.leaseTrial(leaseId).orElse(null);
    if (t == null) {
      return HeartbeatReply.CONTINUE;
    }
    int maxEpochs = Math.max(1, scheduler.maxEpochs(spec));
    EarlyStopper stopper =
        stoppers.create(stopperName, StopperSettings.forJob(maxEpochs, spec.medianRule()));
    Map<Long, List<Double>> history = trials.history(t.jobId(), spec.objective().metric());
    List<TrialRecord> all = trials.trials(t.jobId());
    TrialView me = TrialViews.of(t, history.getOrDefault(t.id(), List.of()));
    if (me.intermediate().isEmpty()) {
      return HeartbeatReply.CONTINUE;
    }
    List<TrialView> others =
        TrialViews.of(all, history).stream().filter(v -> v.id() != t.id()).toList();
    Direction dir = spec.objective().direction();
    StopDecision d = stopper.decide(me, others, dir);
    trials.recordDecision(
        t.id(),
        new StopDecisionRecord(t.attempt(), epoch, d.kind().name(), d.reason(), now, d.inputs()));
    if (d.shouldStop()) {
      LOG.info(
          () ->
              "job="
                  + t.jobId()
                  + " trial="
                  + t.number()
                  + " early stop at epoch "
                  + epoch
                  + ": "
                  + d.reason());
      return new HeartbeatReply(HeartbeatReply.Directive.STOP, d.reason());
    }
    return HeartbeatReply.CONTINUE;
  }
}
