package dev.vernier.monitor.ingest.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A single-node KRaft Kafka broker in this JVM, on 127.0.0.1 (Kafka's own cluster test kit): for
 * {@code vernier demo --embedded-kafka}, {@code vernier serve --embedded-kafka} and the tests. Not
 * for production: one node, replication factor 1, data under {@code dir}.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final KafkaClusterTestKit kit;

  private EmbeddedKafka(KafkaClusterTestKit kit) {
    this.kit = kit;
  }

  /** Formats and starts a combined broker+controller node whose logs live under {@code dir}. */
  public static EmbeddedKafka start(Path dir) {
    try {
      TestKitNodes nodes =
          new TestKitNodes.Builder()
              .setCombined(false)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1)
              .setBaseDirectory(dir)
              .build();
      KafkaClusterTestKit kit =
          new KafkaClusterTestKit.Builder(nodes)
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              // one replica per partition: when the broker returns, it is the only possible
              // leader, and must become one even if the controller no longer counts it as
              // eligible (a restart it judged unclean), or the partition stays leaderless
              .setConfigProp("unclean.leader.election.enable", "true")
              .setDeleteOnClose(false)
              .build();
      java.io.PrintStream stdout = System.out;
      try {
        // the formatter prints its bootstrap metadata on standard output
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        kit.format();
      } finally {
        System.setOut(stdout);
      }
      kit.startup();
      kit.waitForReadyBrokers();
      return new EmbeddedKafka(kit);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("cannot start the embedded Kafka broker: " + e, e);
    }
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
    int id = kit.brokers().keySet().iterator().next();
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

  @Override
  public void close() {
    try {
      kit.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the embedded Kafka broker: " + e, e);
    }
  }
}
