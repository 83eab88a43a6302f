package dev.vernier.tuner.service;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.DataRoots;
import dev.vernier.core.fleet.EpochUpdate;
import dev.vernier.core.fleet.HeartbeatReply;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import dev.vernier.core.fleet.WorkerNames;
import dev.vernier.platform.error.ForbiddenException;
import dev.vernier.platform.error.NotFoundException;
import dev.vernier.platform.error.TooLargeException;
import dev.vernier.tuner.job.EpochMetrics;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobSpec;
import dev.vernier.tuner.job.MetricDefinition;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.stopping.StopperRegistry;
import dev.vernier.tuner.storage.FleetStore;
import dev.vernier.tuner.storage.JobStore;
import dev.vernier.tuner.storage.TrialStore;
import dev.vernier.tuner.strategy.StrategyRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's side of the fleet protocol, the same for in-process slots and remote workers: hands
 * out trials, takes heartbeats (deciding early stops on them, so a stop reaches the worker within
 * one epoch), stores uploads and applies reports once.
 */
public final class FleetService {
  private final JobStore jobs;
  private final TrialStore trials;
  private final FleetStore fleet;
  private final Scheduler scheduler;
  private final StrategyRegistry strategies;
  private final StopperRegistry stoppers;
  private final ArtifactStore artifacts;
  private final Clock clock;
  private final Duration heartbeat;
  private final long maxUploadBytes;
  private final StopDecisions decisions;
  private final Map<String, JobSpec> specs = new ConcurrentHashMap<>();
  private final java.util.Set<String> knownWorkers = ConcurrentHashMap.newKeySet();

  /**
   * The job of each lease this replica handed out and that is not reported yet, so a report of a
   * job whose objective is its last epoch's needs no read to learn that. A lease given by another
   * replica is read as before; past {@link #LEASE_JOBS_KEPT} entries (leases that expired unseen)
   * the map starts over.
   */
  private final Map<String, ReportIntake.Leased> leaseJobs = new ConcurrentHashMap<>();

  private final ReportIntake intake;
  private final DataRoots dataRoots;

  static final int LEASE_JOBS_KEPT = 100_000;

  public FleetService(
      JobStore jobs,
      TrialStore trials,
      FleetStore fleet,
      Scheduler scheduler,
      StrategyRegistry strategies,
      StopperRegistry stoppers,
      ArtifactStore artifacts,
      Clock clock,
      Duration heartbeat,
      long maxUploadBytes,
      TunerMetrics metrics,
      DataRoots dataRoots) {
    this.jobs = jobs;
    this.dataRoots = dataRoots;
    this.trials = trials;
    this.fleet = fleet;
    this.scheduler = scheduler;
    this.strategies = strategies;
    this.stoppers = stoppers;
    this.artifacts = artifacts;
    this.clock = clock;
    this.heartbeat = heartbeat;
    this.maxUploadBytes = maxUploadBytes;
    this.decisions = new StopDecisions(trials, fleet, scheduler, strategies, stoppers);
    this.intake = new ReportIntake(fleet, trials, artifacts, metrics, specs::get, this::spec);
  }

  private long ttl() {
    return heartbeat.toMillis() * 3;
  }

  /**
   * Registers one of the service's own slot groups (in-process, trusted: no secret). Its id is the
   * service's: no token can register it.
   */
  public String register(String workerId, String name, int slots, String bootId) {
    checkSlots(slots);
    fleet
        .register(workerId, name, slots, bootId, WorkerSecrets.SERVICE_OWNER, null, true, now())
        .orElseThrow();
    return workerId;
  }

  /**
   * Registers a remote worker for the API token {@code ownerToken}: the name is its id, owned by
   * the token that registered it first. Each call returns a new secret (only its hash is kept) that
   * the worker's later calls must carry ({@link #authorizeWorker}, {@link #authorizeLease}); a
   * restarted worker's old secret stops working as its leases expire.
   *
   * @param mayTakeOver an admin token's registration takes the name over from its owner
   * @throws InvalidInputException the name breaks {@link WorkerNames}' rule (nothing changed)
   * @throws ForbiddenException the name is registered by another token (nothing changed)
   */
  public WorkerSecrets.Registration registerRemote(
      String name, int slots, String bootId, String ownerToken, boolean mayTakeOver) {
    WorkerNames.check("name", name); // whatever the caller checked: this is where names enter
    checkSlots(slots);
    String secret = WorkerSecrets.newSecret();
    if (fleet
        .register(
            name, name, slots, bootId, ownerToken, WorkerSecrets.sha256(secret), mayTakeOver, now())
        .isEmpty()) {
      throw new ForbiddenException(
          "name",
          "is registered by another token: register it with that token, choose another name, or"
              + " register it with an admin token to take it over (its leases then expire)",
          name);
    }
    knownWorkers.add(name);
    return new WorkerSecrets.Registration(name, secret);
  }

  private long now() {
    return clock.millis();
  }

  private static void checkSlots(int slots) {
    if (slots < 1 || slots > 1024) {
      throw new InvalidInputException("slots", "must be between 1 and 1024", slots);
    }
  }

  /**
   * Refuses a call on worker {@code workerId}'s behalf unless {@code secret} is its current
   * registration's secret.
   *
   * @param field what named the worker in the request (the path's {@code workerId}, {@code next})
   * @throws NotFoundException no such worker
   * @throws ForbiddenException the secret is missing or not the worker's
   */
  public void authorizeWorker(String workerId, String secret, String field) {
    FleetStore.Worker w =
        fleet
            .worker(workerId)
            .orElseThrow(
                () -> new NotFoundException(field, "worker " + workerId + " (register first)"));
    WorkerSecrets.check(w, secret, "worker " + workerId);
  }

  /**
   * Refuses a report's {@code ?next=} unless it names the worker that took the lease (a worker asks
   * for its own next trial) and {@code secret} is that worker's; {@code leaseWorker} is what {@link
   * #authorizeLease} answered for the report (that worker's secret is checked already).
   *
   * @throws ForbiddenException another worker, or a missing or wrong secret
   */
  public void authorizeNext(
      String leaseId, Optional<FleetStore.Worker> leaseWorker, String next, String secret) {
    if (leaseWorker.isEmpty()) {
      authorizeWorker(next, secret, "next");
      return;
    }
    if (!leaseWorker.get().id().equals(next)) {
      throw new ForbiddenException(
          "next",
          "must name the worker that took lease "
              + leaseId
              + " ("
              + leaseWorker.get().id()
              + "): a worker asks for its own next trial",
          next);
    }
  }

  /**
   * Refuses a call on a lease unless {@code secret} is the current secret of the worker the lease
   * was given to. An unknown lease passes: each call answers it as before (a lost lease, 404).
   *
   * @return the worker the lease was given to, empty for an unknown lease
   * @throws ForbiddenException the secret is missing or not that worker's
   */
  public Optional<FleetStore.Worker> authorizeLease(String leaseId, String secret) {
    WorkerSecrets.requirePresent(secret);
    Optional<FleetStore.Worker> w = fleet.leaseWorker(leaseId);
    if (w.isPresent()) {
      WorkerSecrets.check(
          w.get(), secret, "worker " + w.get().id() + ", which took lease " + leaseId);
    }
    return w;
  }

  /** A trial for the worker, proposing new ones first when the queue is empty. */
  public Optional<TrialAssignment> lease(String workerId) {
    checkKnown(workerId);
    return assigned(workerId, fleet.lease(workerId, clock.millis(), ttl()));
  }

  /**
   * Reports and leases the worker's next trial in one call to the store ({@link
   * FleetStore#reportAndLease}): {@link #report} and then {@link #lease}, with the same checks and
   * answers.
   */
  public Reported reportAndLease(String leaseId, TrialReport r, String workerId) {
    checkKnown(workerId);
    ReportIntake.Reporting p = intake.check(leaseId, r, leaseJobs.remove(leaseId));
    long now = clock.millis();
    FleetStore.Handover h = fleet.reportAndLease(leaseId, p.outcome(), workerId, now, ttl());
    intake.reported(p, h.ack());
    return new Reported(h.ack(), assigned(workerId, h.next()));
  }

  /** What {@link #reportAndLease} did: the report's answer and the worker's next trial. */
  public record Reported(FleetStore.ReportAck ack, Optional<TrialAssignment> next) {}

  private void checkKnown(String workerId) {
    if (!knownWorkers.contains(workerId)) {
      if (fleet.worker(workerId).isEmpty()) {
        throw new NotFoundException("workerId", "worker " + workerId + " (register first)");
      }
      knownWorkers.add(workerId);
    }
  }

  /** The lease the store gave, or when it gave none a tick's new trials; as an assignment. */
  private Optional<TrialAssignment> assigned(String workerId, Optional<FleetStore.Lease> l) {
    if (l.isEmpty()) {
      boolean ticked = scheduler.tickOrJoin();
      l = fleet.lease(workerId, clock.millis(), ttl());
      if (l.isEmpty() && !ticked) {
        // the tick this call joined may have begun before this slot was free: one of its own
        scheduler.tickOrJoin();
        l = fleet.lease(workerId, clock.millis(), ttl());
      }
    }
    l.ifPresent(
        x -> {
          if (leaseJobs.size() >= LEASE_JOBS_KEPT) {
            leaseJobs.clear();
          }
          leaseJobs.put(x.id(), new ReportIntake.Leased(x.trial().jobId(), x.trial().number()));
        });
    return l.map(this::assignment);
  }

  private JobSpec spec(String jobId) {
    return specs.computeIfAbsent(
        jobId,
        id ->
            jobs.find(id)
                .map(JobRecord::spec)
                .orElseThrow(() -> new NotFoundException("jobId", "job " + id)));
  }

  private TrialAssignment assignment(FleetStore.Lease l) {
    TrialRecord t = l.trial();
    JobSpec spec = spec(t.jobId());
    Map<String, String> hp = new LinkedHashMap<>(spec.staticHyperparameters());
    t.config().forEach((k, v) -> hp.put(k, String.valueOf(v)));
    Map<String, TrialAssignment.ChannelData> channels = new LinkedHashMap<>();
    spec.channels()
        .forEach(
            (k, c) ->
                channels.put(
                    k,
                    new TrialAssignment.ChannelData(
                        c.path().toString(),
                        c.labels() == null ? null : c.labels().toString(),
                        c.format(),
                        dataRoots.nameOf(c.path()),
                        c.labels() == null ? null : dataRoots.nameOf(c.labels()))));
    Map<String, String> defs = new LinkedHashMap<>();
    for (MetricDefinition d : spec.metricDefinitions()) {
      defs.put(d.name(), d.regex().pattern());
    }
    return new TrialAssignment(
        l.id(),
        t.jobId(),
        t.id(),
        t.number(),
        t.attempt(),
        spec.algorithm(),
        spec.command(),
        hp,
        channels,
        trialSeed(spec.seed(), t.number()),
        spec.objective().metric(),
        defs,
        spec.limits().maxRuntimePerTrial() == null
            ? 0
            : spec.limits().maxRuntimePerTrial().toSeconds(),
        heartbeat.toSeconds(),
        spec.objective().aggregation().word(),
        spec.objective().direction());
  }

  /** Each trial's seed, fixed by the job's seed and the trial's number (not its attempt). */
  static long trialSeed(long jobSeed, int number) {
    long z = jobSeed * 0x9E3779B97F4A7C15L + number;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (z ^ (z >>> 31)) & Long.MAX_VALUE;
  }

  /** Stores the epochs and answers with the early-stopping decision on the latest one. */
  public HeartbeatReply heartbeat(String leaseId, List<EpochUpdate> epochs) {
    long now = clock.millis();
    List<EpochMetrics> ms = new ArrayList<>();
    for (EpochUpdate e : epochs) {
      if (e.epoch() < 1) {
        throw new InvalidInputException("epochs[].epoch", "must be at least 1", e.epoch());
      }
      ms.add(new EpochMetrics(0, e.epoch(), e.metrics(), now));
    }
    FleetStore.HeartbeatAck ack = fleet.heartbeat(leaseId, ms, now, ttl());
    if (!ack.leaseActive()) {
      return new HeartbeatReply(
          HeartbeatReply.Directive.LOST, "the lease expired and the trial was handed on");
    }
    if (ack.stopRequested()) {
      return new HeartbeatReply(HeartbeatReply.Directive.STOP, "stop requested");
    }
    if (epochs.isEmpty()) {
      return HeartbeatReply.CONTINUE;
    }
    return decisions.decide(leaseId, spec(ack.jobId()), epochs.get(epochs.size() - 1).epoch(), now);
  }

  /** The most bytes an uploaded model file may have. */
  public long maxUploadBytes() {
    return maxUploadBytes;
  }

  /**
   * Stores a model file for the lease's trial; returns its path on the service, which the lease's
   * report may then name (and no other lease's).
   *
   * @throws TooLargeException over {@link #maxUploadBytes()}: nothing is kept, the lease goes on
   */
  public String upload(String leaseId, String fileName, InputStream body) throws IOException {
    ArtifactStore.checkName(fileName);
    if (fleet.leaseTrial(leaseId).isEmpty()) {
      throw new NotFoundException("leaseId", "lease " + leaseId);
    }
    Path p = artifacts.put(fileName, body, maxUploadBytes);
    fleet.recordUpload(leaseId, p.toString(), now());
    return p.toString();
  }

  /** Applies a report once; returns what happened. */
  public FleetStore.ReportAck report(String leaseId, TrialReport r) {
    ReportIntake.Reporting p = intake.check(leaseId, r, leaseJobs.remove(leaseId));
    FleetStore.ReportAck ack = fleet.report(leaseId, p.outcome(), clock.millis());
    intake.reported(p, ack);
    return ack;
  }
}
