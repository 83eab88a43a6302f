package dev.vernier.monitor.ingest;

import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.window.PartitionMark;
import dev.vernier.monitor.window.Watermark;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Which partitions of a monitor's events topic, among those its consumer holds, are idle: the
 * consumer's bookkeeping for the {@link Watermark}, which an idle partition does not hold back.
 *
 * <p>The rule (Flink's source idleness): a partition is idle when the consumer is caught up on it
 * (its position is the end offset: Kafka's {@code currentLag} is 0) and it has returned no record
 * for {@link #IDLE_TIMEOUT}, whether or not it delivered events before. One that never delivered an
 * event (so the store's mark says, and nothing returned since it was assigned) is idle as soon as
 * it is caught up: it holds no event time back. Nothing is idle while the broker is known to be
 * down (a silent partition may then be one whose leader does not answer). Records end a partition's
 * idleness.
 *
 * <p>The state that counts is in the store, where every replica's watermark reads it: the caller
 * stores the idle flag ({@code IngestRepository#markIdle}) after the batches polled before, in the
 * order of its storing stage, and a batch bringing the partition events clears it in the batch's
 * transaction, with the offsets. What is kept here is only when each held partition last returned
 * records: Kafka gives a partition to one consumer of the group at a time, and a consumer it moves
 * to starts counting the silence from the assignment.
 *
 * <p>Time comes from an injected source of milliseconds and is only used to measure the silence.
 * Used on the consumer's thread only.
 */
final class PartitionIdleness {
  /**
   * How long a caught-up partition returns no record before it is idle. Long against the consumer's
   * polls (200 ms) and the broker check ({@link BrokerWatch}: 2 s quiet, 3 s to answer), so a
   * partition with sparse steady traffic is not idle between two records; short against the windows
   * it delays (a quiet partition holds their closing back this long, once).
   */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

  private final String topic;
  private final LongSupplier millis;
  private final long timeout;
  private final Map<Integer, Held> held = new HashMap<>();

  /** One held partition of the events topic. */
  private static final class Held {
    long lastRecords; // when it last returned records, or was assigned
    boolean delivered; // it delivered once (stored mark) or returned records since assigned
    boolean idle; // handed over to be marked idle, until it returns records again
  }

  /**
   * @param topic the events topic (the labels topic has no watermark)
   * @param millis the time in milliseconds, to measure silences
   */
  PartitionIdleness(String topic, LongSupplier millis, Duration timeout) {
    this.topic = topic;
    this.millis = millis;
    this.timeout = timeout.toMillis();
  }

  /**
   * Partitions assigned to the consumer; {@code marks} are the store's marks of the events topic's
   * partitions, read after the assignment was registered.
   */
  void assigned(Collection<TopicPartition> partitions, List<PartitionMark> marks) {
    Map<Integer, PartitionMark> byPartition = new HashMap<>();
    for (PartitionMark m : marks) {
      byPartition.put(m.partition(), m);
    }
    long now = millis.getAsLong();
    for (TopicPartition tp : partitions) {
      if (!tp.topic().equals(topic)) {
        continue;
      }
      PartitionMark m = byPartition.get(tp.partition());
      Held h = new Held();
      h.lastRecords = now;
      h.delivered = m != null && m.delivered();
      h.idle = m != null && m.idle();
      held.put(tp.partition(), h);
    }
  }

  /** Partitions the consumer no longer holds (revoked or lost). */
  void revoked(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      if (tp.topic().equals(topic)) {
        held.remove(tp.partition());
      }
    }
  }

  /**
   * After a poll: the partitions that returned records are not idle, from now (even while their
   * batch waits to be stored).
   */
  void polled(ConsumerRecords<?, ?> records) {
    long now = millis.getAsLong();
    for (TopicPartition tp : records.partitions()) {
      Held h = tp.topic().equals(topic) ? held.get(tp.partition()) : null;
      if (h != null) {
        h.lastRecords = now;
        h.delivered = true;
        h.idle = false;
      }
    }
  }

  /**
   * The held partitions that are idle from now on and not yet handed over, for the caller to mark
   * idle in the store after the batches it polled before; they count as handed over from now.
   *
   * @param brokerDown whether the broker is known not to answer: then none is
   */
  List<Integer> becameIdle(Consumer<?, ?> c, boolean brokerDown) {
    List<Integer> idle = new ArrayList<>();
    if (brokerDown) {
      return idle;
    }
    long now = millis.getAsLong();
    for (Map.Entry<Integer, Held> e : held.entrySet()) {
      Held h = e.getValue();
      if (h.idle || (h.delivered && now - h.lastRecords < timeout)) {
        continue;
      }
      OptionalLong lag = c.currentLag(new TopicPartition(topic, e.getKey()));
      if (lag.isPresent() && lag.getAsLong() == 0) {
        h.idle = true;
        idle.add(e.getKey());
      }
    }
    idle.sort(null);
    return idle;
  }

  /**
   * After a failure, when work handed over may not have been stored: partitions handed over as idle
   * are handed over again (marking one idle twice does no harm).
   */
  void retry() {
    for (Held h : held.values()) {
      h.idle = false;
    }
  }

  /**
   * A batch's positions as stored: a partition that delivered events gets a mark never below {@code
   * watermark} ({@link Watermark#markAfter}), so events behind the watermark do not move it back,
   * nor make a partition that was idle hold the watermark at their time. Positions without events
   * are unchanged.
   */
  static List<IngestBatch.Position> markedAfter(
      List<IngestBatch.Position> positions, long watermark) {
    List<IngestBatch.Position> out = new ArrayList<>(positions.size());
    for (IngestBatch.Position p : positions) {
      long mark =
          p.maxEventTime() == Long.MIN_VALUE
              ? p.maxEventTime()
              : Watermark.markAfter(p.maxEventTime(), watermark);
      out.add(
          mark == p.maxEventTime()
              ? p
              : new IngestBatch.Position(
                  p.topic(), p.partition(), p.nextOffset(), mark, p.fromOffset()));
    }
    return out;
  }
}
