package dev.vernier.monitor.ingest;

import dev.vernier.monitor.storage.DeadLetter;
import dev.vernier.monitor.storage.MonitorStore;
import dev.vernier.monitor.storage.SourcePartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes a monitor's dead-letter outbox to its dead-letter topic, exactly once per source
 * record.
 *
 * <p>The outbox rows are written with the batch's offsets (one transaction), so each malformed
 * record is recorded once, whatever crashes. Publishing then goes: note on the rows never attempted
 * the dead-letter partition's end offset (a claim: of two publishers noting the same row at once,
 * one gets it and the other leaves it alone); send them (idempotent producer, one partition per
 * monitor, each with its source position and monitor in headers); delete them. A crash or an error
 * between sending and deleting leaves rows marked as attempted: before they are sent again, the
 * partition is read from the earliest mark to its end, and the rows found there (same monitor, same
 * source position) are deleted instead of being sent twice.
 *
 * <p><b>Replicas</b>: every replica runs a consumer of the monitor, and each publishes only the
 * rows whose source partition its consumer holds ({@link #publishPending(Set)} is given the
 * consumer's assignment as it was when the work was handed to the stage). Kafka gives a partition
 * to one member of the group at a time, and before a member lets partitions go the consumer drains
 * its stage, where this publisher runs: by the time another replica is given the partition, the old
 * owner has published and deleted its rows, or left them marked (a failure, a crash), and the new
 * owner reconciles those marks as above. What is left: a zombie, a member whose partitions the
 * group has given away before it knew (its session expired while it could not reach the broker, or
 * its poll loop stalled past {@code max.poll.interval.ms}), still publishes by its old assignment
 * until its next poll tells it. Both may read a row unmarked, but only one claims its first
 * attempt; the other leaves it for that call and, if it is still in the outbox at its next call,
 * reconciles it: a row whose claimant's send is still in flight then (not yet in the dead-letter
 * partition) is sent by both. The window is as long as that member goes on not knowing, and it
 * needs a malformed record of that partition in it; the stored positions fence the zombie's batches
 * meanwhile, so no record is counted or recorded twice, only its dead letter sent twice. Rows whose
 * source partition no member holds (the topic lost partitions, the labels topic was dropped) wait
 * in the outbox.
 *
 * <p>When the topic cannot be written (broker down, topic missing, not authorised), the rows wait
 * in the outbox and publishing is tried again with a back-off (1 s doubling to 1 min); ingestion of
 * good records goes on meanwhile. The clients are made on the first dead letter. Used on the
 * ingestion stage's thread only.
 */
final class DeadLetters implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DeadLetters.class.getName());
  static final String HEADER_MONITOR = "vernier.monitor";
  private static final int BATCH = 2_000;
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private final String monitorId;
  private final String topic;
  private final MonitorStore store;
  private final Map<String, Object> config;
  private KafkaProducer<byte[], byte[]> producer;
  private KafkaConsumer<byte[], byte[]> reader;
  private TopicPartition partition;
  private long retryAt;
  private long backoffMs;
  private long published;

  /**
   * @param config Kafka client settings ({@code bootstrap.servers}, security)
   */
  DeadLetters(String monitorId, String topic, MonitorStore store, Map<String, Object> config) {
    this.monitorId = monitorId;
    this.topic = topic;
    this.store = store;
    this.config = Map.copyOf(config);
  }

  /** How many dead letters this publisher has published (not counting ones found on reconcile). */
  long published() {
    return published;
  }

  /**
   * Publishes what waits in the outbox from the source partitions {@code owned}, unless a back-off
   * after a failure is still running. Never throws: a failure is logged and retried later.
   *
   * @param owned the source partitions the monitor's consumer held when this work was handed to the
   *     stage (a snapshot taken on the consumer's thread; before any of them is revoked the stage
   *     is drained, so none has moved to another replica while this runs, zombies aside)
   */
  void publishPending(Set<SourcePartition> owned) {
    if (owned.isEmpty() || System.nanoTime() - retryAt < 0) {
      return;
    }
    try {
      // rows whose first attempt another publisher claimed are left to it: reading them again in
      // this call would reconcile them while its send may still be in flight
      List<DeadLetter> rows;
      do {
        rows = store.pendingDeadLetters(monitorId, owned, BATCH);
      } while (!rows.isEmpty() && publish(rows) && rows.size() == BATCH);
      backoffMs = 0;
    } catch (RuntimeException e) {
      backoffMs = backoffMs == 0 ? 1_000 : Math.min(MAX_BACKOFF.toMillis(), backoffMs * 2);
      retryAt = System.nanoTime() + backoffMs * 1_000_000;
      LOG.warning(
          "monitor "
              + monitorId
              + ": cannot publish dead letters to "
              + topic
              + " ("
              + e
              + "); they wait in the outbox, next try in "
              + backoffMs / 1000
              + " s");
    }
  }

  /**
   * Publishes {@code rows}: reconciles the attempted ones, claims the fresh ones (their first
   * attempt's mark), sends what is left and deletes what was sent. Returns false when another
   * publisher claimed some of the fresh rows first (they are its to send).
   */
  private boolean publish(List<DeadLetter> rows) {
    open();
    List<DeadLetter> todo = reconcile(rows);
    if (todo.isEmpty()) {
      return true;
    }
    List<Long> fresh = new ArrayList<>();
    for (DeadLetter d : todo) {
      if (d.attemptOffset() == null) {
        fresh.add(d.id());
      }
    }
    boolean allMine = true;
    if (!fresh.isEmpty()) {
      long end = reader.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
      Set<Long> claimed = new HashSet<>(store.deadLettersAttempted(monitorId, fresh, end));
      if (claimed.size() < fresh.size()) {
        allMine = false;
        LOG.info(
            "monitor "
                + monitorId
                + ": "
                + (fresh.size() - claimed.size())
                + " dead letters were claimed by another publisher first; leaving them to it");
        List<DeadLetter> mine = new ArrayList<>(todo.size());
        for (DeadLetter d : todo) {
          if (d.attemptOffset() != null || claimed.contains(d.id())) {
            mine.add(d);
          }
        }
        todo = mine;
        if (todo.isEmpty()) {
          return false;
        }
      }
    }
    List<Future<?>> sent = new ArrayList<>(todo.size());
    for (DeadLetter d : todo) {
      ProducerRecord<byte[], byte[]> out =
          new ProducerRecord<>(topic, partition.partition(), d.key(), d.value());
      out.headers()
          .add(KafkaIngestor.HEADER_REASON, utf8(d.reason()))
          .add(KafkaIngestor.HEADER_DETAIL, utf8(d.detail()))
          .add(KafkaIngestor.HEADER_SOURCE, utf8(d.source()))
          .add(HEADER_MONITOR, utf8(monitorId));
      sent.add(producer.send(out));
    }
    producer.flush();
    List<Long> done = new ArrayList<>(todo.size());
    RuntimeException failure = null;
    for (int i = 0; i < sent.size(); i++) {
      try {
        sent.get(i).get();
        done.add(todo.get(i).id());
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        failure = new IllegalStateException("sending a dead letter failed: " + e.getMessage(), e);
      }
    }
    if (!done.isEmpty()) {
      store.deadLettersPublished(monitorId, done);
      published += done.size();
    }
    if (failure != null) {
      throw failure;
    }
    return allMine;
  }

  /**
   * The rows still to send: rows attempted before are looked for in the partition, from the
   * earliest attempt mark to its end; those found are deleted from the outbox.
   */
  private List<DeadLetter> reconcile(List<DeadLetter> rows) {
    long from = Long.MAX_VALUE;
    for (DeadLetter d : rows) {
      if (d.attemptOffset() != null) {
        from = Math.min(from, d.attemptOffset());
      }
    }
    if (from == Long.MAX_VALUE) {
      return rows;
    }
    Set<String> found = new HashSet<>();
    long end = reader.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
    reader.seek(partition, from);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (reader.position(partition) < end) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            "reading " + partition + " from " + from + " to " + end + " took over 60 s");
      }
      for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(500))) {
        if (monitorId.equals(header(r, HEADER_MONITOR))) {
          found.add(header(r, KafkaIngestor.HEADER_SOURCE));
        }
      }
    }
    List<Long> already = new ArrayList<>();
    List<DeadLetter> todo = new ArrayList<>();
    for (DeadLetter d : rows) {
      if (d.attemptOffset() != null && found.contains(d.source())) {
        already.add(d.id());
      } else {
        todo.add(d);
      }
    }
    if (!already.isEmpty()) {
      LOG.info(
          "monitor "
              + monitorId
              + ": "
              + already.size()
              + " dead letters were published before a failure; not sending them again");
      store.deadLettersPublished(monitorId, already);
    }
    return todo;
  }

  private void open() {
    if (producer == null) {
      Map<String, Object> pc = new HashMap<>(config);
      pc.put(ProducerConfig.ACKS_CONFIG, "all");
      pc.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      pc.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
      pc.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
      pc.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
      pc.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "vernier-dead-letter-" + monitorId);
      producer = new KafkaProducer<>(pc, new ByteArraySerializer(), new ByteArraySerializer());
    }
    if (reader == null) {
      Map<String, Object> cc = new HashMap<>(config);
      cc.remove(ConsumerConfig.GROUP_ID_CONFIG);
      cc.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      cc.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
      cc.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "vernier-dead-letter-reader-" + monitorId);
      reader = new KafkaConsumer<>(cc, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
    if (partition == null) {
      List<PartitionInfo> parts = producer.partitionsFor(topic);
      if (parts == null || parts.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " has no partitions");
      }
      // one partition per monitor: its dead letters keep their order, and reconciling reads one
      partition = new TopicPartition(topic, Math.floorMod(monitorId.hashCode(), parts.size()));
      reader.assign(List.of(partition));
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    if (reader != null) {
      reader.close();
    }
  }
}
