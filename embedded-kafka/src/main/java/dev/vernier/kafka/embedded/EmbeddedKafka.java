package dev.vernier.kafka.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNode;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A single-node KRaft Kafka broker in this JVM, on 127.0.0.1 (Kafka's own cluster test kit): for
 * {@code vernier demo --embedded-kafka}, {@code vernier serve --embedded-kafka} and the tests. Not
 * for production: one controller and one broker node, replication factor 1, data under {@code dir}.
 *
 * <p>The folder is kept when the broker stops, and {@link #start} on it again brings back its
 * topics, records and committed consumer-group offsets: a folder without Kafka data is formatted (a
 * new cluster), a folder this class formatted is started as it is (the same cluster id and node
 * ids), and any other Kafka data is refused with a {@link ForeignKafkaFolderException}, never
 * formatted over.
 */
public final class EmbeddedKafka implements AutoCloseable {
  /**
   * Written beside the nodes' folders once they are formatted: the cluster id this class started
   * there. Its absence in a folder that holds formatted nodes is accepted (folders formatted before
   * it existed).
   */
  static final String RECORD = "vernier-embedded-kafka.properties";

  private final KafkaClusterTestKit kit;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafka(KafkaClusterTestKit kit) {
    this.kit = kit;
  }

  /**
   * Starts a controller node and a broker node whose data live under {@code dir}, formatting them
   * first when {@code dir} holds no Kafka data yet, and returns once the broker is ready (after a
   * restart on existing data: once every partition has a leader again).
   *
   * @throws ForeignKafkaFolderException when {@code dir} holds Kafka data of another cluster or not
   *     of this class's layout; nothing in it has been changed
   * @throws IllegalStateException when the broker cannot start for another reason
   */
  public static EmbeddedKafka start(Path dir) {
    return start(dir, Map.of());
  }

  /**
   * As {@link #start(Path)}, with broker settings added to (or replacing) the defaults, e.g. {@code
   * auto.create.topics.enable=false} for a test whose topic must not exist until it creates it.
   */
  public static EmbeddedKafka start(Path dir, Map<String, String> brokerSettings) {
    Path folder = dir.toAbsolutePath().normalize();
    Optional<String> existing = existingCluster(folder, nodes(folder, null));
    KafkaClusterTestKit kit = null;
    try {
      // on existing data: the same cluster id, and the kit's node ids and folders are fixed; the
      // kit draws new log directory ids in memory, which is harmless here: the broker registers
      // the ids its log manager reads from disk, and the static controller quorum ignores them
      TestKitNodes nodes = nodes(folder, existing.orElse(null));
      KafkaClusterTestKit.Builder builder =
          new KafkaClusterTestKit.Builder(nodes)
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              // one replica per partition: when the broker returns, it is the only possible
              // leader, and must become one even if the controller no longer counts it as
              // eligible (a restart it judged unclean), or the partition stays leaderless
              .setConfigProp("unclean.leader.election.enable", "true")
              .setDeleteOnClose(false);
      brokerSettings.forEach(builder::setConfigProp);
      kit = builder.build();
      if (existing.isEmpty()) {
        java.io.PrintStream stdout = System.out;
        try {
          // the formatter prints its bootstrap metadata on standard output
          System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
          kit.format();
        } finally {
          System.setOut(stdout);
        }
        record(folder, nodes.clusterId());
      } else if (!Files.exists(folder.resolve(RECORD))) {
        record(folder, existing.get());
      }
      kit.startup();
      kit.waitForReadyBrokers();
      EmbeddedKafka kafka = new EmbeddedKafka(kit);
      if (existing.isPresent()) {
        kafka.awaitLeaders(Duration.ofSeconds(120));
      }
      return kafka;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (kit != null) {
        try {
          kit.close(); // keeps the folder: setDeleteOnClose(false)
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw new IllegalStateException("cannot start the embedded Kafka broker: " + e, e);
    }
  }

  /** The test kit's layout under {@code folder}; a null cluster id draws a new one. */
  private static TestKitNodes nodes(Path folder, String clusterId) {
    TestKitNodes.Builder b =
        new TestKitNodes.Builder()
            .setCombined(false)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .setBaseDirectory(folder);
    if (clusterId != null) {
      b.setClusterId(clusterId);
    }
    return b.build();
  }

  /**
   * The cluster id of the nodes already formatted in {@code folder}, or empty when it holds no
   * Kafka data (absent, empty, or only files that are not Kafka's).
   */
  static Optional<String> existingCluster(Path folder, TestKitNodes layout) {
    // each node folder of the layout, with the node id its meta.properties must name
    Map<Path, Integer> expected = new TreeMap<>();
    for (TestKitNode n : layout.controllerNodes().values()) {
      expected.put(Path.of(n.metadataDirectory()), n.id());
    }
    for (TestKitNode n : layout.brokerNodes().values()) {
      for (String d : n.logDataDirectories()) {
        expected.put(Path.of(d), n.id());
      }
    }
    Map<Path, Properties> found = new TreeMap<>();
    for (Path d : expected.keySet()) {
      Path meta = d.resolve("meta.properties");
      if (Files.exists(meta)) {
        found.put(d, load(folder, meta));
      }
    }
    Optional<String> recorded =
        Files.exists(folder.resolve(RECORD))
            ? Optional.ofNullable(load(folder, folder.resolve(RECORD)).getProperty("cluster.id"))
            : Optional.empty();
    if (found.isEmpty()) {
      Path meta = folder.resolve("meta.properties");
      if (Files.exists(meta)) {
        throw new ForeignKafkaFolderException(
            folder,
            "it is a Kafka log directory (cluster id "
                + load(folder, meta).getProperty("cluster.id")
                + "), not the folder of an embedded broker");
      }
      if (recorded.isPresent()) {
        throw new ForeignKafkaFolderException(
            folder,
            "it recorded cluster "
                + recorded.get()
                + " but none of its nodes' folders ("
                + names(folder, expected.keySet())
                + ") holds a formatted node any more");
      }
      return Optional.empty();
    }
    if (found.size() < expected.size()) {
      List<Path> missing = new ArrayList<>(expected.keySet());
      missing.removeAll(found.keySet());
      throw new ForeignKafkaFolderException(
          folder,
          "it holds a partly formatted broker: "
              + names(folder, found.keySet())
              + " formatted, "
              + names(folder, missing)
              + " not");
    }
    Map<String, List<Path>> byCluster = new TreeMap<>();
    for (Map.Entry<Path, Properties> e : found.entrySet()) {
      String node = e.getValue().getProperty("node.id");
      int want = expected.get(e.getKey());
      if (!String.valueOf(want).equals(node)) {
        throw new ForeignKafkaFolderException(
            folder,
            folder.relativize(e.getKey())
                + " holds node "
                + node
                + " of cluster "
                + e.getValue().getProperty("cluster.id")
                + ", where the embedded broker keeps node "
                + want);
      }
      byCluster
          .computeIfAbsent(
              String.valueOf(e.getValue().getProperty("cluster.id")), k -> new ArrayList<>())
          .add(e.getKey());
    }
    if (byCluster.size() > 1) {
      StringBuilder which = new StringBuilder();
      byCluster.forEach(
          (id, dirs) ->
              which
                  .append(which.length() == 0 ? "" : ", ")
                  .append(id)
                  .append(" in ")
                  .append(names(folder, dirs)));
      throw new ForeignKafkaFolderException(
          folder, "its nodes belong to different clusters (" + which + ")");
    }
    String clusterId = byCluster.keySet().iterator().next();
    if (recorded.isPresent() && !recorded.get().equals(clusterId)) {
      throw new ForeignKafkaFolderException(
          folder,
          "its nodes belong to cluster "
              + clusterId
              + ", but the embedded broker formatted cluster "
              + recorded.get()
              + " there");
    }
    return Optional.of(clusterId);
  }

  private static String names(Path folder, java.util.Collection<Path> dirs) {
    return dirs.stream()
        .map(d -> folder.relativize(d).toString())
        .sorted()
        .collect(java.util.stream.Collectors.joining(" and "));
  }

  private static Properties load(Path folder, Path file) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new ForeignKafkaFolderException(folder, "cannot read " + file + ": " + e);
    }
    return p;
  }

  private static void record(Path folder, String clusterId) throws IOException {
    Properties p = new Properties();
    p.setProperty("cluster.id", clusterId);
    Path tmp = folder.resolve(RECORD + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      p.store(out, "the cluster Vernier's embedded Kafka broker formatted in this folder");
    }
    Files.move(
        tmp,
        folder.resolve(RECORD),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  public String bootstrapServers() {
    return kit.bootstrapServers();
  }

  /** Client settings that reach this broker. */
  public Map<String, Object> clientConfig() {
    return Map.of("bootstrap.servers", bootstrapServers());
  }

  /** Creates topics (an existing one is left as it is). */
  public void createTopic(String name, int partitions) {
    try (Admin admin = Admin.create(clientConfig())) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e);
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topic " + name + ": " + e, e);
    }
  }

  /**
   * Stops and starts the broker again on the same port, keeping its data (for fault tests), and
   * returns once every partition, internal ones included, has a leader again: a running broker
   * alone does not mean producers can write.
   */
  public void restartBroker() {
    stopBroker();
    startBroker();
  }

  /**
   * Stops the broker (the controller keeps running), keeping its data and its port: clients lose it
   * until {@link #startBroker}. For fault tests.
   */
  public void stopBroker() {
    var broker = kit.brokers().values().iterator().next();
    broker.shutdown();
    broker.awaitShutdown();
  }

  /**
   * Starts the broker that {@link #stopBroker} stopped, on the same port and data, and returns once
   * every partition, internal ones included, has a leader again.
   */
  public void startBroker() {
    int id = kit.brokers().keySet().iterator().next();
    // the kit skips the shutdown of a broker already stopped and starts a new one on its port
    kit.restartBroker(id, Map.of());
    try {
      kit.waitForReadyBrokers();
      awaitLeaders(Duration.ofSeconds(120));
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("the restarted broker did not become ready: " + e, e);
    }
  }

  private void awaitLeaders(Duration timeout) throws Exception {
    long until = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(clientConfig())) {
      while (true) {
        Set<String> names =
            admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
        List<String> leaderless = new ArrayList<>();
        for (TopicDescription t : admin.describeTopics(names).allTopicNames().get().values()) {
          for (TopicPartitionInfo p : t.partitions()) {
            if (p.leader() == null || p.leader().isEmpty()) {
              leaderless.add(t.name() + "-" + p.partition());
            }
          }
        }
        if (leaderless.isEmpty()) {
          return;
        }
        if (System.nanoTime() > until) {
          throw new IllegalStateException(
              "partitions without a leader after " + timeout.toSeconds() + " s: " + leaderless);
        }
        Thread.sleep(100);
      }
    }
  }

  /** Stops the broker and the controller, keeping their data; a second call does nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      kit.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the embedded Kafka broker: " + e, e);
    }
  }
}
