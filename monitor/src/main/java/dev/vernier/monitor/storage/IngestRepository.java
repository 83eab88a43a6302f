package dev.vernier.monitor.storage;

import dev.vernier.monitor.window.PartitionMark;
import dev.vernier.monitor.window.Windowing;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What ingestion writes: batches of events and labels with their source positions, the partitions
 * the watermark waits for, and the dead-letter outbox. The exactly-once contract lives in {@link
 * #ingest}: a batch's window rows, label joins, counters, positions and dead letters commit
 * together, so after a crash a batch is either wholly counted or read again from its positions.
 *
 * <p><b>Callers</b>: {@code MonitorService} for Kafka and HTTP batches, the Kafka ingestor
 * (positions, partitions, dead letters). <b>Threads and processes</b>: safe from several threads
 * and processes; writers are serialised by the database (on SQLite, one at a time in the process).
 * <b>Transactions</b>: every method is one transaction. <b>Errors</b>: a database failure raises an
 * unchecked exception and stores nothing of that call (the consumer re-reads from its stored
 * positions); {@link #ingest} on an unknown monitor raises one too. No method returns null.
 *
 * <p><b>Replicas</b> (several processes on one PostgreSQL): {@link #ingest} first takes the
 * monitor's row lock ({@code SELECT ... FROM monitor WHERE id = ? FOR UPDATE}; on SQLite, {@code
 * BEGIN IMMEDIATE} already runs one writer at a time), as do the closing transactions of {@link
 * WindowRepository}: a batch's read of the monitor's cursor (count windows, closed-through mark)
 * and its window, chunk, counter and position writes never interleave with another replica's batch
 * or closing. A batch whose positions are fenced ({@link IngestBatch.Position#fromOffset}) is
 * stored only if every partition's stored position is still the one it was read from; otherwise
 * nothing of it is stored and {@link StaleBatchException} is raised (a consumer that lost its
 * partitions in a rebalance cannot count records twice or move a position backwards).
 */
public interface IngestRepository {
  /** The stored source positions of a monitor (where its consumer resumes). */
  List<IngestBatch.Position> positions(String monitorId);

  /**
   * Records the partitions of the events topic assigned to a consumer, so that the watermark waits
   * for each of them (a partition already known keeps its position).
   */
  void registerPartitions(String monitorId, String topic, List<Integer> partitions);

  /**
   * Marks a partition idle, whether or not it delivered events before: its consumer found it caught
   * up and silent (see {@link dev.vernier.monitor.window.Watermark}); a batch bringing it events
   * ends that.
   */
  void markIdle(String monitorId, String topic, int partition);

  /**
   * What the watermark knows of each registered partition of {@code topic}, by partition: see
   * {@link dev.vernier.monitor.window.Watermark}.
   */
  List<PartitionMark> partitionMarks(String monitorId, String topic);

  /**
   * Applies one batch atomically: window rows (as {@link dev.vernier.monitor.window
   * .WindowAssignment} assigns them), label joins ({@link dev.vernier.monitor.label
   * .LabelJoinRules}), counters, positions and dead letters. When the batch keeps predictions for
   * labels, a prediction still waiting whose event time is more than {@code labelHorizon} before
   * the newest event time in the batch expires (counted as {@code labels_expired}). A label whose
   * prediction has not arrived waits for it, from the batch's {@link IngestBatch#receivedAt}, until
   * a later batch brings its event (then it joins, as if it had come then) or a batch received more
   * than {@code labelHorizon} after it (then it is dropped and counted as unmatched); the join
   * happens once whichever side comes first, since batches of a monitor never run side by side (see
   * Replicas below). A batch whose idempotency key was seen in the last day is not applied again:
   * the first result is returned, marked replayed. The key is claimed (its row inserted) before
   * anything of the batch is applied, in the same transaction: of two requests with one key stored
   * at once, on one replica or two, one applies its batch and the other answers its result.
   *
   * <p>An inference id counts once per monitor ({@link dev.vernier.monitor.window.RepeatedIds}),
   * unless its spec says {@code "deduplicate": false} (then every event counts and no id is
   * remembered): the batch claims its events' ids in its transaction, and an event whose id the
   * monitor had already counted (earlier in the batch, or in an earlier batch and still remembered)
   * is a duplicate: in no window, its prediction not kept, counted in {@code events_duplicate} and
   * {@link IngestBatch.Result#duplicates}. An id is remembered while its time window is open and
   * until the newest event time of a later batch is more than {@code labelHorizon} past its event.
   *
   * @throws StaleBatchException when a fenced position is not the stored one (nothing stored)
   */
  IngestBatch.Result ingest(
      String monitorId, Windowing windowing, int cols, Duration labelHorizon, IngestBatch batch);

  /**
   * The dead letters recorded and not yet published, oldest first, at most {@code limit}, whatever
   * source partition they came from (for tools and tests; the publisher reads by partition).
   */
  List<DeadLetter> pendingDeadLetters(String monitorId, int limit);

  /**
   * The dead letters recorded and not yet published whose source record was read from one of {@code
   * partitions}, oldest first, at most {@code limit}; none when {@code partitions} is empty.
   *
   * <p><b>Callers</b>: the dead-letter publisher of a monitor's Kafka consumer, with the source
   * partitions its consumer holds now (a snapshot taken on the consumer's thread). Kafka gives each
   * partition to one member of the group at a time and a member publishes before it lets a
   * partition go, so with several replicas each outbox row is published by one of them: the replica
   * that owns its source partition. This read claims nothing: the filter, not the store, keeps two
   * replicas from sending the same row.
   */
  List<DeadLetter> pendingDeadLetters(String monitorId, Set<SourcePartition> partitions, int limit);

  /**
   * Notes, on the dead letters among {@code ids} never attempted, the dead-letter partition's end
   * offset before this first attempt to publish them, and returns the ids it noted: the first
   * attempt is a claim. Of two publishers marking the same row at once (one conditional update per
   * call: {@code attempt_offset IS NULL}), one gets it and sends it; the other leaves it alone.
   * Rows already marked are not returned: their publisher must reconcile them before sending.
   */
  List<Long> deadLettersAttempted(String monitorId, List<Long> ids, long partitionEndOffset);

  /** Deletes published dead letters from the outbox. */
  void deadLettersPublished(String monitorId, List<Long> ids);
}
