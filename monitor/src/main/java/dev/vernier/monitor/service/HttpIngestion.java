package dev.vernier.monitor.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.json.Json;
import dev.vernier.monitor.evaluate.MonitorModel;
import dev.vernier.monitor.event.EventParser;
import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.event.LabelEvent;
import dev.vernier.monitor.event.Rejection;
import dev.vernier.monitor.ingest.MonitorMetrics;
import dev.vernier.monitor.storage.IngestBatch;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Events and labels posted over HTTP, for users without Kafka: parsed, stored, windows closed. */
public final class HttpIngestion {
  /** What an HTTP post of events or labels did. */
  public record Result(IngestBatch.Result result, List<ObjectNode> rejected) {}

  private final MonitorService service;
  private final MonitorMetrics metrics;
  private final Clock clock;

  HttpIngestion(MonitorService service, MonitorMetrics metrics, Clock clock) {
    this.service = service;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Ingests records posted over HTTP (each one JSON document), with the validation Kafka records
   * get: rejected records are answered (index, reason, detail) and counted, not stored. HTTP events
   * have no offsets: a client that retries a post it saw fail without a key sends events whose ids
   * the monitor has counted, answered as duplicates ({@link IngestBatch.Result#duplicates}) and
   * counted once; with an idempotency key ({@code requestKey}, null for none) a request whose key
   * this monitor has seen in the last day is not applied again, and the first one's result comes
   * back, marked replayed (with its rejected records), so a client may retry a post it saw fail and
   * get the answer it missed. A key is one post's of each kind (events, labels), and tied to its
   * body: reusing it with another body within the day is refused ({@link
   * IngestBatch.KeyReusedException}, nothing applied). Two posts with one key at once: one applies,
   * the other waits for it and answers its result ({@link IngestBatch.KeyInProgressException} if it
   * cannot read it).
   *
   * @throws InvalidInputException naming {@code Idempotency-Key} when it is not 1 to 200 printable
   *     ASCII characters
   */
  public Result ingest(String monitorId, List<byte[]> records, boolean labels, String requestKey) {
    if (requestKey != null
        && (requestKey.isEmpty()
            || requestKey.length() > 200
            || !requestKey.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
      throw new InvalidInputException(
          "Idempotency-Key", "must be 1 to 200 printable ASCII characters", requestKey);
    }
    MonitorModel m = service.model(monitorId);
    EventParser parser = service.parser(monitorId);
    List<InferenceEvent> events = new ArrayList<>();
    List<LabelEvent> joined = new ArrayList<>();
    Map<String, Long> reasons = new TreeMap<>();
    List<ObjectNode> rejected = new ArrayList<>();
    long maxTime = Long.MIN_VALUE;
    for (int i = 0; i < records.size(); i++) {
      Rejection why;
      if (labels) {
        var o = parser.label(records.get(i));
        why = o.rejection();
        if (o.event() != null) {
          joined.add(o.event());
        }
      } else {
        var o = parser.inference(records.get(i));
        why = o.rejection();
        if (o.event() != null) {
          events.add(o.event());
          maxTime = Math.max(maxTime, o.event().eventTime());
        }
      }
      if (why != null) {
        reasons.merge(why.reason().label(), 1L, Long::sum);
        rejected.add(
            Json.MAPPER
                .createObjectNode()
                .put("index", i)
                .put("reason", why.reason().label())
                .put("detail", why.detail()));
      }
    }
    List<IngestBatch.Position> positions =
        labels || events.isEmpty()
            ? List.of()
            : List.of(new IngestBatch.Position(MonitorService.HTTP_SOURCE, 0, 0, maxTime));
    IngestBatch.Result r =
        service.accept(
            monitorId,
            new IngestBatch(
                positions,
                events,
                joined,
                reasons,
                service.joinsLabels(monitorId),
                m.spec().capture(),
                requestKey == null
                    ? null
                    : new IngestBatch.Request(
                        requestKey,
                        clock.millis(),
                        labels ? "labels" : "events",
                        sha256(records),
                        Json.MAPPER.valueToTree(rejected).toString())));
    if (r.replayed()) {
      return new Result(r, r.replayedRejected() == null ? rejected : stored(r.replayedRejected()));
    }
    reasons.forEach((reason, n) -> metrics.deadLettered(monitorId, reason, n));
    metrics.eventsConsumed(monitorId, r.accepted());
    service.closeReady(monitorId);
    return new Result(r, rejected);
  }

  /** The body's fingerprint: its records, each with its length, in order. */
  static String sha256(List<byte[]> records) {
    try {
      java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
      for (byte[] r : records) {
        d.update(java.nio.ByteBuffer.allocate(4).putInt(r.length).array());
        d.update(r);
      }
      return java.util.HexFormat.of().formatHex(d.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static List<ObjectNode> stored(String rejectedJson) {
    List<ObjectNode> out = new ArrayList<>();
    try {
      for (var n : Json.MAPPER.readTree(rejectedJson)) {
        out.add((ObjectNode) n);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a stored ingestion answer is not JSON: " + e, e);
    }
    return out;
  }
}
