package dev.vernier.core.fleet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A worker's side of the fleet protocol: the same calls whether the worker runs inside the service
 * (in-process slots) or on another machine (HTTP). Implementations are thread-safe: one client
 * serves all of a worker's slots.
 *
 * <p>Order of use: {@link #register} once per process start; then per slot, {@link #lease} until it
 * returns an assignment, {@link #heartbeat} after every epoch (and at least every {@code
 * heartbeatSeconds}), {@link #upload} the model, {@link #report} once. A report may be retried
 * after an I/O error: the service applies it once.
 *
 * @see TrialAssignment
 */
public interface FleetClient {
  /**
   * The HTTP header that carries a remote worker's secret, which {@link #register} returns over
   * HTTP (as {@code workerSecret}) and every later call of that worker sends: the service refuses a
   * lease, heartbeat, upload or report of a worker without its current secret.
   */
  String WORKER_SECRET_HEADER = "Vernier-Worker-Secret";

  /**
   * Registers this worker process.
   *
   * @param bootId unique per process start, so the service can expire a previous run's leases
   * @return the worker id to use in {@link #lease}; an HTTP client keeps the secret the service
   *     returned beside it and sends it with its later calls (one client per registered worker)
   */
  String register(String name, int slots, String bootId) throws IOException;

  /** Asks for a trial; empty when there is none to run now. */
  Optional<TrialAssignment> lease(String workerId) throws IOException;

  /** Keeps the lease alive and hands over the epochs finished since the last heartbeat. */
  HeartbeatReply heartbeat(String leaseId, List<EpochUpdate> epochs) throws IOException;

  /**
   * Sends a trained model's file to the service's artifact store.
   *
   * @return the path the service stored it under
   */
  String upload(String leaseId, Path modelFile) throws IOException;

  /** Ends the lease with the trial's outcome. */
  void report(String leaseId, TrialReport report) throws IOException;

  /**
   * Ends the lease and asks for the next trial in one exchange: what a slot does after every trial.
   * A retried call whose first answer was lost may leave a lease unused; it expires and its trial
   * is retried, never counted twice.
   */
  default Optional<TrialAssignment> reportAndLease(
      String leaseId, TrialReport report, String workerId) throws IOException {
    report(leaseId, report);
    return lease(workerId);
  }
}
