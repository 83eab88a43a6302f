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
 * @param dataDir holds {@code artifacts/} unless {@code artifactsDir} names another folder, and
 *     {@code vernier.db} unless {@code database} names another database
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
 * @param artifactsDir where uploaded model files, models and retraining datasets live; replicas
 *     share one on a shared file system. Null means {@code dataDir/artifacts}
 * @param replicaId this service replica's id among the replicas on one database ({@link
 *     #REPLICA_ID}); null means {@link #defaultReplicaId()}
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
    DatabaseConfig database,
    Path artifactsDir,
    String replicaId) {
  /** What a replica id may be: 1-128 letters, digits, dots, underscores, colons or dashes. */
  public static final java.util.regex.Pattern REPLICA_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  public ServerSettings {
    dataRoots = List.copyOf(dataRoots);
    commands = Map.copyOf(commands);
    kafka = Map.copyOf(kafka);
    if (database == null) {
      database = DatabaseConfig.sqlite(dataDir.resolve("vernier.db"));
    }
    if (artifactsDir == null) {
      artifactsDir = dataDir.resolve("artifacts");
    }
    if (replicaId == null) {
      replicaId = defaultReplicaId();
    }
    if (!REPLICA_ID.matcher(replicaId).matches()) {
      throw new IllegalArgumentException(
          "a replica id must be 1-128 letters, digits, dots, underscores, colons or dashes, got "
              + replicaId);
    }
  }

  /**
   * Settings for tests and the demo: the {@code java} backend with one thread per slot, no
   * registered commands, a 2 s heartbeat, a 200 ms scheduler tick, no Kafka, SQLite's {@code
   * synchronous=NORMAL}, every Kafka topic allowed, the default request limits, and the state
   * database, artifacts folder and replica id defaulted; the {@code with...} methods change any of
   * these.
   */
  public static ServerSettings of(
      String host, int port, Path dataDir, List<Path> dataRoots, int slots) {
    return new ServerSettings(
        host,
        port,
        dataDir,
        dataRoots,
        slots,
        "java",
        1,
        Map.of(),
        Duration.ofSeconds(2),
        Duration.ofMillis(200),
        Map.of(),
        false,
        TopicAllowList.all(),
        RequestLimits.DEFAULT,
        null,
        null,
        null);
  }

  /**
   * {@code <hostname>-<pid>}, with any character a replica id may not hold replaced by {@code _}:
   * unique among processes on one database as long as host names are.
   */
  public static String defaultReplicaId() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "localhost";
    }
    String id = host.replaceAll("[^A-Za-z0-9._:-]", "_") + "-" + ProcessHandle.current().pid();
    return id.length() <= 128 ? id : id.substring(id.length() - 128);
  }

  /** The same settings with another training backend. */
  public ServerSettings withBackend(String b) {
    return withWorkers(b, threadsPerSlot, commands, heartbeat, tick);
  }

  /** The same settings with another number of threads per in-process worker slot. */
  public ServerSettings withThreadsPerSlot(int threads) {
    return withWorkers(backend, threads, commands, heartbeat, tick);
  }

  /** The same settings with other training programs jobs may name. */
  public ServerSettings withCommands(Map<String, RegisteredCommand> c) {
    return withWorkers(backend, threadsPerSlot, c, heartbeat, tick);
  }

  /** The same settings with another worker heartbeat period (a worker lease lasts three). */
  public ServerSettings withHeartbeat(Duration d) {
    return withWorkers(backend, threadsPerSlot, commands, d, tick);
  }

  /** The same settings with another scheduler tick, and so another {@link #schedulingLease()}. */
  public ServerSettings withTick(Duration d) {
    return withWorkers(backend, threadsPerSlot, commands, heartbeat, d);
  }

  /** The same settings with artifacts in another folder. */
  public ServerSettings withArtifactsDir(Path dir) {
    return with(kafka, fullSync, kafkaTopics, limits, database, dir, replicaId);
  }

  /** The same settings with another replica id. */
  public ServerSettings withReplicaId(String id) {
    return with(kafka, fullSync, kafkaTopics, limits, database, artifactsDir, id);
  }

  /** How long a job's scheduling lease lasts: three scheduler ticks. */
  public Duration schedulingLease() {
    return tick.multipliedBy(3);
  }

  /** The same settings on another state database. */
  public ServerSettings withDatabase(DatabaseConfig d) {
    return with(kafka, fullSync, kafkaTopics, limits, d, artifactsDir, replicaId);
  }

  /** The same settings with Kafka client settings. */
  public ServerSettings withKafka(Map<String, Object> k) {
    return with(k, fullSync, kafkaTopics, limits, database, artifactsDir, replicaId);
  }

  /** The same settings with SQLite's {@code synchronous=FULL} or NORMAL. */
  public ServerSettings withFullSync(boolean full) {
    return with(kafka, full, kafkaTopics, limits, database, artifactsDir, replicaId);
  }

  /** The same settings with other topics monitors may name. */
  public ServerSettings withKafkaTopics(TopicAllowList topics) {
    return with(kafka, fullSync, topics, limits, database, artifactsDir, replicaId);
  }

  /** The same settings with other request body limits. */
  public ServerSettings withLimits(RequestLimits l) {
    return with(kafka, fullSync, kafkaTopics, l, database, artifactsDir, replicaId);
  }

  /** The same settings with another limit for uploaded model files. */
  public ServerSettings withMaxArtifactBytes(long bytes) {
    return withLimits(limits.withArtifactBytes(bytes));
  }

  /** The most bytes a model file uploaded by a worker may have. */
  public long maxArtifactBytes() {
    return limits.artifactBytes();
  }

  /** These settings with the backend, threads per slot, commands, heartbeat and tick replaced. */
  private ServerSettings withWorkers(
      String b, int threads, Map<String, RegisteredCommand> c, Duration hb, Duration t) {
    return new ServerSettings(
        host,
        port,
        dataDir,
        dataRoots,
        slots,
        b,
        threads,
        c,
        hb,
        t,
        kafka,
        fullSync,
        kafkaTopics,
        limits,
        database,
        artifactsDir,
        replicaId);
  }

  /** These settings with the other fields a {@code with...} method may change replaced. */
  private ServerSettings with(
      Map<String, Object> k,
      boolean full,
      TopicAllowList topics,
      RequestLimits l,
      DatabaseConfig d,
      Path artifacts,
      String replica) {
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
        d,
        artifacts,
        replica);
  }

  /**
   * The folders whose absolute paths answers never show: the data roots, the state folder and the
   * artifacts folder's parent (models are shown as {@code artifacts/sha256/...}, relative to it,
   * which is how {@code ArtifactStore.reported} reads a path a worker reports back).
   */
  public List<Path> shownRoots() {
    List<Path> roots = new java.util.ArrayList<>(dataRoots);
    roots.add(dataDir);
    Path parent = artifactsDir.toAbsolutePath().normalize().getParent();
    // never the file system's root: hiding "/" would take every separator out of every answer
    if (parent != null && parent.getParent() != null && !roots.contains(parent)) {
      roots.add(parent);
    }
    return roots;
  }

  /** The service's own folders, never readable as data: the state folder and the artifacts. */
  public List<Path> stateDirs() {
    return List.of(dataDir, artifactsDir);
  }

  /**
   * Where the in-process worker may open channel files: the data roots and the retraining folder.
   */
  public List<Path> workerDataRoots() {
    List<Path> roots = new java.util.ArrayList<>(dataRoots);
    roots.add(retrainingDir());
    return roots;
  }

  /**
   * Where retraining datasets are written: in the artifacts folder (shared by replicas), never in a
   * data root (the users' datasets, often read-only and not ours to write).
   */
  public Path retrainingDir() {
    return artifactsDir.resolve("retraining");
  }
}
