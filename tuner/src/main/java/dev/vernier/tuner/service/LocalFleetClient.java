package dev.vernier.tuner.service;

import dev.vernier.core.ErrorKind;
import dev.vernier.core.VernierException;
import dev.vernier.core.fleet.EpochUpdate;
import dev.vernier.core.fleet.FleetClient;
import dev.vernier.core.fleet.HeartbeatReply;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import dev.vernier.platform.db.TransientFailures;
import dev.vernier.platform.error.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The fleet protocol for the service's own worker slots: direct calls, no HTTP.
 *
 * <p>Failures are what a remote worker meets over HTTP. A failure that may pass, which the REST
 * layer answers 503 ({@link UnavailableException}, or a database failure that {@link
 * TransientFailures} calls transient: PostgreSQL restarting, a connection dropped, SQLite busy past
 * its timeout), is thrown as an {@link IOException}, as {@code HttpFleetClient} throws a 503: the
 * worker retries it as it retries a service that did not answer (a heartbeat is skipped, a report
 * is sent again until it lands). Everything else (a refusal, a lost lease, a constraint violation,
 * a bug) is thrown as it is. Thread-safe as {@link FleetService} is.
 */
public final class LocalFleetClient implements FleetClient {
  private final FleetService fleet;
  private final String workerId;

  public LocalFleetClient(FleetService fleet, String workerId) {
    this.fleet = fleet;
    this.workerId = workerId;
  }

  @Override
  public String register(String name, int slots, String bootId) throws IOException {
    return call(() -> fleet.register(workerId, name, slots, bootId));
  }

  @Override
  public Optional<TrialAssignment> lease(String id) throws IOException {
    return call(() -> fleet.lease(id));
  }

  @Override
  public HeartbeatReply heartbeat(String leaseId, List<EpochUpdate> epochs) throws IOException {
    return call(() -> fleet.heartbeat(leaseId, epochs));
  }

  @Override
  public String upload(String leaseId, Path modelFile) throws IOException {
    return call(
        () -> {
          try (InputStream in = Files.newInputStream(modelFile)) {
            return fleet.upload(leaseId, modelFile.getFileName().toString(), in);
          }
        });
  }

  @Override
  public void report(String leaseId, TrialReport report) throws IOException {
    call(() -> fleet.report(leaseId, report));
  }

  /** One call to the store, as over HTTP ({@link FleetService#reportAndLease}). */
  @Override
  public Optional<TrialAssignment> reportAndLease(
      String leaseId, TrialReport report, String workerId) throws IOException {
    return call(() -> fleet.reportAndLease(leaseId, report, workerId).next());
  }

  /** A call to the service. */
  @FunctionalInterface
  private interface Call<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code c}; a failure that may pass becomes the {@link IOException} a 503 is over HTTP,
   * keeping it as the cause (the log shows it); any other failure is thrown unchanged.
   */
  static <T> T call(Call<T> c) throws IOException {
    try {
      return c.run();
    } catch (VernierException e) {
      if (e.kind() == ErrorKind.TRANSIENT) {
        throw unavailable(e);
      }
      throw e;
    } catch (RuntimeException e) {
      Optional<UnavailableException> u = TransientFailures.unavailable(e);
      if (u.isPresent()) {
        throw unavailable(u.get());
      }
      throw e;
    }
  }

  private static IOException unavailable(VernierException e) {
    return new IOException("the service is unavailable for now: " + e.getMessage(), e);
  }
}
