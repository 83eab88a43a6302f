package dev.vernier.monitor.ingest;

import dev.vernier.monitor.event.Rejection;
import dev.vernier.monitor.spec.MonitorSpec;
import dev.vernier.monitor.storage.DeadLetter;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.MonitorStore;
import dev.vernier.monitor.storage.SourcePartition;
import dev.vernier.monitor.storage.StaleBatchException;
import dev.vernier.monitor.window.Watermark;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
 * consumer group afterwards (at most once a second), for lag tools only. Malformed records are
 * recorded in the dead-letter outbox in the same transaction and published from there exactly once
 * ({@link DeadLetters}), by the replica whose consumer holds the record's source partition.
 *
 * <p>No record stops the consumer: a batch that cannot be stored is stored record by record, and a
 * record that cannot be stored on its own is dead-lettered ({@code store_failed}). A failure that
 * is not a record's (the database unreachable, a window that cannot be closed for a reason other
 * than its data) makes the monitor DEGRADED, with the reason: the consumer rewinds to the stored
 * positions and tries again after a back-off (1 s doubling to 1 min), and the monitor is ACTIVE
 * again after the next batch stored. A broker that does not answer makes it DEGRADED too ({@link
 * BrokerWatch}), until it answers again.
 *
 * <p>The watermark: partitions of the events topic that are caught up and silent are marked idle in
 * the store ({@link PartitionIdleness}), so they stop holding it back, and a batch stores each
 * partition's highest event time never below the watermark it was stored under ({@link
 * Watermark#markAfter}).
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
  private final ConsumerLags lags = new ConsumerLags();
  private volatile KafkaConsumer<byte[], ParsedRecord> consumer;
  // when the events partitions held last returned records, and which are idle (consumer's thread)
  private final PartitionIdleness idleness;
  // offsets of the batches the stage has stored, for the consumer to commit to the group
  private final Map<TopicPartition, OffsetAndMetadata> stored = new HashMap<>();
  private long lastGroupCommit = System.nanoTime();
  // the running pipeline's storing stage (null between tries), drained before a revocation
  private volatile SerialStage stage;
  // set after a failure, cleared (and reported) by the next batch stored
  private volatile boolean degraded;
  // where the next batch of each assigned partition is read from (the consumer's thread): the
  // stored position after a seek (-1 for the beginning), then each batch's next offset; the store
  // refuses a batch whose partitions' stored positions moved meanwhile (IngestBatch.Position)
  private final Map<TopicPartition, Long> readFrom = new HashMap<>();
  // set by the stage when the store refused a stale batch: the consumer seeks to the stored
  // positions before its next batch
  private final AtomicBoolean rewind = new AtomicBoolean();
  private final BrokerWatch broker =
      new BrokerWatch(
          new BrokerWatch.Listener() {
            @Override
            public void brokerDown(String reason) {
              LOG.warning("monitor " + monitorId + ": " + reason);
              degraded = true;
              sink.health(monitorId, reason);
            }

            @Override
            public void brokerBack() {
              LOG.info("monitor " + monitorId + ": the Kafka broker answers again");
              healthy();
            }
          },
          System::nanoTime);

  /**
   * An ingestor that measures partitions' silences on a monotonic clock.
   *
   * @param clientConfig Kafka client settings passed through ({@code bootstrap.servers}, security)
   */
  public KafkaIngestor(
      String monitorId,
      MonitorSpec.KafkaSource source,
      Map<String, Object> clientConfig,
      MonitorStore store,
      BatchSink sink,
      MonitorMetrics metrics) {
    this(
        monitorId, source, clientConfig, store, sink, metrics, () -> System.nanoTime() / 1_000_000);
  }

  /**
   * An ingestor that measures partitions' silences (how long before a caught-up partition is idle,
   * {@link PartitionIdleness#IDLE_TIMEOUT}) on {@code clock}: the service's, or a simulated one.
   */
  public KafkaIngestor(
      String monitorId,
      MonitorSpec.KafkaSource source,
      Map<String, Object> clientConfig,
      MonitorStore store,
      BatchSink sink,
      MonitorMetrics metrics,
      Clock clock) {
    this(monitorId, source, clientConfig, store, sink, metrics, clock::millis);
  }

  private KafkaIngestor(
      String monitorId,
      MonitorSpec.KafkaSource source,
      Map<String, Object> clientConfig,
      MonitorStore store,
      BatchSink sink,
      MonitorMetrics metrics,
      LongSupplier millis) {
    this.monitorId = monitorId;
    this.source = source;
    this.clientConfig = Map.copyOf(clientConfig);
    this.store = store;
    this.sink = sink;
    this.metrics = metrics;
    this.idleness =
        new PartitionIdleness(source.eventsTopic(), millis, PartitionIdleness.IDLE_TIMEOUT);
  }

  @Override
  public void run() {
    Map<String, Object> cc = new HashMap<>(clientConfig);
    cc.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(monitorId));
    cc.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    cc.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    cc.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    FETCH_DEFAULTS.forEach(cc::putIfAbsent);
    cc.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "vernier-monitor-" + monitorId);
    try (KafkaConsumer<byte[], ParsedRecord> c =
            new KafkaConsumer<>(
                cc,
                new ByteArrayDeserializer(),
                new RecordParser(sink.parser(monitorId), source.labelsTopic()));
        DeadLetters dlq =
            new DeadLetters(monitorId, source.deadLetterTopic(), store, clientConfig)) {
      consumer = c;
      if (!running.get()) {
        return;
      }
      List<String> topics = new ArrayList<>();
      topics.add(source.eventsTopic());
      if (source.labelsTopic() != null) {
        topics.add(source.labelsTopic());
      }
      c.subscribe(topics, new SeekToStored(c));
      int failures = 0;
      while (running.get()) {
        try {
          consume(c, dlq);
        } catch (WakeupException e) {
          if (running.get()) {
            throw e;
          }
        } catch (RuntimeException e) {
          if (!running.get()) {
            break;
          }
          failures++;
          long backoff = Math.min(MAX_BACKOFF.toMillis(), 1_000L << Math.min(failures - 1, 6));
          String reason =
              "ingestion failed "
                  + failures
                  + (failures == 1 ? " time" : " times in a row")
                  + ", retrying in "
                  + backoff / 1000
                  + " s: "
                  + e;
          LOG.log(Level.WARNING, "monitor " + monitorId + ": " + reason, e);
          degraded = true;
          sink.health(monitorId, reason);
          idleness.retry(); // idle marks handed to the failed stage may not be stored
          pause(backoff);
          // the batches not stored are read again: every assigned partition goes back to the
          // position stored with its windows
          seekToStored(c, c.assignment());
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

  /**
   * The consumer group of a monitor's consumers, chosen by the service and never by the spec (a
   * submitter must not commit offsets in another application's group). Every replica of the service
   * joins the same group for a monitor, so Kafka spreads its partitions over them. The positions
   * that count are in the monitor's database; the group's commits are for lag tools only, so
   * monitors created when a spec could name its group lose nothing by joining this one.
   */
  public static String groupId(String monitorId) {
    return "vernier-monitor-" + monitorId;
  }

  /** The most time between two tries after failures. */
  static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  /**
   * Polls and hands batches to the pipeline until the ingestor is closed; throws what a stage
   * failed with (the pipeline is closed first).
   */
  private void consume(KafkaConsumer<byte[], ParsedRecord> c, DeadLetters dlq) {
    boolean keep = sink.joinsLabels(monitorId);
    boolean capture = sink.captures(monitorId);
    try (SerialStage closer = new SerialStage("vernier-close-" + monitorId);
        SerialStage stage = new SerialStage("vernier-ingest-" + monitorId)) {
      this.stage = stage;
      // one closing pass at a time, started after the previous one ended: it sees every batch
      // stored before it
      Runnable closeReady =
          () -> {
            closer.drain();
            closer.submit(
                () -> {
                  sink.closeReady(monitorId);
                  healthy();
                });
          };
      try {
        while (running.get()) {
          ConsumerRecords<byte[], ParsedRecord> records = c.poll(Duration.ofMillis(200));
          stage.rethrow();
          if (rewind.get()) {
            // a batch was stale: what was polled since is read again from the stored positions
            stage.drain();
            stage.rethrow();
            rewind.set(false);
            idleness.retry(); // idle marks were skipped after the stale batch
            seekToStored(c, c.assignment());
            continue;
          }
          if (!records.isEmpty()) {
            idleness.polled(records);
            Gathered batch = Gathered.of(records, readFrom);
            Set<SourcePartition> owned = owned(c);
            List<Integer> idle = idleness.becameIdle(c, broker.down());
            stage.submit(
                () -> {
                  store(keep, capture, batch);
                  markIdle(idle);
                  dlq.publishPending(owned);
                  closeReady.run();
                });
            lag(c, records);
          } else if (stage.idle()) {
            Set<SourcePartition> owned = owned(c);
            List<Integer> idle = idleness.becameIdle(c, broker.down());
            stage.submit(
                () -> {
                  markIdle(idle);
                  dlq.publishPending(owned);
                  closeReady.run();
                });
          }
          broker.polled(c, !records.isEmpty());
          if (System.nanoTime() - lastGroupCommit >= GROUP_COMMIT_INTERVAL.toNanos()) {
            commitStored(c);
          }
        }
      } finally {
        this.stage = null;
      }
    }
  }

  /**
   * The source partitions the consumer holds now, for the stage's dead-letter publisher: read on
   * the consumer's thread (the consumer is not thread-safe) and handed over as an immutable
   * snapshot. The stage publishes only these partitions' outbox rows, so a row is published by the
   * replica whose consumer owns its source partition ({@link DeadLetters}).
   */
  private static Set<SourcePartition> owned(KafkaConsumer<?, ?> c) {
    Set<SourcePartition> owned = new HashSet<>();
    for (TopicPartition tp : c.assignment()) {
      owned.add(new SourcePartition(tp.topic(), tp.partition()));
    }
    return Set.copyOf(owned);
  }

  /** Waits {@code ms}, or less when the ingestor is closed meanwhile. */
  private void pause(long ms) {
    long end = System.nanoTime() + ms * 1_000_000;
    while (running.get() && System.nanoTime() - end < 0) {
      try {
        Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  static DeadLetter deadLetter(ConsumerRecord<byte[], ?> r, Rejection why, byte[] value) {
    return new DeadLetter(
        r.topic(), r.partition(), r.offset(), why.reason().label(), why.detail(), r.key(), value);
  }

  /** A record's parsed value; a record without one (a tombstone) is rejected. */
  static ParsedRecord parsed(ConsumerRecord<byte[], ParsedRecord> r) {
    return r.value() == null ? NO_VALUE : r.value();
  }

  /**
   * Stores one gathered batch, its dead letters in the outbox: on the stage's thread. When the
   * batch cannot be stored, its records are stored one at a time, and a record that cannot be
   * stored on its own is dead-lettered ({@code store_failed}) while the others count; only when
   * that fails too (the database, not a record, is the problem) does it throw.
   */
  private void store(boolean keep, boolean capture, Gathered batch) {
    // read just before storing: the watermark only moves on meanwhile, so the marks stay below it
    Gathered g =
        batch.events().isEmpty()
            ? batch
            : batch.markedAfter(
                Watermark.of(store.partitionMarks(monitorId, source.eventsTopic())));
    IngestBatch.Result result;
    Map<String, Long> rejected;
    try {
      result = sink.accept(monitorId, g.batch(keep, capture));
      rejected = g.rejected();
    } catch (StaleBatchException e) {
      stale(e);
      return;
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "monitor " + monitorId + ": a batch failed to store; storing its records one by one",
          e);
      rejected = new TreeMap<>();
      try {
        result =
            new RecordByRecord(monitorId, sink)
                .store(keep, capture, g.positions(), g.records(), rejected);
      } catch (StaleBatchException stale) {
        stale(stale);
        return;
      }
    }
    synchronized (stored) {
      stored.putAll(g.commits());
    }
    healthy();
    metrics.eventsConsumed(monitorId, result.accepted());
    if (result.late() > 0) {
      metrics.lateEvents(monitorId, result.late());
    }
    rejected.forEach((reason, n) -> metrics.deadLettered(monitorId, reason, n));
  }

  /**
   * The store refused a batch read from positions another consumer has moved since (a rebalance):
   * nothing of it was stored; the consumer seeks to the stored positions before its next batch.
   */
  private void stale(StaleBatchException e) {
    LOG.info(
        "monitor " + monitorId + ": " + e.getMessage() + "; reading from the stored positions");
    metrics.staleBatch(monitorId);
    rewind.set(true);
  }

  /** After work succeeded: a DEGRADED monitor is ACTIVE again, unless its broker is down. */
  private void healthy() {
    if (degraded && !broker.down()) {
      degraded = false;
      sink.health(monitorId, null);
    }
  }

  private void lag(
      KafkaConsumer<byte[], ParsedRecord> c, ConsumerRecords<byte[], ParsedRecord> records) {
    for (TopicPartition tp : records.partitions()) {
      OptionalLong lag = c.currentLag(tp);
      if (lag.isPresent()) {
        lags.set(tp, lag.getAsLong());
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
   * Marks events partitions idle in the store (on the stage's thread, after the batches polled
   * before them): they stop holding the watermark back until a batch brings them events. Not after
   * a stale batch (another consumer may hold them now).
   */
  private void markIdle(List<Integer> partitions) {
    if (rewind.get()) {
      return; // a batch was stale: the partitions may have moved; the consumer hands them over
      // again
    }
    for (int p : partitions) {
      store.markIdle(monitorId, source.eventsTopic(), p);
    }
  }

  /** Seeks partitions to the positions stored with the windows (to the beginning when none). */
  private void seekToStored(
      KafkaConsumer<byte[], ParsedRecord> c, Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> positions = new HashMap<>();
    for (IngestBatch.Position p : store.positions(monitorId)) {
      positions.put(new TopicPartition(p.topic(), p.partition()), p.nextOffset());
    }
    List<TopicPartition> fresh = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      Long offset = positions.get(tp);
      if (offset != null && offset >= 0) {
        c.seek(tp, offset);
        readFrom.put(tp, offset);
      } else {
        fresh.add(tp);
        readFrom.put(tp, -1L);
      }
    }
    if (!fresh.isEmpty()) {
      c.seekToBeginning(fresh);
    }
  }

  /** Seeks assigned partitions to the positions stored with the windows. */
  private final class SeekToStored implements ConsumerRebalanceListener {
    private final KafkaConsumer<byte[], ParsedRecord> c;

    SeekToStored(KafkaConsumer<byte[], ParsedRecord> c) {
      this.c = c;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      List<Integer> events = new ArrayList<>();
      for (TopicPartition tp : partitions) {
        if (tp.topic().equals(source.eventsTopic())) {
          events.add(tp.partition());
        }
      }
      store.registerPartitions(monitorId, source.eventsTopic(), events);
      idleness.assigned(partitions, store.partitionMarks(monitorId, source.eventsTopic()));
      seekToStored(c, partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // the batches already polled are stored before the partitions move: the next assignment
      // then seeks past them; their group offsets go now, while the partitions are still ours
      SerialStage s = stage;
      if (s != null) {
        s.drain();
      }
      commitStored(c);
      lags.revoked(partitions);
      idleness.revoked(partitions);
    }
  }

  /** The consumer's lag per partition it holds, as its last polls saw it. Safe from any thread. */
  public List<ConsumerLags.PartitionLag> lags() {
    return lags.now();
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
