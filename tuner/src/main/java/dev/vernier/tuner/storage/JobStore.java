package dev.vernier.tuner.storage;

import dev.vernier.platform.error.AlreadyExistsException;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobState;
import java.util.List;
import java.util.Optional;

/**
 * Tuning jobs. Implementations are thread-safe; each method is one transaction. Callers own the
 * returned records (immutable snapshots).
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
}
