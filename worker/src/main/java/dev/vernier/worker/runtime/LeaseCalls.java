package dev.vernier.worker.runtime;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.fleet.EpochUpdate;
import dev.vernier.core.fleet.FleetClient;
import dev.vernier.core.fleet.HeartbeatReply;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A worker's calls on one lease that must survive a service that does not answer for a while (an
 * {@link IOException}: no connection, a 503, or the in-process client's database outage):
 * heartbeats tried again and then skipped, the keep-alive between epochs, and the model's upload
 * with the report, retried until they land. Shared by a {@link WorkerRuntime}'s slots; thread-safe.
 */
final class LeaseCalls {
  private static final Logger LOG = Logger.getLogger(WorkerRuntime.class.getName());

  private final FleetClient client;
  private final AtomicBoolean running;

  /**
   * @param running whether the worker still leases: a report then asks for the next trial, and
   *     after it stops one try is left
   */
  LeaseCalls(FleetClient client, AtomicBoolean running) {
    this.client = client;
    this.running = running;
  }

  /** How often a heartbeat is tried before it is given up for this time. */
  static final int HEARTBEAT_TRIES = 3;

  /**
   * Sends a heartbeat, trying {@link #HEARTBEAT_TRIES} times while the service does not answer (an
   * {@link IOException}: no connection, or a failure that may pass, as a 503 or the in-process
   * client's database outage); then logs one warning and answers null: training goes on and the
   * next heartbeat tries again (the lease survives {@code 3 x heartbeatSeconds} without one, and
   * the report tells). Any other failure is thrown: it is not the kind that passes.
   */
  HeartbeatReply heartbeat(String leaseId, List<EpochUpdate> epochs) {
    IOException last = null;
    for (int i = 0; i < HEARTBEAT_TRIES; i++) {
      if (i > 0) {
        sleepQuietly(200L << (i - 1));
        if (Thread.currentThread().isInterrupted()) {
          return null; // the trial ended (its keep-alive is stopped) or the worker closes
        }
      }
      try {
        return client.heartbeat(leaseId, epochs);
      } catch (IOException e) {
        last = e;
      }
    }
    LOG.warning(
        "heartbeat of lease "
            + leaseId
            + " failed "
            + HEARTBEAT_TRIES
            + " times ("
            + last.getMessage()
            + "); the trial goes on and the next heartbeat tries again");
    return null;
  }

  Thread keepAlive(TrialAssignment a, AtomicReference<HeartbeatReply> reply) {
    long every = Math.max(1, a.heartbeatSeconds()) * 1000;
    Thread t =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  Thread.sleep(every);
                } catch (InterruptedException e) {
                  return;
                }
                HeartbeatReply r = heartbeat(a.leaseId(), List.of());
                if (r != null && r.directive() != HeartbeatReply.Directive.CONTINUE) {
                  reply.set(r);
                }
              }
            },
            "vernier-keepalive-" + a.trialId());
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Uploads the trial's model (when it has one) and reports (asking for the next trial while
   * running), retrying both while the service does not answer (an {@link IOException}, as {@link
   * #heartbeat}), until the report lands. The lease decides what landing means: the service applies
   * a report once (a repeat is {@code DUPLICATE}), and a report of a lease that expired meanwhile
   * is {@code LEASE_LOST} (the trial was handed on). So the waits between tries grow but never pass
   * the heartbeat interval: a report held up by an outage shorter than the lease (three intervals)
   * lands before its lease expires. Epochs whose heartbeats did not land go first, in one more
   * heartbeat (its answer no longer matters: the report follows). Each failed try logs one warning;
   * after {@link WorkerRuntime#close} one try is left.
   */
  Optional<TrialAssignment> reportWithRetries(
      TrialAssignment a, UnsentEpochs unsent, TrialReport report, String workerId)
      throws IOException, InterruptedException {
    String leaseId = a.leaseId();
    long most = Math.max(1, a.heartbeatSeconds()) * 1000;
    Path model = report.artifactPath() == null ? null : Path.of(report.artifactPath());
    if (model != null && !Files.isRegularFile(model)) {
      throw new NoSuchFileException(model.toString()); // not the service's doing: no retry
    }
    for (int i = 0; running.get() || i == 0; i++) {
      List<EpochUpdate> epochs = unsent.all();
      String step = !epochs.isEmpty() ? "heartbeat" : model != null ? "upload" : "report";
      try {
        if (!epochs.isEmpty()) {
          try {
            client.heartbeat(leaseId, epochs);
          } catch (RuntimeException e) {
            // refused (not the kind that passes): the report still goes, without these epochs
            LOG.log(Level.WARNING, "the service refused the last epochs of lease " + leaseId, e);
          }
          unsent.delivered(epochs);
          step = model != null ? "upload" : "report";
        }
        if (model != null) {
          report =
              new TrialReport(
                  report.outcome(),
                  report.objective(),
                  report.reason(),
                  client.upload(leaseId, model),
                  report.provenanceJson());
          model = null;
          step = "report";
        }
        if (running.get()) {
          return client.reportAndLease(leaseId, report, workerId);
        }
        client.report(leaseId, report);
        return Optional.empty();
      } catch (IOException e) {
        long wait = Math.min(most, Math.min(30_000, 500L << Math.min(i, 6)));
        LOG.warning(
            step
                + " of trial "
                + a.jobId()
                + "/"
                + a.trialNumber()
                + " (lease "
                + leaseId
                + ") failed ("
                + e.getMessage()
                + "); retrying in "
                + wait
                + " ms");
        Thread.sleep(wait);
      } catch (InvalidInputException e) {
        if (model != null || report.outcome() == TrialReport.Outcome.FAILED) {
          throw e; // nothing simpler to send: the lease expires and the service retries
        }
        // the service refused what the trial produced (e.g. no objective): the trial fails once,
        // saying why, rather than expiring and running again to the same refusal
        LOG.warning("the service refused the report of lease " + leaseId + ": " + e.getMessage());
        report =
            new TrialReport(
                TrialReport.Outcome.FAILED,
                null,
                "the service refused the trial's report: " + e.getMessage(),
                null,
                null);
      }
    }
    return Optional.empty();
  }

  static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
