package dev.vernier.tuner.service;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.Direction;
import dev.vernier.core.fleet.TrialReport;
import dev.vernier.platform.error.ForbiddenException;
import dev.vernier.tuner.job.JobSpec;
import dev.vernier.tuner.job.Objective;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.storage.FleetStore;
import dev.vernier.tuner.storage.TrialStore;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * A worker's report on its way to the store ({@link FleetService#report}, {@link
 * FleetService#reportAndLease}): checked (an objective for a COMPLETED trial, an artifact uploaded
 * on this lease), its objective taken as the job's aggregation says (the best epoch's for {@code
 * best}), a non-finite objective turned into a FAILED trial that says why; then counted and logged
 * once the store has answered.
 */
final class ReportIntake {
  // the fleet service's logger: the report lines are its lines
  private static final Logger LOG = Logger.getLogger(FleetService.class.getName());

  private final FleetStore fleet;
  private final TrialStore trials;
  private final ArtifactStore artifacts;
  private final TunerMetrics metrics;
  private final Function<String, JobSpec> cachedSpec;
  private final Function<String, JobSpec> spec;

  /**
   * @param cachedSpec a job's spec when this replica has it at hand, else null
   * @param spec a job's spec, read when not at hand
   */
  ReportIntake(
      FleetStore fleet,
      TrialStore trials,
      ArtifactStore artifacts,
      TunerMetrics metrics,
      Function<String, JobSpec> cachedSpec,
      Function<String, JobSpec> spec) {
    this.fleet = fleet;
    this.trials = trials;
    this.artifacts = artifacts;
    this.metrics = metrics;
    this.cachedSpec = cachedSpec;
    this.spec = spec;
  }

  /** What a report's log line names: the lease's job and trial number. */
  record Leased(String jobId, int number) {}

  /** A report as the store takes it, and the trial it is for when known. */
  record Reporting(FleetStore.Outcome outcome, Leased named) {}

  /**
   * Checks a report and turns it into the outcome the store keeps.
   *
   * @param known the lease's job and trial as this replica handed it out, null when another did
   */
  Reporting check(String leaseId, TrialReport r, Leased known) {
    if (r.outcome() != TrialReport.Outcome.FAILED
        && r.objective() == null
        && r.outcome() == TrialReport.Outcome.COMPLETED) {
      throw new InvalidInputException(
          "objective", "a COMPLETED trial needs its objective value", null);
    }
    String artifact = null;
    if (r.artifactPath() != null) {
      artifact =
          artifacts
              .reported(r.artifactPath())
              .map(Path::toString)
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "artifactPath", "must be a path returned by upload", r.artifactPath()));
      if (!fleet.uploaded(leaseId, artifact)) {
        throw new ForbiddenException(
            "artifactPath",
            "must be a file uploaded on this lease (PUT /api/v1/fleet/leases/"
                + leaseId
                + "/artifact), not another lease's",
            r.artifactPath());
      }
    }
    // the spec as cached when the lease was handed out (a job deleted since has none here)
    JobSpec knownSpec = known == null ? null : cachedSpec.apply(known.jobId());
    boolean needsTrial =
        knownSpec == null
            || (r.outcome() != TrialReport.Outcome.FAILED
                && knownSpec.objective().aggregation() == Objective.Aggregation.BEST);
    TrialRecord t = needsTrial ? fleet.leaseTrial(leaseId).orElse(null) : null;
    Leased named = t != null ? new Leased(t.jobId(), t.number()) : known;
    Double objective = r.objective();
    Integer objectiveEpoch = null; // the store takes the trial's last epoch
    String reason = r.reason();
    if (t != null && r.outcome() != TrialReport.Outcome.FAILED) {
      JobSpec spec = this.spec.apply(t.jobId());
      if (spec.objective().aggregation() == Objective.Aggregation.BEST) {
        // the best epoch's value; the reason records which epoch it came from. Only this trial's
        // epochs (of its current attempt): the whole job's history was read here before, on every
        // report, growing with the job
        List<Double> epochs =
            trials
                .history(t.jobId(), spec.objective().metric(), List.of(t.id()))
                .getOrDefault(t.id(), List.of());
        Direction dir = spec.objective().direction();
        Double best = null;
        int at = 0;
        for (int e = 1; e <= epochs.size(); e++) {
          Double v = epochs.get(e - 1);
          if (v != null && Double.isFinite(v) && (best == null || dir.isBetter(v, best))) {
            best = v; // ties keep the earlier epoch
            at = e;
          }
        }
        if (best != null) {
          objective = best;
          objectiveEpoch = at;
          String from =
              "objective from epoch " + at + " of " + epochs.size() + " (aggregation best)";
          reason = reason == null || reason.isBlank() ? from : reason + "; " + from;
        }
      }
    }
    FleetStore.Outcome.Kind kind = FleetStore.Outcome.Kind.valueOf(r.outcome().name());
    if (kind != FleetStore.Outcome.Kind.FAILED
        && objective != null
        && !Double.isFinite(objective)) {
      // a diverged run (loss 1e400, NaN): no result to compare, so the trial failed, saying why,
      // rather than a COMPLETED trial whose objective no client can read as a number
      String why = "objective was " + objective + ", not a finite number";
      reason = reason == null || reason.isBlank() ? why : why + "; " + reason;
      kind = FleetStore.Outcome.Kind.FAILED;
      objective = null;
      objectiveEpoch = null;
    }
    return new Reporting(
        new FleetStore.Outcome(
            kind, objective, objectiveEpoch, reason, artifact, r.provenanceJson()),
        named);
  }

  /** Counts and logs a report the store answered. */
  void reported(Reporting p, FleetStore.ReportAck ack) {
    FleetStore.Outcome o = p.outcome();
    Leased named = p.named();
    metrics.reported(o.kind().name(), ack == FleetStore.ReportAck.ACCEPTED);
    if (ack == FleetStore.ReportAck.ACCEPTED && named != null) {
      LOG.info(
          () ->
              "job="
                  + named.jobId()
                  + " trial="
                  + named.number()
                  + " "
                  + o.kind()
                  + (o.objective() != null ? " objective=" + o.objective() : "")
                  + (o.reason() != null && !o.reason().isBlank() ? ": " + o.reason() : ""));
    }
  }
}
