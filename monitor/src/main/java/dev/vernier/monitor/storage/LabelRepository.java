package dev.vernier.monitor.storage;

import java.util.List;

/**
 * Ground truth joined to predictions ({@link dev.vernier.monitor.label.LabelJoinRules} decides the
 * joins; {@link IngestRepository#ingest} writes them): the pairs per window, the captured rows for
 * retraining, and the re-evaluation of closed windows whose labels came late.
 *
 * <p><b>Callers</b>: {@code MonitorService} (a window's pairs when it closes), {@code LateLabels}
 * (re-evaluation), the {@code Retrainer} (captured rows, labels still awaited). <b>Threads and
 * processes</b>: safe from several threads and processes. <b>Transactions</b>: every method is one
 * transaction; {@link #reevaluate} is a conditional write, so two passes over one window store it
 * once, and {@link #expireWaitingLabels} deletes what it counts, so two replicas' passes count each
 * label once. <b>Errors</b>: a database failure raises an unchecked exception and stores nothing of
 * that call. No method returns null.
 */
public interface LabelRepository {
  /** The joined (prediction, label) pairs of a window, interleaved (empty when none). */
  float[] windowLabels(String monitorId, long start);

  /**
   * The rows captured (features of labelled events with their label) in windows starting at or
   * after {@code fromWindow}, in capture order.
   *
   * @param cols the monitor's feature count, as its stored baseline says (not the width of whatever
   *     file the baseline path holds now): every captured chunk is checked to be that wide
   * @throws IllegalStateException naming the window, when a captured chunk is not {@code cols}
   *     features (and one label) a row: nothing is returned rather than rows cut at the wrong width
   */
  Captured captured(String monitorId, int cols, long fromWindow);

  /**
   * Captured rows: {@code features} (rows x cols) and their {@code labels}, and the windows they
   * came from (starts, ascending).
   */
  record Captured(float[] features, float[] labels, List<Long> windows) {
    public Captured {
      windows = List.copyOf(windows);
    }

    public int rows() {
      return labels.length;
    }
  }

  /** How many rows were captured in windows starting at or after {@code fromWindow}. */
  long capturedRows(String monitorId, long fromWindow);

  /**
   * How many predictions of the given windows still wait for their label (neither joined nor
   * expired past the label horizon).
   */
  long awaitingLabels(String monitorId, List<Long> windowStarts);

  /**
   * How many labels arrived before their prediction and still wait for it (at most the label
   * horizon after they were received; see {@link IngestRepository#ingest}).
   */
  long waitingLabels(String monitorId);

  /**
   * Drops the labels that have waited for their prediction since before {@code receivedBefore} (the
   * service's clock less the label horizon: {@link
   * dev.vernier.monitor.label.LabelJoinRules#waitedSince}), each counted in {@code
   * labels_unmatched} and {@code labels_wait_expired}, as a batch stored for the monitor drops
   * them; returns how many. For the monitor's periodic work, so that labels on a quiet monitor do
   * not wait for ever: a read decides first, and only when a label has waited that long does it
   * write (one transaction under the monitor's row lock, like a batch, so a batch bringing the
   * label's event either joins it before or finds it gone after).
   */
  int expireWaitingLabels(String monitorId, long receivedBefore);

  /**
   * A closed window whose joined labels ({@code joined}) outnumber those its model quality was
   * computed from ({@code evaluated}): labels that arrived after it closed, within the horizon.
   */
  record Relabelled(long windowStart, long evaluated, long joined) {}

  /** The closed windows with labels joined since their model quality was computed, oldest first. */
  List<Relabelled> relabelled(String monitorId);

  /**
   * Stores a closed window's result evaluated again with {@code labelsEvaluated} labels, if its
   * model quality was still computed from {@code expectedLabels} (else CHANGED: another pass did
   * it), and inserts the alerts that re-evaluation raised, as {@link WindowRepository#closeWindow}
   * does.
   *
   * @return STORED with the ids of the inserted alerts, or CHANGED when the window changed
   */
  WindowWrite reevaluate(
      String monitorId,
      long windowStart,
      long expectedLabels,
      long labelsEvaluated,
      String resultJson,
      RaisedAlerts raised);
}
