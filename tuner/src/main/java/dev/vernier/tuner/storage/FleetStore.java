package dev.vernier.tuner.storage;

import dev.vernier.tuner.job.EpochMetrics;
import dev.vernier.tuner.job.TrialRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Workers and the leases that hand trials to them. Every method is one transaction, so a crash at
 * any point leaves either the state before the call or the state after it. Thread-safe, and safe
 * for several service replicas on one database (row locks / SKIP LOCKED on PostgreSQL, SQLite's
 * single writer): a trial is leased to one worker at a time, a job's {@code max_parallel} holds
 * across replicas, and a lease leaves ACTIVE exactly once: of a report, an expiry (on any replica)
 * and a restarted worker's re-registration racing on one lease, one wins and the others change
 * nothing (the report answers {@link ReportAck#DUPLICATE} or {@link ReportAck#LEASE_LOST}, the
 * expiry skips the lease), so a trial is never both counted and retried.
 *
 * <p><b>Who calls it:</b> the fleet service (workers' register, lease, heartbeat, report, upload
 * calls) and the scheduler (lease expiry).
 *
 * <p><b>Ownership:</b> returned records are the caller's snapshots.
 *
 * <p><b>Errors:</b> what a worker gets wrong is an answer, not an exception: an unknown or expired
 * lease is {@link HeartbeatAck#LOST} or {@link ReportAck#LEASE_LOST}, a repeated report {@link
 * ReportAck#DUPLICATE}, another token's worker id an empty registration; a database failure is an
 * unchecked exception of the implementation (jOOQ's {@code DataAccessException}).
 *
 * <p>The contract is {@code FleetStoreContractTest}; every database the tuner supports runs it.
 */
public interface FleetStore {

  /**
   * A worker known to the service.
   *
   * @param ownerToken the id of the API token that registered it (null: anyone's to claim, as a
   *     worker registered before owners were kept)
   * @param secretSha256 the SHA-256 (hex) of the secret its last registration was given; null when
   *     it was given none (the service's own slots, which never call over HTTP)
   */
  record Worker(
      String id,
      String name,
      int slots,
      String bootId,
      long registeredAt,
      long lastSeenAt,
      String ownerToken,
      String secretSha256) {}

  /** A trial handed to a worker until {@code expiresAt} unless heartbeats extend it. */
  record Lease(String id, TrialRecord trial, String workerId, long expiresAt) {}

  /**
   * What a heartbeat learns: whether the lease still holds, whether to stop, and whose lease it is
   * (null and 0 for a lost lease).
   */
  record HeartbeatAck(boolean leaseActive, boolean stopRequested, String jobId, long trialId) {
    public static final HeartbeatAck LOST = new HeartbeatAck(false, false, null, 0);
  }

  /** How a trial attempt ended, as its worker reports it. */
  record Outcome(
      Kind kind,
      Double objective,
      Integer objectiveEpoch,
      String reason,
      String artifactPath,
      String provenanceJson) {
    /** An outcome whose objective is the last epoch's (aggregation {@code latest}). */
    public Outcome(
        Kind kind, Double objective, String reason, String artifactPath, String provenanceJson) {
      this(kind, objective, null, reason, artifactPath, provenanceJson);
    }

    /** The end a worker reports. */
    public enum Kind {
      COMPLETED,
      STOPPED,
      FAILED
    }
  }

  /** What a report did. */
  enum ReportAck {
    /** The outcome was stored now. */
    ACCEPTED,
    /** The same lease reported before; nothing changed (a retried request). */
    DUPLICATE,
    /** The lease had expired and its trial went back to the queue; the outcome is ignored. */
    LEASE_LOST
  }

  /**
   * Registers a worker process (or the service's own in-process slots). Registering an id again
   * with another boot id means the process restarted: its active leases expire at once, so its
   * trials are retried without waiting for the leases to time out.
   *
   * <p>An id belongs to the token that registered it first ({@code ownerToken}). Registering it
   * again with another owner changes nothing and returns empty (its leases live on), unless {@code
   * takeOver}, which makes {@code ownerToken} its owner. A row without an owner is anyone's to
   * claim. Every registration replaces the secret's hash, so a restarted worker's old secret stops
   * working in the same transaction that expires its leases.
   *
   * @return the worker as registered; empty when another token owns the id and {@code takeOver} is
   *     false
   */
  Optional<Worker> register(
      String id,
      String name,
      int slots,
      String bootId,
      String ownerToken,
      String secretSha256,
      boolean takeOver,
      long now);

  /** Registers with no owner and no secret, taking the id over: the service's own slots, tests. */
  default Worker register(String id, String name, int slots, String bootId, long now) {
    return register(id, name, slots, bootId, null, null, true, now).orElseThrow();
  }

  Optional<Worker> worker(String id);

  List<Worker> workers();

  /**
   * What a worker's leases came to, counted from the lease rows the store keeps (a deleted job's
   * leases no longer count).
   *
   * @param leasesLost leases that ended without a report: expired for want of heartbeats, or ended
   *     by the worker's restart (a new boot id)
   * @param leasesReported leases that ended with the worker's report
   * @param backend the kernels' description in the provenance of the last trial the worker reported
   *     with one (backend, library, SIMD variant, threads); null when none had it (a registered
   *     command reports none)
   */
  record WorkerHistory(int leasesLost, int leasesReported, String backend) {
    /** A worker that never held a lease. */
    public static final WorkerHistory NONE = new WorkerHistory(0, 0, null);
  }

  /**
   * Each worker's {@link WorkerHistory} by worker id; a worker that never held a lease is absent.
   * One read, for people looking at the fleet (the fleet page polls it): it never writes.
   */
  Map<String, WorkerHistory> history();

  /** How many leases are active now: the busy worker slots. */
  int activeLeases();

  /**
   * Leases the oldest pending trial of a job that is in progress and below its parallel limit to
   * the worker; the trial becomes IN_PROGRESS.
   *
   * @return empty when there is nothing to run
   */
  Optional<Lease> lease(String workerId, long now, long ttlMillis);

  /** The worker a lease was given to, as it is now; empty for an unknown lease. */
  Optional<Worker> leaseWorker(String leaseId);

  /** Notes that {@code path} was uploaded on the lease (again: nothing changes). */
  void recordUpload(String leaseId, String path, long now);

  /** Whether {@code path} was uploaded on the lease ({@link #recordUpload}). */
  boolean uploaded(String leaseId, String path);

  /** The trial a lease was given for, as it is now; empty for an unknown lease. */
  Optional<TrialRecord> leaseTrial(String leaseId);

  /**
   * Extends a lease and stores the epochs reported since the last heartbeat (an epoch stored before
   * is not stored twice).
   */
  HeartbeatAck heartbeat(String leaseId, List<EpochMetrics> epochs, long now, long ttlMillis);

  /**
   * Ends a lease with its trial's outcome, exactly once: the first report for a lease is applied
   * (the trial ends, the job's best trial is updated), a repeat is a {@link ReportAck#DUPLICATE},
   * and a report on an expired lease is {@link ReportAck#LEASE_LOST}.
   */
  ReportAck report(String leaseId, Outcome outcome, long now);

  /** What {@link #reportAndLease} did: the report's answer, and the worker's next lease if any. */
  record Handover(ReportAck ack, Optional<Lease> next) {}

  /**
   * {@link #report} and then {@link #lease} for {@code workerId}, as a worker's report that asks
   * for its next trial: the same rules and answers as the two calls one after the other (the lease
   * is tried whatever the report's answer), in one transaction where the implementation can (the
   * report is then never applied without the lease having been tried, and the other way round).
   * This default makes the two calls.
   */
  default Handover reportAndLease(
      String leaseId, Outcome outcome, String workerId, long now, long ttlMillis) {
    ReportAck ack = report(leaseId, outcome, now);
    return new Handover(ack, lease(workerId, now, ttlMillis));
  }

  /**
   * Expires leases past their time: each trial goes back to PENDING with its attempt incremented,
   * or to FAILED once it has used the store's maximum of attempts; a trial that was asked to stop
   * ends STOPPED instead.
   *
   * @return the trials that were affected, as they are now
   */
  List<TrialRecord> expireLeases(long now);
}
