package dev.vernier.monitor.ingest;

import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.event.LabelEvent;
import dev.vernier.monitor.storage.DeadLetter;
import dev.vernier.monitor.storage.IngestBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A polled batch of a {@link KafkaIngestor} sorted out: what its storing stage stores, and the
 * records it dead-letters.
 *
 * @param positions per partition of the batch, the next offset, the highest event time and the
 *     position it was read from
 * @param commits the offsets to commit to the consumer group once the batch is stored
 */
record Gathered(
    List<InferenceEvent> events,
    List<LabelEvent> labels,
    Map<String, Long> rejected,
    List<DeadLetter> deadLetters,
    List<IngestBatch.Position> positions,
    Map<TopicPartition, OffsetAndMetadata> commits,
    ConsumerRecords<byte[], ParsedRecord> records) {
  IngestBatch batch(boolean keep, boolean capture) {
    return new IngestBatch(positions, events, labels, rejected, keep, capture)
        .withDeadLetters(deadLetters);
  }

  /** This batch, each partition's highest event time never below {@code watermark}. */
  Gathered markedAfter(long watermark) {
    return new Gathered(
        events,
        labels,
        rejected,
        deadLetters,
        PartitionIdleness.markedAfter(positions, watermark),
        commits,
        records);
  }

  /**
   * Sorts a polled batch into events, labels and rejections, on the consumer's thread, where its
   * records were just made and are still in cache (on the stage's thread each record costs cache
   * misses).
   *
   * @param readFrom where each partition's batch was read from (fences the positions); moved to
   *     where this batch ends
   */
  static Gathered of(
      ConsumerRecords<byte[], ParsedRecord> records, Map<TopicPartition, Long> readFrom) {
    List<InferenceEvent> events = new ArrayList<>(records.count());
    List<LabelEvent> labels = new ArrayList<>();
    Map<String, Long> rejected = new TreeMap<>();
    List<DeadLetter> deadLetters = new ArrayList<>();
    List<IngestBatch.Position> positions = new ArrayList<>();
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    for (TopicPartition tp : records.partitions()) {
      long maxTime = Long.MIN_VALUE;
      long next = -1;
      Long from = readFrom.get(tp);
      for (ConsumerRecord<byte[], ParsedRecord> r : records.records(tp)) {
        next = r.offset() + 1;
        ParsedRecord p = KafkaIngestor.parsed(r);
        if (p.inference() != null) {
          events.add(p.inference());
          maxTime = Math.max(maxTime, p.inference().eventTime());
        } else if (p.label() != null) {
          labels.add(p.label());
        } else {
          rejected.merge(p.rejection().reason().label(), 1L, Long::sum);
          deadLetters.add(KafkaIngestor.deadLetter(r, p.rejection(), p.raw()));
        }
      }
      positions.add(
          new IngestBatch.Position(
              tp.topic(),
              tp.partition(),
              next,
              maxTime,
              from == null ? IngestBatch.Position.UNFENCED : from));
      readFrom.put(tp, next);
      commits.put(tp, new OffsetAndMetadata(next));
    }
    return new Gathered(events, labels, rejected, deadLetters, positions, commits, records);
  }
}
