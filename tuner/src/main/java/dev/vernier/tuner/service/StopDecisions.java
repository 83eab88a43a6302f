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

  /** The most jobs whose ended trials' curves are kept. */
  static final int JOBS_KEPT = 64;

  /**
   * The views of ended trials (COMPLETED, STOPPED, FAILED: their curves never change again), by job
   * and trial id. A decision reads the curves of the trials still running or not seen ended before,
   * not every curve of the job on every heartbeat (at 1,000 trials of 50 epochs, 50,000 rows per
   * heartbeat per worker).
   */
  private final Map<String, Map<Long, TrialView>> ended =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Map<Long, TrialView>> e) {
              return size() > JOBS_KEPT;
            }
          });

  /** Every trial of the job as a view with its curve; {@code me}'s curve is always read. */
  List<TrialView> views(String jobId, String metric, List<TrialRecord> all, long me) {
    Map<Long, TrialView> known =
        ended.computeIfAbsent(
            jobId + "\u0000" + metric, k -> new java.util.concurrent.ConcurrentHashMap<>());
    List<Long> read = new java.util.ArrayList<>();
    for (TrialRecord r : all) {
      if (r.id() == me || !known.containsKey(r.id())) {
        read.add(r.id());
      }
    }
    Map<Long, List<Double>> history = trials.history(jobId, metric, read);
    List<TrialView> out = new java.util.ArrayList<>(all.size());
    for (TrialRecord r : all) {
      TrialView v = r.id() == me ? null : known.get(r.id());
      if (v == null) {
        v = TrialViews.of(r, history.getOrDefault(r.id(), List.of()));
        if (r.state().isTerminal()) {
          known.put(r.id(), v);
        }
      }
      out.add(v);
    }
    return out;
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
    List<TrialRecord> all = trials.trials(t.jobId());
    List<TrialView> views = views(t.jobId(), spec.objective().metric(), all, t.id());
    TrialView me = views.stream().filter(v -> v.id() == t.id()).findFirst().orElse(null);
    if (me == null || me.intermediate().isEmpty()) {
      return HeartbeatReply.CONTINUE;
    }
    List<TrialView> others = views.stream().filter(v -> v.id() != t.id()).toList();
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
