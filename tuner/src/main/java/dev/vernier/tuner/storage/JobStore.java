package dev.vernier.tuner.storage;

import dev.vernier.platform.error.AlreadyExistsException;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobState;
import java.util.List;
import java.util.Optional;

/**
 * Tuning jobs.
 *
 * <p><b>Who calls it:</b> the tuning service (create, list, stop), the scheduler (its scheduling
 * lease, state moves) and the fleet service (reading jobs); several service replicas may share one
 * database, each job scheduled by the replica holding its lease ({@link #claimScheduling}).
 *
 * <p><b>Threads and transactions:</b> implementations are thread-safe; each method is one
 * transaction, so a crash leaves the state before or after the call, never half of it. State moves
 * are compare-and-set ({@link #transition}), so concurrent actors never undo each other's move; two
 * creates of one id store one job.
 *
 * <p><b>Ownership:</b> callers own the returned records (immutable snapshots, not live views).
 *
 * <p><b>Errors:</b> {@link AlreadyExistsException} (a taken id) and {@link
 * dev.vernier.core.InvalidInputException} (a missing warm-start parent) are the caller's; an
 * unknown id is an empty result or {@code false}, never an exception; a database failure is an
 * unchecked exception of the implementation (jOOQ's {@code DataAccessException}) that the REST
 * layer answers 500.
 *
 * <p>The contract is {@code JobStoreContractTest}; every database the tuner supports runs it.
 */
public interface JobStore {

  /**
   * Stores a new job with its warm-start parents.
   *
   * @throws AlreadyExistsException when a job with the id exists
   * @throws dev.vernier.core.InvalidInputException when a warm-start parent does not exist
   */
  void create(JobRecord job);

  Optional<JobRecord> find(String id);

  /** Jobs newest first, optionally only those in {@code state}. */
  List<JobRecord> list(JobState state, int offset, int limit);

  /** How many jobs {@link #list} would page through. */
  int count(JobState state);

  /** Jobs the scheduler must look after: PENDING, IN_PROGRESS and STOPPING. */
  List<JobRecord> active();

  /**
   * Moves a job from {@code from} to {@code to}; sets {@code endedAt} when {@code to} is terminal.
   *
   * @return false when the job was not in {@code from} (another actor moved it first)
   */
  boolean transition(String id, JobState from, JobState to, String reason, long now);

  /**
   * Marks a stop request on a job that has not ended.
   *
   * @return false when the job does not exist or has ended
   */
  boolean requestStop(String id, long now);

  /**
   * Claims or renews the job's scheduling lease for {@code replica} until {@code now + ttlMillis}:
   * one conditional update that succeeds when nobody holds the lease, {@code replica} holds it
   * already (a renewal), or the holder's lease ran out before {@code now} (a take-over from a
   * replica that died or stopped ticking).
   *
   * <p><b>Who calls it:</b> each replica's {@code Scheduler}, before every step of a job, on every
   * tick; a replica steps (proposes trials, applies completion, moves the job's state) only the
   * jobs whose claim it won, so one replica at a time makes a job's scheduling decisions.
   *
   * <p><b>Guarantee:</b> among concurrent claims of one job (threads, processes, replicas on one
   * database) at most one succeeds while a lease is valid; a holder that stops renewing loses the
   * job to the next claim after {@code ttlMillis}. Replicas' clocks must agree to well within the
   * TTL. The lease only decides who decides: storage's own compare-and-sets ({@link
   * TrialStore#addProposals}, {@link #transition}) still hold if two replicas ever overlap (a
   * paused holder resuming after a take-over).
   *
   * @return true when {@code replica} holds the lease until {@code now + ttlMillis}; false when
   *     another replica holds a valid lease, the job has ended or does not exist
   */
  boolean claimScheduling(String jobId, String replica, long now, long ttlMillis);

  /**
   * Gives the job's scheduling lease up, if {@code replica} holds it, so another replica may take
   * the job at its next tick instead of after the TTL; called on a clean shutdown.
   *
   * @return false when {@code replica} did not hold it (nothing changes)
   */
  boolean releaseScheduling(String jobId, String replica);

  /**
   * Gives up every scheduling lease {@code replica} holds ({@link #releaseScheduling} for each of
   * its jobs); called once by a replica that shuts down cleanly.
   *
   * @return how many leases were released
   */
  int releaseAllScheduling(String replica);
}
