package dev.vernier.tuner.service;

import dev.vernier.core.fleet.EpochUpdate;
import dev.vernier.core.fleet.FleetClient;
import dev.vernier.core.fleet.HeartbeatReply;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The fleet protocol for the service's own worker slots: direct calls, no HTTP. */
public final class LocalFleetClient implements FleetClient {
  private final FleetService fleet;
  private final String workerId;

  public LocalFleetClient(FleetService fleet, String workerId) {
    this.fleet = fleet;
    this.workerId = workerId;
  }

  @Override
  public String register(String name, int slots, String bootId) {
    return fleet.register(workerId, name, slots, bootId);
  }

  @Override
  public Optional<TrialAssignment> lease(String id) {
    return fleet.lease(id);
  }

  @Override
  public HeartbeatReply heartbeat(String leaseId, List<EpochUpdate> epochs) {
    return fleet.heartbeat(leaseId, epochs);
  }

  @Override
  public String upload(String leaseId, Path modelFile) throws IOException {
    try (InputStream in = Files.newInputStream(modelFile)) {
      return fleet.upload(leaseId, modelFile.getFileName().toString(), in);
    }
  }

  @Override
  public void report(String leaseId, TrialReport report) {
    fleet.report(leaseId, report);
  }

  /** One call to the store, as over HTTP ({@link FleetService#reportAndLease}). */
  @Override
  public Optional<TrialAssignment> reportAndLease(
      String leaseId, TrialReport report, String workerId) {
    return fleet.reportAndLease(leaseId, report, workerId).next();
  }
}
