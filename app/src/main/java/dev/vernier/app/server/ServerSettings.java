package dev.vernier.app.server;

import dev.vernier.monitor.spec.TopicAllowList;
import dev.vernier.platform.db.DatabaseConfig;
import dev.vernier.worker.runtime.RegisteredCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How {@code vernier serve} runs.
 *
 * @param dataDir holds {@code artifacts/}, and {@code vernier.db} unless {@code database} names
 *     another database
 * @param dataRoots the only directories jobs may read data from
 * @param slots in-process worker slots (0 for none: remote workers only)
 * @param commands training programs jobs may name
 * @param fullSync SQLite's {@code synchronous=FULL} (every commit synced: survives a power loss)
 *     instead of NORMAL (survives a killed process)
 * @param kafka Kafka client settings passed through to monitors' consumers and producers ({@code
 *     bootstrap.servers}, security); empty when this server has no Kafka
 * @param kafkaTopics the topics monitors may read and write ({@code --kafka-topics}); {@code serve}
 *     allows every topic of its embedded broker and none of an external one unless given
 * @param limits the largest request bodies each kind of route takes
 * @param database the state database; null means the SQLite file {@code vernier.db} in {@code
 *     dataDir}
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
    TopicAllowList kafkaTopics,
    RequestLimits limits,
    DatabaseConfig database) {
  /**
   * Settings with SQLite's {@code synchronous=NORMAL}, every Kafka topic allowed (tests and the
   * demo, on the embedded broker) and the default request limits; the {@code with...} methods
   * change one of these.
   */
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
        false,
        TopicAllowList.all(),
        RequestLimits.DEFAULT,
        null);
  }

  public ServerSettings {
    dataRoots = List.copyOf(dataRoots);
    commands = Map.copyOf(commands);
    kafka = Map.copyOf(kafka);
    if (database == null) {
      database = DatabaseConfig.sqlite(dataDir.resolve("vernier.db"));
    }
  }

  /** The same settings on another state database. */
  public ServerSettings withDatabase(DatabaseConfig d) {
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
        kafkaTopics,
        limits,
        d);
  }

  /** The same settings with Kafka client settings. */
  public ServerSettings withKafka(Map<String, Object> k) {
    return with(k, fullSync, kafkaTopics, limits);
  }

  /** The same settings with SQLite's {@code synchronous=FULL} or NORMAL. */
  public ServerSettings withFullSync(boolean full) {
    return with(kafka, full, kafkaTopics, limits);
  }

  /** The same settings with other topics monitors may name. */
  public ServerSettings withKafkaTopics(TopicAllowList topics) {
    return with(kafka, fullSync, topics, limits);
  }

  /** The same settings with other request body limits. */
  public ServerSettings withLimits(RequestLimits l) {
    return with(kafka, fullSync, kafkaTopics, l);
  }

  /** The same settings with another limit for uploaded model files. */
  public ServerSettings withMaxArtifactBytes(long bytes) {
    return withLimits(limits.withArtifactBytes(bytes));
  }

  /** The most bytes a model file uploaded by a worker may have. */
  public long maxArtifactBytes() {
    return limits.artifactBytes();
  }

  private ServerSettings with(
      Map<String, Object> k, boolean full, TopicAllowList topics, RequestLimits l) {
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
        full,
        topics,
        l,
        database);
  }
}
