package dev.vernier.monitor.ingest;

import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.event.LabelEvent;
import dev.vernier.monitor.event.Rejection;
import dev.vernier.monitor.storage.IngestBatch;
import dev.vernier.monitor.storage.StaleBatchException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * {@link KafkaIngestor}'s fallback when a polled batch cannot be stored: its records are stored one
 * at a time, each with its own position, so one record that cannot be stored is dead-lettered
 * ({@code store_failed}) while the others count. A failure of the store itself (every record
 * failing, a stale batch) still throws. On the ingestion stage's thread.
 */
final class RecordByRecord {
  private static final Logger LOG = Logger.getLogger(KafkaIngestor.class.getName());

  private final String monitorId;
  private final BatchSink sink;

  RecordByRecord(String monitorId, BatchSink sink) {
    this.monitorId = monitorId;
    this.sink = sink;
  }

  /**
   * Stores the batch's records one by one, counting rejections in {@code rejected}.
   *
   * @param positions the batch's positions (where each partition's records were read from)
   * @throws StaleBatchException a record was read from a position another consumer moved
   */
  IngestBatch.Result store(
      boolean keep,
      boolean capture,
      List<IngestBatch.Position> positions,
      ConsumerRecords<byte[], ParsedRecord> records,
      Map<String, Long> rejected) {
    int accepted = 0;
    int late = 0;
    int joined = 0;
    int unmatched = 0;
    int waiting = 0;
    int duplicates = 0;
    // each record is read from where the previous one of its partition ended
    Map<TopicPartition, Long> from = new HashMap<>();
    for (IngestBatch.Position p : positions) {
      from.put(new TopicPartition(p.topic(), p.partition()), p.fromOffset());
    }
    for (ConsumerRecord<byte[], ParsedRecord> r : records) {
      ParsedRecord p = KafkaIngestor.parsed(r);
      long time = p.inference() != null ? p.inference().eventTime() : Long.MIN_VALUE;
      TopicPartition tp = new TopicPartition(r.topic(), r.partition());
      List<IngestBatch.Position> at =
          List.of(
              new IngestBatch.Position(
                  r.topic(), r.partition(), r.offset() + 1, time, from.get(tp)));
      from.put(tp, r.offset() + 1);
      IngestBatch.Result one;
      if (p.rejection() != null) {
        one = acceptOne(at, List.of(), List.of(), p.rejection(), r, p.raw(), keep, capture);
        rejected.merge(p.rejection().reason().label(), 1L, Long::sum);
      } else {
        List<InferenceEvent> e = p.inference() != null ? List.of(p.inference()) : List.of();
        List<LabelEvent> l = p.label() != null ? List.of(p.label()) : List.of();
        try {
          one = acceptOne(at, e, l, null, r, null, keep, capture);
        } catch (StaleBatchException stale) {
          throw stale;
        } catch (RuntimeException failed) {
          Rejection why =
              new Rejection(
                  Rejection.Reason.STORE_FAILED,
                  "storing the record failed: " + failed.getMessage());
          LOG.warning(
              "monitor "
                  + monitorId
                  + ": record "
                  + r.topic()
                  + "-"
                  + r.partition()
                  + "@"
                  + r.offset()
                  + " cannot be stored ("
                  + failed
                  + "); dead-lettered");
          one =
              acceptOne(
                  at,
                  List.of(),
                  List.of(),
                  why,
                  r,
                  r.value() == null ? null : raw(r),
                  keep,
                  capture);
          rejected.merge(why.reason().label(), 1L, Long::sum);
        }
      }
      accepted += one.accepted();
      late += one.late();
      joined += one.labelsJoined();
      unmatched += one.labelsUnmatched();
      waiting += one.labelsWaiting();
      duplicates += one.duplicates();
    }
    return new IngestBatch.Result(
        accepted, late, joined, unmatched, false, null, waiting, duplicates);
  }

  private IngestBatch.Result acceptOne(
      List<IngestBatch.Position> at,
      List<InferenceEvent> events,
      List<LabelEvent> labels,
      Rejection why,
      ConsumerRecord<byte[], ParsedRecord> r,
      byte[] raw,
      boolean keep,
      boolean capture) {
    IngestBatch b =
        new IngestBatch(
            at,
            events,
            labels,
            why == null ? Map.of() : Map.of(why.reason().label(), 1L),
            keep,
            capture);
    if (why != null) {
      b = b.withDeadLetters(List.of(KafkaIngestor.deadLetter(r, why, raw)));
    }
    return sink.accept(monitorId, b);
  }

  /**
   * The value of a record that parsed but could not be stored, for its dead letter: its bytes are
   * not kept after parsing, so the parsed event is written as JSON (the source header points to the
   * original).
   */
  private static byte[] raw(ConsumerRecord<byte[], ParsedRecord> r) {
    Object event = r.value().inference() != null ? r.value().inference() : r.value().label();
    try {
      return dev.vernier.core.json.Json.MAPPER.writeValueAsBytes(event);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }
}
