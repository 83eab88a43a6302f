package dev.vernier.core.fleet;

/**
 * The service's answer to a heartbeat.
 *
 * @param directive CONTINUE, STOP (end the trial after this epoch and report STOPPED) or LOST (the
 *     lease expired and the trial was handed to another worker: abandon it without reporting)
 * @param reason why, for STOP and LOST (e.g. the early-stopping rule's reason)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record HeartbeatReply(Directive directive, String reason) {
  /** What the worker must do. */
  public enum Directive {
    CONTINUE,
    STOP,
    LOST
  }

  public static final HeartbeatReply CONTINUE = new HeartbeatReply(Directive.CONTINUE, null);
}
