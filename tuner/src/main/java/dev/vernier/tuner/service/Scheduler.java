package dev.vernier.tuner.service;

import dev.vernier.core.catalog.AlgorithmCatalog;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobSpec;
import dev.vernier.tuner.job.JobState;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.TrialState;
import dev.vernier.tuner.job.WarmStart;
import dev.vernier.tuner.storage.FleetStore;
import dev.vernier.tuner.storage.JobStore;
import dev.vernier.tuner.storage.TrialStore;
import dev.vernier.tuner.strategy.Proposal;
import dev.vernier.tuner.strategy.SearchStrategy;
import dev.vernier.tuner.strategy.StrategyContext;
import dev.vernier.tuner.strategy.StrategyRegistry;
import dev.vernier.tuner.strategy.TrialView;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Moves jobs along: expires lost leases, starts pending jobs, proposes trials for free slots,
 * applies completion criteria and stops. Everything it decides is written to storage before it acts
 * on it, so a killed process resumes where it was: a restarted scheduler sees the same state and,
 * thanks to {@link TrialStore#addProposals}'s compare-and-set, never proposes a trial twice.
 *
 * <p><b>Replicas:</b> every service replica on one database runs a scheduler with its own replica
 * id. A replica steps a job only while it holds the job's scheduling lease ({@link
 * JobStore#claimScheduling}, renewed by a tick once less than half of {@code leaseTtl} is left), so
 * each job's decisions are made by one replica; when the holder dies, another takes the job over at
 * its first tick after the lease ran out. Lease expiry ({@link FleetStore#expireLeases}) runs on
 * every replica: it is race-free in the store.
 *
 * <p>{@link #tick()} is called by a timer and whenever a worker finds nothing to lease; it is never
 * overlaps another tick in one process; a worker that finds nothing ticks through {@link
 * #tickOrJoin()}. {@link #release()} ends it.
 */
public final class Scheduler {
  private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());

  private final JobStore jobs;
  private final TrialStore trials;
  private final FleetStore fleet;
  private final StrategyRegistry strategies;
  private final Clock clock;
  private final TunerMetrics metrics;
  private final AlgorithmCatalog catalog;
  private final ProposedConfigs proposed;
  private final String replica;
  private final long leaseTtlMillis;
  private boolean released; // guarded by lock
  // ticks never overlap in one process (a ReentrantLock rather than synchronized: tickOrJoin)
  private final java.util.concurrent.locks.ReentrantLock lock =
      new java.util.concurrent.locks.ReentrantLock();

  /**
   * A scheduler for a service that is the only replica on its database ({@link #ONLY_REPLICA}, a
   * lease of {@link #DEFAULT_LEASE_TTL}): tests and embedded uses.
   */
  public Scheduler(
      JobStore jobs,
      TrialStore trials,
      FleetStore fleet,
      StrategyRegistry strategies,
      AlgorithmCatalog catalog,
      Clock clock,
      TunerMetrics metrics) {
    this(jobs, trials, fleet, strategies, catalog, clock, metrics, ONLY_REPLICA, DEFAULT_LEASE_TTL);
  }

  /**
   * The replica id of {@link #Scheduler(JobStore, TrialStore, FleetStore, StrategyRegistry,
   * AlgorithmCatalog, Clock, TunerMetrics)}.
   */
  public static final String ONLY_REPLICA = "local";

  /**
   * How many trials a strategy that ignores results keeps proposed ahead, at least (a job's {@code
   * maxParallelTrials} when larger): a tick refills the queue once half of it is leased, so a
   * deeper queue means fewer proposing ticks (each a count, a proposal and an insert transaction):
   * at 8 a 4,000-trial job had one per 9 trials, at 32 one per 16 to 24.
   */
  static final int QUEUE_AHEAD = 32;

  /** The most a job keeps proposed ahead, whatever its parallelism. */
  static final int MAX_QUEUE_AHEAD = 256;

  /**
   * How many trials a strategy that ignores results keeps proposed ahead for a job of {@code
   * maxParallel} slots: eight slots' worth, between {@link #QUEUE_AHEAD} and {@link
   * #MAX_QUEUE_AHEAD}. More slots lease faster, so the queue grows with them and the proposing
   * ticks stay a few per second (measured with {@code vernier bench fleet}, 8 workers: 32 made one
   * tick per 16 trials, each as costly as leasing 15 of them).
   */
  static int queueAhead(int maxParallel) {
    return Math.min(MAX_QUEUE_AHEAD, Math.max(QUEUE_AHEAD, 8 * maxParallel));
  }

  /** The scheduling lease of a scheduler ticking every second: three ticks. */
  public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(3);

  /**
   * @param replica this service replica's id, unique among the replicas on the database
   * @param leaseTtl how long a job's scheduling lease lasts without renewal: a few tick periods
   *     (the service uses three), the longest a dead replica's jobs wait for another to take them
   */
  public Scheduler(
      JobStore jobs,
      TrialStore trials,
      FleetStore fleet,
      StrategyRegistry strategies,
      AlgorithmCatalog catalog,
      Clock clock,
      TunerMetrics metrics,
      String replica,
      Duration leaseTtl) {
    if (replica == null || replica.isBlank()) {
      throw new IllegalArgumentException("a scheduler needs a replica id");
    }
    if (leaseTtl.isNegative() || leaseTtl.isZero()) {
      throw new IllegalArgumentException("the scheduling lease must be positive, got " + leaseTtl);
    }
    this.replica = replica;
    this.leaseTtlMillis = leaseTtl.toMillis();
    this.catalog = catalog;
    this.proposed = new ProposedConfigs(trials);
    this.jobs = jobs;
    this.trials = trials;
    this.fleet = fleet;
    this.strategies = strategies;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** This scheduler's replica id. */
  public String replica() {
    return replica;
  }

  /**
   * One pass: expires lost worker leases, then steps every active job whose scheduling lease this
   * replica holds or takes now. After {@link #release()} it does nothing.
   *
   * <p>It never throws: a failure (the database unreachable, PostgreSQL ending a transaction as a
   * deadlock's victim) is logged and the next tick tries again, so the timer that calls it keeps
   * running (a {@code ScheduledExecutorService} stops a task that throws).
   */
  public void tick() {
    lock.lock();
    try {
      tickLocked();
    } finally {
      lock.unlock();
    }
  }

  /**
   * A tick for a worker that found nothing to lease: when another thread is ticking, waits for that
   * tick to end instead of running one more (it has proposed what the free slots allow; a second
   * tick would read the same trials again), and returns {@code false}; otherwise ticks and returns
   * {@code true}. Workers that report at once then wait for one tick, not one each.
   */
  public boolean tickOrJoin() {
    if (lock.tryLock()) {
      try {
        tickLocked();
        return true;
      } finally {
        lock.unlock();
      }
    }
    lock.lock();
    lock.unlock();
    return false;
  }

  private void tickLocked() {
    if (released) {
      return;
    }
    try {
      tickOnce();
    } catch (RuntimeException e) {
      LOG.warning("replica " + replica + ": tick failed, the next one tries again: " + e);
    }
  }

  private void tickOnce() {
    long now = clock.millis();
    List<TrialRecord> expired = fleet.expireLeases(now);
    for (TrialRecord t : expired) {
      metrics.leaseExpired(t.state() == TrialState.PENDING);
      LOG.info(
          () ->
              "job="
                  + t.jobId()
                  + " trial="
                  + t.number()
                  + " lease expired: "
                  + t.state()
                  + " ("
                  + t.stateReason()
                  + ")");
    }
    List<JobRecord> active = jobs.active();
    proposed.retain(active);
    for (JobRecord job : active) {
      try {
        if (!held(job, now) && !jobs.claimScheduling(job.id(), replica, now, leaseTtlMillis)) {
          continue;
        }
        if (job.schedulerReplica() != null && !job.schedulerReplica().equals(replica)) {
          String from = job.schedulerReplica();
          LOG.info(() -> "job=" + job.id() + " scheduling taken over from replica " + from);
        }
        step(job, now);
      } catch (RuntimeException e) {
        LOG.severe("job=" + job.id() + " scheduling failed: " + e);
      }
    }
  }

  /**
   * Whether this replica holds the job's lease, as just read, for more than half the TTL still: no
   * other replica can take it before it runs out, so the tick saves the renewal's write (a worker
   * that finds nothing to lease ticks too, often). Below half, the claim renews it.
   */
  private boolean held(JobRecord job, long now) {
    return replica.equals(job.schedulerReplica())
        && job.schedulerUntil() != null
        && job.schedulerUntil() - now > leaseTtlMillis / 2;
  }

  /**
   * Stops ticking and gives up this replica's scheduling leases, so other replicas take its jobs at
   * their next tick; called once on a clean shutdown (after it, {@link #tick()} does nothing).
   * Waits for a tick in progress.
   *
   * @return how many jobs' leases were given up
   */
  public int release() {
    lock.lock();
    try {
      released = true;
      return jobs.releaseAllScheduling(replica);
    } finally {
      lock.unlock();
    }
  }

  private void step(JobRecord job, long now) {
    JobSpec spec = job.spec();
    if (job.state() == JobState.PENDING) {
      jobs.transition(job.id(), JobState.PENDING, JobState.IN_PROGRESS, null, now);
      job = jobs.find(job.id()).orElseThrow();
    }
    // counts first: most ticks need no more than these
    Map<TrialState, Integer> counts = trials.countByState(job.id());
    int running = counts.get(TrialState.IN_PROGRESS) + counts.get(TrialState.STOPPING);
    int pending = counts.get(TrialState.PENDING);
    if (job.stopRequested() && job.state() == JobState.IN_PROGRESS) {
      trials.requestStopAll(job.id(), now);
      jobs.transition(job.id(), JobState.IN_PROGRESS, JobState.STOPPING, "stop requested", now);
      LOG.info(() -> "job=" + spec.name() + " stopping");
      return;
    }
    if (job.state() == JobState.STOPPING) {
      if (running == 0
          && jobs.transition(
              job.id(), JobState.STOPPING, JobState.STOPPED, "stopped on request", now)) {
        jobs.releaseScheduling(job.id(), replica);
      }
      return;
    }
    String done = CompletionCriteria.reason(job, counts, now, trials);
    if (done != null) {
      end(job, done, now);
      return;
    }
    SearchStrategy strategy = strategies.get(spec.strategy());
    // strategies that ignore results run ahead, so workers seldom wait on a tick and ticks are
    // fewer than trials; their k-th proposal depends on k only
    int queue = strategy.usesResults() ? 0 : queueAhead(spec.limits().maxParallelTrials());
    int free =
        Math.min(
            spec.limits().maxParallelTrials() + queue - pending - running,
            spec.limits().maxTrials() - job.trialsCreated());
    if (free <= 0 || (queue > 0 && pending > queue / 2)) {
      return;
    }
    StrategyContext ctx =
        strategy.usesResults()
            ? context(job, trials.trials(job.id()), true)
            : withViews(job, proposed.views(job));
    long t0 = System.nanoTime();
    List<Proposal> proposals = strategy.propose(ctx, free);
    metrics.suggested(System.nanoTime() - t0, proposals.size());
    if (proposals.isEmpty()) {
      // the strategy has run out (a grid smaller than maxTrials): once nothing is left to run, the
      // job is done, or it would wait for trials that are never proposed
      String exhausted = CompletionCriteria.exhausted(strategy, ctx, pending + running);
      if (exhausted != null) {
        end(job, exhausted, now);
      }
      return;
    }
    List<Map<String, Object>> configs = proposals.stream().map(Proposal::config).toList();
    List<TrialRecord> added = trials.addProposals(job.id(), job.trialsCreated(), configs, now);
    for (int i = 0; i < added.size(); i++) {
      TrialRecord t = added.get(i);
      String note = proposals.get(i).note();
      LOG.fine(
          () ->
              "job="
                  + spec.name()
                  + " trial="
                  + t.number()
                  + " proposed "
                  + t.config()
                  + " ("
                  + note
                  + ")");
    }
  }

  /**
   * Ends an IN_PROGRESS job for {@code done}: COMPLETED when a trial produced an objective value,
   * FAILED (with the first failures' reasons) otherwise; running trials are told to stop.
   */
  private void end(JobRecord job, String done, long now) {
    trials.requestStopAll(job.id(), now);
    // the job as it is now, not as this tick read it before the counts: a report that ended the
    // last trial between the two reads set its best objective in the same transaction
    boolean anyObjective = jobs.find(job.id()).orElse(job).bestObjective() != null;
    JobState end = anyObjective ? JobState.COMPLETED : JobState.FAILED;
    String reason =
        anyObjective
            ? done
            : "no trial produced an objective value ("
                + CompletionCriteria.failures(trials.trials(job.id()))
                + ")";
    if (jobs.transition(job.id(), JobState.IN_PROGRESS, end, reason, now)) {
      // an ended job has nothing left to schedule: its document shows no holder
      jobs.releaseScheduling(job.id(), replica);
    }
    LOG.info(() -> "job=" + job.spec().name() + " " + end + ": " + reason);
  }

  StrategyContext context(JobRecord job, List<TrialRecord> all) {
    return context(job, all, true);
  }

  /**
   * The strategy's view of a job; without {@code withHistory} the trials' epoch curves are left out
   * (read per trial, they are most of a tick's reads, and strategies that ignore results never look
   * at them).
   */
  StrategyContext context(JobRecord job, List<TrialRecord> all, boolean withHistory) {
    JobSpec spec = job.spec();
    Map<Long, List<Double>> history =
        withHistory ? trials.history(job.id(), spec.objective().metric()) : Map.of();
    return withViews(job, TrialViews.of(all, history));
  }

  /** The strategy's view of a job whose own trials are {@code views}. */
  private StrategyContext withViews(JobRecord job, List<TrialView> views) {
    JobSpec spec = job.spec();
    List<TrialView> observations = new ArrayList<>();
    List<TrialView> transfer = new ArrayList<>();
    for (String parent : spec.warmStart().parents()) {
      List<TrialView> p = TrialViews.warmStart(trials.trials(parent), spec.ranges());
      (spec.warmStart().type() == WarmStart.Type.TRANSFER ? transfer : observations).addAll(p);
    }
    return new StrategyContext(
        job.id(),
        spec.ranges(),
        spec.objective().direction(),
        spec.seed(),
        views,
        observations,
        transfer,
        spec.limits().maxTrials(),
        maxEpochs(spec, catalog));
  }

  /** {@link #maxEpochs(JobSpec, AlgorithmCatalog)} with this scheduler's catalog. */
  public int maxEpochs(JobSpec spec) {
    return maxEpochs(spec, catalog);
  }

  /**
   * The epochs a trial trains for: the static value, the top of a tuned range, the algorithm's
   * default, or 0 when it has no epochs.
   */
  static int maxEpochs(JobSpec spec, AlgorithmCatalog catalog) {
    String s = spec.staticHyperparameters().get("epochs");
    if (s == null) {
      s = spec.staticHyperparameters().get("max_iterations");
    }
    if (s != null) {
      try {
        return Math.max(0, Integer.parseInt(s.trim()));
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    var r = spec.ranges().ranges().get("epochs");
    if (r != null) {
      return (int) ((Number) r.fromUnit(1)).longValue();
    }
    if (spec.algorithm() == null) {
      return 0;
    }
    return catalog
        .find(spec.algorithm())
        .flatMap(a -> a.hyperparameter("epochs").or(() -> a.hyperparameter("max_iterations")))
        .map(h -> ((Number) h.defaultValue()).intValue())
        .orElse(0);
  }
}
