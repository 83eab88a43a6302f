package dev.vernier.core.fleet;

/**
 * How a trial attempt ended.
 *
 * @param objective the objective metric's final value; null when FAILED
 * @param reason for FAILED: why (e.g. the tail of a command's stderr); for STOPPED: the stop reason
 * @param artifactPath where the uploaded model lies on the service, null when none
 * @param provenanceJson the model's provenance as JSON, null when none
 */
public record TrialReport(
    Outcome outcome, Double objective, String reason, String artifactPath, String provenanceJson) {
  /** The end of a trial attempt. */
  public enum Outcome {
    COMPLETED,
    STOPPED,
    FAILED
  }
}
