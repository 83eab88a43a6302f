package dev.vernier.kafka.embedded;

import java.nio.file.Path;

/**
 * The folder given to {@link EmbeddedKafka#start} holds Kafka data that is not this embedded
 * broker's own: another cluster's nodes, a plain Kafka log directory, or a partly formatted broker.
 * Starting on it again fails the same way: the user has to pick another folder or remove this one
 * (losing what it holds), so nothing is formatted or deleted on their behalf.
 */
public final class ForeignKafkaFolderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path folder;
  private final String reason;

  public ForeignKafkaFolderException(Path folder, String reason) {
    super(
        "cannot start the embedded Kafka broker on "
            + folder
            + ": "
            + reason
            + "; start it on another folder, or remove "
            + folder
            + " to start an empty broker (its topics, records and offsets are lost)");
    this.folder = folder;
    this.reason = reason;
  }

  /** The folder that was refused. */
  public Path folder() {
    return folder;
  }

  /** What is wrong with it, e.g. {@code its nodes belong to different clusters (...)}. */
  public String reason() {
    return reason;
  }
}
