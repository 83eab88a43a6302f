package dev.vernier.monitor.ingest;

import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.event.LabelEvent;
import dev.vernier.monitor.event.Rejection;
import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.MonitorStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One monitor's Kafka consumer: reads the events topic (and the labels topic), parses records,
 * dead-letters the malformed ones, and hands each polled batch to a {@link BatchSink}, which
 * commits window rows and source offsets in one database transaction.
 *
 * <p>Exactly-once results: the database, not Kafka, holds the positions. On every assignment the
 * consumer seeks each partition to its stored offset (to the beginning when none is stored), so
 * records whose batch did not commit before a crash, a rebalance or a broker restart are read
 * again, and records whose batch did commit are never read again. Offsets are also committed to the
 * consumer group afterwards (at most once a second), for lag tools only. Dead-letter records are
 * flushed before the batch commits: they are delivered at least once (a crash in between repeats
 * them; each carries its source position in headers so readers can drop repeats), while the counts
 * are exact.
 *
 * <p>Three threads share the work: the consumer polls (fetching and decoding records, whose values
 * a {@link RecordParser} parses as they are decoded, while their bytes are in cache) while a {@link
 * SerialStage} stores the previous batch, and another evaluates the windows that batch completed.
 * Each runs at most one batch ahead of the next; before a rebalance revokes partitions the stage is
 * drained, so the new assignment seeks to offsets that include every batch polled before it. When
 * the consumer stops, the running batch finishes and a queued one is dropped (read again next
 * time).
 */
public final class KafkaIngestor implements Runnable, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KafkaIngestor.class.getName());
  public static final String HEADER_REASON = "vernier.reason";
  public static final String HEADER_DETAIL = "vernier.detail";
  public static final String HEADER_SOURCE = "vernier.source";

  /**
   * How often the stored offsets are also committed to the consumer group, for lag tools (the
   * database holds the positions that count); and always before partitions are revoked.
   */
  static final Duration GROUP_COMMIT_INTERVAL = Duration.ofSeconds(1);

  /** Consumer fetch settings applied unless the client settings name them. */
  public static final Map<String, Object> FETCH_DEFAULTS =
      Map.of(
          ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
          10_000,
          ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
          64 * 1024,
          ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
          100,
          ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
          8 * 1024 * 1024);

  /** What a record without a value (a tombstone) is. */
  private static final ParsedRecord NO_VALUE =
      ParsedRecord.rejected(
          new Rejection(Rejection.Reason.NOT_JSON, "the record has no value"), null);

  private final String monitorId;
  private final MonitorSpec.KafkaSource source;
  private final Map<String, Object> clientConfig;
  private final MonitorStore store;
  private final BatchSink sink;
  private final MonitorMetrics metrics;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private volatile KafkaConsumer<byte[], ParsedRecord> consumer;
  // events partitions that have returned records, and those marked idle (the consumer's thread)
  private final java.util.Set<Integer> delivered = new java.util.HashSet<>();
  private final java.util.Set<Integer> idle = new java.util.HashSet<>();
  // offsets of the batches the stage has stored, for the consumer to commit to the group
  private final Map<TopicPartition, OffsetAndMetadata> stored = new HashMap<>();
  private long lastGroupCommit = System.nanoTime();

  /**
   * @param clientConfig Kafka client settings passed through ({@code bootstrap.servers}, security)
   */
  public KafkaIngestor(
      String monitorId,
      MonitorSpec.KafkaSource source,
      Map<String, Object> clientConfig,
      MonitorStore store,
      BatchSink sink,
      MonitorMetrics metrics) {
    this.monitorId = monitorId;
    this.source = source;
    this.clientConfig = Map.copyOf(clientConfig);
    this.store = store;
    this.sink = sink;
    this.metrics = metrics;
  }

  @Override
  public void run() {
    Map<String, Object> cc = new HashMap<>(clientConfig);
    cc.put(ConsumerConfig.GROUP_ID_CONFIG, source.groupId());
    cc.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    cc.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    cc.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    FETCH_DEFAULTS.forEach(cc::putIfAbsent);
    cc.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "vernier-monitor-" + monitorId);
    Map<String, Object> pc = new HashMap<>(clientConfig);
    pc.put(ProducerConfig.ACKS_CONFIG, "all");
    pc.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    pc.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "vernier-dead-letter-" + monitorId);
    try (KafkaConsumer<byte[], ParsedRecord> c =
            new KafkaConsumer<>(
                cc,
                new ByteArrayDeserializer(),
                new RecordParser(sink.parser(monitorId), source.labelsTopic()));
        DeadLetters dlq = new DeadLetters(pc, source.deadLetterTopic())) {
      consumer = c;
      if (!running.get()) {
        return;
      }
      List<String> topics = new ArrayList<>();
      topics.add(source.eventsTopic());
      if (source.labelsTopic() != null) {
        topics.add(source.labelsTopic());
      }
      boolean keep = sink.joinsLabels(monitorId);
      boolean capture = sink.captures(monitorId);
      try (SerialStage closer = new SerialStage("vernier-close-" + monitorId);
          SerialStage stage = new SerialStage("vernier-ingest-" + monitorId)) {
        // one closing pass at a time, started after the previous one ended: it sees every batch
        // stored before it
        Runnable closeReady =
            () -> {
              closer.drain();
              closer.submit(() -> sink.closeReady(monitorId));
            };
        c.subscribe(topics, new SeekToStored(c, stage));
        while (running.get()) {
          ConsumerRecords<byte[], ParsedRecord> records = c.poll(Duration.ofMillis(200));
          stage.rethrow();
          if (!records.isEmpty()) {
            track(records);
            Gathered batch = gather(records);
            stage.submit(
                () -> {
                  store(dlq, keep, capture, batch);
                  closeReady.run();
                });
            lag(c, records);
          } else if (stage.idle()) {
            stage.submit(closeReady);
          }
          markIdle(c, records);
          if (System.nanoTime() - lastGroupCommit >= GROUP_COMMIT_INTERVAL.toNanos()) {
            commitStored(c);
          }
        }
      }
    } catch (WakeupException e) {
      if (running.get()) {
        throw e;
      }
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "monitor " + monitorId + ": consumer stopped", e);
      throw e;
    }
  }

  /** A polled batch sorted out: what the stage stores, and the records it dead-letters. */
  private record Gathered(
      List<InferenceEvent> events,
      List<LabelEvent> labels,
      Map<String, Long> rejected,
      List<ConsumerRecord<byte[], ParsedRecord>> deadLetters,
      List<IngestBatch.Position> positions,
      Map<TopicPartition, OffsetAndMetadata> commits) {}

  /**
   * Sorts a polled batch into events, labels and rejections, on the consumer's thread, where its
   * records were just made and are still in cache (on the stage's thread each record costs cache
   * misses).
   */
  private Gathered gather(ConsumerRecords<byte[], ParsedRecord> records) {
    List<InferenceEvent> events = new ArrayList<>(records.count());
    List<LabelEvent> labels = new ArrayList<>();
    Map<String, Long> rejected = new TreeMap<>();
    List<ConsumerRecord<byte[], ParsedRecord>> deadLetters = new ArrayList<>();
    List<IngestBatch.Position> positions = new ArrayList<>();
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    for (TopicPartition tp : records.partitions()) {
      long maxTime = Long.MIN_VALUE;
      long next = -1;
      for (ConsumerRecord<byte[], ParsedRecord> r : records.records(tp)) {
        next = r.offset() + 1;
        ParsedRecord p = parsed(r);
        if (p.inference() != null) {
          events.add(p.inference());
          maxTime = Math.max(maxTime, p.inference().eventTime());
        } else if (p.label() != null) {
          labels.add(p.label());
        } else {
          rejected.merge(p.rejection().reason().label(), 1L, Long::sum);
          deadLetters.add(r);
        }
      }
      positions.add(new IngestBatch.Position(tp.topic(), tp.partition(), next, maxTime));
      commits.put(tp, new OffsetAndMetadata(next));
    }
    return new Gathered(events, labels, rejected, deadLetters, positions, commits);
  }

  /** A record's parsed value; a record without one (a tombstone) is rejected. */
  private static ParsedRecord parsed(ConsumerRecord<byte[], ParsedRecord> r) {
    return r.value() == null ? NO_VALUE : r.value();
  }

  /** Dead-letters and stores one gathered batch: on the stage's thread. */
  private void store(DeadLetters dlq, boolean keep, boolean capture, Gathered g) {
    for (ConsumerRecord<byte[], ParsedRecord> r : g.deadLetters()) {
      ParsedRecord p = parsed(r);
      dlq.send(r, p.rejection(), p.raw());
    }
    if (!g.rejected().isEmpty()) {
      dlq.flush();
    }
    IngestBatch.Result result =
        sink.accept(
            monitorId,
            new IngestBatch(g.positions(), g.events(), g.labels(), g.rejected(), keep, capture));
    synchronized (stored) {
      stored.putAll(g.commits());
    }
    metrics.eventsConsumed(monitorId, result.accepted());
    if (result.late() > 0) {
      metrics.lateEvents(monitorId, result.late());
    }
    g.rejected().forEach((reason, n) -> metrics.deadLettered(monitorId, reason, n));
  }

  /**
   * Notes the events partitions that returned records: they are never marked idle, even while their
   * batch waits in the stage (an idle partition does not hold the watermark back).
   */
  private void track(ConsumerRecords<byte[], ParsedRecord> records) {
    for (TopicPartition tp : records.partitions()) {
      if (tp.topic().equals(source.eventsTopic())) {
        delivered.add(tp.partition());
        idle.remove(tp.partition());
      }
    }
  }

  private void lag(
      KafkaConsumer<byte[], ParsedRecord> c, ConsumerRecords<byte[], ParsedRecord> records) {
    for (TopicPartition tp : records.partitions()) {
      OptionalLong lag = c.currentLag(tp);
      if (lag.isPresent()) {
        metrics.consumerLag(monitorId, tp.topic(), tp.partition(), lag.getAsLong());
      }
    }
  }

  /** Commits to the group the offsets of the batches stored since the last call (for lag tools). */
  private void commitStored(KafkaConsumer<byte[], ParsedRecord> c) {
    lastGroupCommit = System.nanoTime();
    Map<TopicPartition, OffsetAndMetadata> commits;
    synchronized (stored) {
      if (stored.isEmpty()) {
        return;
      }
      commits = new HashMap<>(stored);
      stored.clear();
    }
    c.commitAsync(commits, null);
  }

  /**
   * Partitions of the events topic that have never returned a record and are caught up are idle:
   * they stop holding the watermark back until they deliver an event.
   */
  private void markIdle(
      KafkaConsumer<byte[], ParsedRecord> c, ConsumerRecords<byte[], ParsedRecord> records) {
    for (TopicPartition tp : c.assignment()) {
      if (!tp.topic().equals(source.eventsTopic())
          || delivered.contains(tp.partition())
          || idle.contains(tp.partition())
          || !records.records(tp).isEmpty()) {
        continue;
      }
      OptionalLong lag = c.currentLag(tp);
      if (lag.isPresent() && lag.getAsLong() == 0) {
        store.markIdle(monitorId, tp.topic(), tp.partition());
        idle.add(tp.partition());
      }
    }
  }

  /** Seeks assigned partitions to the positions stored with the windows. */
  private final class SeekToStored implements ConsumerRebalanceListener {
    private final KafkaConsumer<byte[], ParsedRecord> c;
    private final SerialStage stage;

    SeekToStored(KafkaConsumer<byte[], ParsedRecord> c, SerialStage stage) {
      this.c = c;
      this.stage = stage;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      Map<TopicPartition, Long> stored = new HashMap<>();
      for (IngestBatch.Position p : store.positions(monitorId)) {
        stored.put(new TopicPartition(p.topic(), p.partition()), p.nextOffset());
      }
      List<Integer> events = new ArrayList<>();
      for (TopicPartition tp : partitions) {
        if (tp.topic().equals(source.eventsTopic())) {
          events.add(tp.partition());
        }
      }
      store.registerPartitions(monitorId, source.eventsTopic(), events);
      List<TopicPartition> fresh = new ArrayList<>();
      for (TopicPartition tp : partitions) {
        Long offset = stored.get(tp);
        if (offset != null && offset >= 0) {
          c.seek(tp, offset);
        } else {
          fresh.add(tp);
        }
      }
      if (!fresh.isEmpty()) {
        c.seekToBeginning(fresh);
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // the batches already polled are stored before the partitions move: the next assignment
      // then seeks past them; their group offsets go now, while the partitions are still ours
      stage.drain();
      commitStored(c);
    }
  }

  /** Stops the loop; the consumer leaves its group. Safe from any thread. */
  @Override
  public void close() {
    running.set(false);
    KafkaConsumer<byte[], ParsedRecord> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }
}
