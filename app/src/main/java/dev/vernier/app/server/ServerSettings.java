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
    Duration tick) {
  public ServerSettings {
    dataRoots = List.copyOf(dataRoots);
    commands = Map.copyOf(commands);
  }
}
