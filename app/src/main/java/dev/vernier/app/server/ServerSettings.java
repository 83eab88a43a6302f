package dev.vernier.app.server;

import dev.vernier.worker.runtime.RegisteredCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How {@code vernier serve} runs.
 *
 * @param dataDir holds {@code vernier.db} and {@code artifacts/}
 * @param dataRoots the only directories jobs may read data from
 * @param slots in-process worker slots (0 for none: remote workers only)
 * @param commands training programs jobs may name
 * @param fullSync SQLite's {@code synchronous=FULL} (every commit synced: survives a power loss)
 *     instead of NORMAL (survives a killed process)
 * @param kafka Kafka client settings passed through to monitors' consumers and producers ({@code
 *     bootstrap.servers}, security); empty when this server has no Kafka
 * @param maxArtifactBytes the most bytes a model file uploaded by a worker may have (at least 1)
 */
public record ServerSettings(
    String host,
    int port,
    Path dataDir,
    List<Path> dataRoots,
    int slots,
    String backend,
    int threadsPerSlot,
    Map<String, RegisteredCommand> commands,
    Duration heartbeat,
    Duration tick,
    Map<String, Object> kafka,
    boolean fullSync,
    long maxArtifactBytes) {
  /** The default limit of an uploaded model file: 1 GiB. */
  public static final long DEFAULT_MAX_ARTIFACT_BYTES = 1L << 30;

  /** Settings with the default artifact limit. */
  public ServerSettings(
      String host,
      int port,
      Path dataDir,
      List<Path> dataRoots,
      int slots,
      String backend,
      int threadsPerSlot,
      Map<String, RegisteredCommand> commands,
      Duration heartbeat,
      Duration tick,
      Map<String, Object> kafka,
      boolean fullSync) {
    this(
        host,
        port,
        dataDir,
        dataRoots,
        slots,
        backend,
        threadsPerSlot,
        commands,
        heartbeat,
        tick,
        kafka,
        fullSync,
        DEFAULT_MAX_ARTIFACT_BYTES);
  }

  /** Settings with SQLite's {@code synchronous=NORMAL}. */
  public ServerSettings(
      String host,
      int port,
      Path dataDir,
      List<Path> dataRoots,
      int slots,
      String backend,
      int threadsPerSlot,
      Map<String, RegisteredCommand> commands,
      Duration heartbeat,
      Duration tick,
      Map<String, Object> kafka) {
    this(
        host,
        port,
        dataDir,
        dataRoots,
        slots,
        backend,
        threadsPerSlot,
        commands,
        heartbeat,
        tick,
        kafka,
        false);
  }

  public ServerSettings {
    if (maxArtifactBytes < 1) {
      throw new dev.vernier.core.InvalidInputException(
          "--max-artifact-bytes", "must be at least 1", maxArtifactBytes);
    }
    dataRoots = List.copyOf(dataRoots);
    commands = Map.copyOf(commands);
    kafka = Map.copyOf(kafka);
  }

  /** The same settings with Kafka client settings. */
  public ServerSettings withKafka(Map<String, Object> k) {
    return new ServerSettings(
        host,
        port,
        dataDir,
        dataRoots,
        slots,
        backend,
        threadsPerSlot,
        commands,
        heartbeat,
        tick,
        k,
        fullSync,
        maxArtifactBytes);
  }

  /** The same settings with another limit for uploaded model files. */
  public ServerSettings withMaxArtifactBytes(long bytes) {
    return new ServerSettings(
        host,
        port,
        dataDir,
        dataRoots,
        slots,
        backend,
        threadsPerSlot,
        commands,
        heartbeat,
        tick,
        kafka,
        fullSync,
        bytes);
  }
}
