package dev.vernier.monitor.storage;

import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.event.LabelEvent;
import java.util.List;
import java.util.Map;

/**
 * What one consumed batch contributes, applied by {@link IngestRepository#ingest} in one
 * transaction: the events, the joined labels, the rejected records by reason, and the source
 * positions after the batch. Because positions and window contents commit together, a batch is
 * either wholly counted or read again after a crash.
 *
 * @param positions per source partition, the next offset to read and the highest event time seen
 * @param keepPredictions whether to keep each event's prediction for a later label join
 * @param capture whether to keep each event's features too, to capture them with their label
 * @param request the client's idempotency key for an HTTP batch, or null (Kafka batches have their
 *     offsets)
 * @param deadLetters malformed source records, recorded in the dead-letter outbox in the batch's
 *     transaction (so each is recorded once) and published to the dead-letter topic afterwards
 * @param receivedAt when the service received the batch (its clock, epoch milliseconds): a label of
 *     the batch that waits for its prediction waits from then, and labels waiting since more than
 *     the label horizon before it expire; 0 when the caller does not say (nothing it keeps waiting
 *     then expires before a batch with a time comes)
 */
public record IngestBatch(
    List<Position> positions,
    List<InferenceEvent> events,
    List<LabelEvent> labels,
    Map<String, Long> rejected,
    boolean keepPredictions,
    boolean capture,
    Request request,
    List<DeadLetter> deadLetters,
    long receivedAt) {
  public IngestBatch {
    positions = List.copyOf(positions);
    events = List.copyOf(events);
    labels = List.copyOf(labels);
    rejected = Map.copyOf(rejected);
    deadLetters = List.copyOf(deadLetters);
  }

  /** A batch received at an unknown time ({@code receivedAt} 0). */
  public IngestBatch(
      List<Position> positions,
      List<InferenceEvent> events,
      List<LabelEvent> labels,
      Map<String, Long> rejected,
      boolean keepPredictions,
      boolean capture,
      Request request,
      List<DeadLetter> deadLetters) {
    this(positions, events, labels, rejected, keepPredictions, capture, request, deadLetters, 0);
  }

  /** This batch, received at {@code millis} (the service's clock). */
  public IngestBatch receivedAt(long millis) {
    return new IngestBatch(
        positions,
        events,
        labels,
        rejected,
        keepPredictions,
        capture,
        request,
        deadLetters,
        millis);
  }

  /** A batch without dead letters to record. */
  public IngestBatch(
      List<Position> positions,
      List<InferenceEvent> events,
      List<LabelEvent> labels,
      Map<String, Long> rejected,
      boolean keepPredictions,
      boolean capture,
      Request request) {
    this(positions, events, labels, rejected, keepPredictions, capture, request, List.of());
  }

  /** This batch, also recording {@code letters} in the dead-letter outbox. */
  public IngestBatch withDeadLetters(List<DeadLetter> letters) {
    return new IngestBatch(
        positions,
        events,
        labels,
        rejected,
        keepPredictions,
        capture,
        request,
        letters,
        receivedAt);
  }

  /** A batch without an idempotency key. */
  public IngestBatch(
      List<Position> positions,
      List<InferenceEvent> events,
      List<LabelEvent> labels,
      Map<String, Long> rejected,
      boolean keepPredictions,
      boolean capture) {
    this(positions, events, labels, rejected, keepPredictions, capture, null);
  }

  /**
   * An HTTP request's idempotency key and when it arrived: a batch whose key the monitor has seen
   * for the same {@code kind} of post in the last {@link #KEPT} is not applied again; the first
   * one's result is returned, replayed, when the body is the same ({@code bodySha256}), and {@link
   * KeyReusedException} is thrown when it is not.
   *
   * @param kind {@code events} or {@code labels}: a key is one post's of either kind
   * @param bodySha256 the SHA-256 of the request's body (hex), or null not to compare bodies
   * @param rejected the answer's list of rejected records (JSON), stored to be replayed; null for
   *     none
   */
  public record Request(
      String key, long receivedAt, String kind, String bodySha256, String rejected) {
    /** How long a key is remembered. */
    public static final java.time.Duration KEPT = java.time.Duration.ofHours(24);

    public Request {
      if (!kind.equals("events") && !kind.equals("labels")) {
        throw new IllegalArgumentException("kind must be events or labels, got " + kind);
      }
    }

    /** An events post whose body is not compared. */
    public Request(String key, long receivedAt) {
      this(key, receivedAt, "events", null, null);
    }
  }

  /**
   * An idempotency key reused for another body within {@link Request#KEPT}: the request is refused
   * (HTTP 409 naming the {@code Idempotency-Key} header), nothing of it is applied.
   */
  public static final class KeyReusedException extends dev.vernier.core.InvalidInputException {
    private static final long serialVersionUID = 1L;

    public KeyReusedException(String key, String kind) {
      super(
          "Idempotency-Key",
          "was used for another "
              + kind
              + " post with a different body in the last "
              + Request.KEPT.toHours()
              + " hours; a retry must send the same body, new records a new key",
          key);
    }

    @Override
    public dev.vernier.core.ErrorKind kind() {
      return dev.vernier.core.ErrorKind.CONFLICT;
    }

    @Override
    public String code() {
      return "idempotency-key-reused";
    }

    @Override
    public String title() {
      return "Idempotency key reused";
    }
  }

  /**
   * A request whose idempotency key another request of the same kind holds and has not finished
   * with, so that there is no answer to replay yet: refused (HTTP 409 naming the {@code
   * Idempotency-Key} header), nothing of it applied; the client retries it later and gets the first
   * one's answer. The store claims a key in the transaction that applies its batch, so a second
   * request with the key normally waits for the first and replays it; this is for when it cannot
   * read the first's answer after all.
   */
  public static final class KeyInProgressException extends dev.vernier.core.InvalidInputException {
    private static final long serialVersionUID = 1L;

    public KeyInProgressException(String key, String kind) {
      super(
          "Idempotency-Key",
          "is held by another "
              + kind
              + " post that has not finished; retry this one unchanged to get its answer",
          key);
    }

    @Override
    public dev.vernier.core.ErrorKind kind() {
      return dev.vernier.core.ErrorKind.CONFLICT;
    }

    @Override
    public String code() {
      return "idempotency-key-in-progress";
    }

    @Override
    public String title() {
      return "Idempotency key in use";
    }
  }

  /**
   * A source partition's position: the next offset to read and the highest event time seen.
   *
   * @param fromOffset the stored position this batch was read from (the consumer's position after
   *     its seek to the stored one, or after the previous batch; -1 when it read from the beginning
   *     of a partition with no stored position), or {@link #UNFENCED}. A fenced position is stored
   *     only if the stored next offset still equals it: else another consumer (after a rebalance)
   *     stored these records already and the whole batch is refused ({@link StaleBatchException}).
   */
  public record Position(
      String topic, int partition, long nextOffset, long maxEventTime, long fromOffset) {
    /** A position stored whatever the stored one is (HTTP batches, stored positions read back). */
    public static final long UNFENCED = Long.MIN_VALUE;

    /** An unfenced position. */
    public Position(String topic, int partition, long nextOffset, long maxEventTime) {
      this(topic, partition, nextOffset, maxEventTime, UNFENCED);
    }

    /** Whether the store checks the stored position first. */
    public boolean fenced() {
      return fromOffset != UNFENCED;
    }
  }

  /**
   * What the store did with the batch.
   *
   * @param labelsJoined labels of the batch that joined their prediction, and labels that waited
   *     for one of the batch's predictions and joined it
   * @param labelsUnmatched labels of the batch that will never join: a second label of an id in the
   *     batch or already waiting, or (for a monitor that keeps no predictions) any label without a
   *     prediction
   * @param replayedRejected when replayed, the first answer's rejected records as stored (JSON);
   *     null when not replayed or not stored
   * @param labelsWaiting labels of the batch whose prediction has not arrived: kept waiting for it,
   *     at most the label horizon
   * @param duplicates events of the batch whose inference id the monitor had already counted (in an
   *     earlier batch, or earlier in this one), within the time it remembers ids (see {@link
   *     IngestRepository#ingest}): counted in no window, their predictions join no label. Always 0
   *     for a monitor whose spec says {@code "deduplicate": false}: it remembers no id
   */
  public record Result(
      int accepted,
      int late,
      int labelsJoined,
      int labelsUnmatched,
      boolean replayed,
      String replayedRejected,
      int labelsWaiting,
      int duplicates) {
    public Result(
        int accepted,
        int late,
        int labelsJoined,
        int labelsUnmatched,
        boolean replayed,
        String replayedRejected,
        int labelsWaiting) {
      this(
          accepted,
          late,
          labelsJoined,
          labelsUnmatched,
          replayed,
          replayedRejected,
          labelsWaiting,
          0);
    }

    public Result(
        int accepted,
        int late,
        int labelsJoined,
        int labelsUnmatched,
        boolean replayed,
        String replayedRejected) {
      this(accepted, late, labelsJoined, labelsUnmatched, replayed, replayedRejected, 0);
    }

    public Result(int accepted, int late, int labelsJoined, int labelsUnmatched, boolean replayed) {
      this(accepted, late, labelsJoined, labelsUnmatched, replayed, null);
    }

    public Result(int accepted, int late, int labelsJoined, int labelsUnmatched) {
      this(accepted, late, labelsJoined, labelsUnmatched, false);
    }
  }
}
