package dev.vernier.monitor.storage;

import dev.vernier.monitor.window.WindowData;
import java.util.List;

/**
 * The monitor's windows: the open ones' rows, and the closed ones' results. Which window may close
 * is decided outside ({@link dev.vernier.monitor.window.Windowing#closable}); this repository only
 * reads the open windows and stores what their evaluation gave. The second half of the exactly-once
 * contract lives in {@link #closeWindow}: a window's result, its alerts (with their retraining
 * claims and deliveries) and the removal of its rows commit together.
 *
 * <p><b>Callers</b>: {@code MonitorService}'s closing pass, which holds one lock per monitor in a
 * process; the REST API reads. <b>Threads and processes</b>: safe from several threads and
 * processes; two closers of one window are told apart by the conditional writes ({@code UPDATE
 * monitor_window ... WHERE state = 'OPEN' AND events = :expected}): the second gets {@link
 * WindowWrite#CHANGED} or {@code false}, so a window is closed, its result stored and its alerts
 * raised once whichever replica closes it. On PostgreSQL {@link #closeWindow} and {@link
 * #failWindow} first take the monitor's row lock, as {@link IngestRepository#ingest} does, so a
 * closing and a batch of another replica run one after the other: no event lands in a window after
 * its evaluation (it is counted late). <b>Transactions</b>: every method is one transaction.
 * <b>Errors</b>: a database failure raises an unchecked exception and stores nothing of that call.
 * No method returns null (a window closed before histograms were kept has null {@code histograms}
 * in {@link WindowCounts}).
 */
public interface WindowRepository {
  /** The open windows, oldest first. */
  List<WindowRecord> openWindows(String monitorId);

  /** The rows of an open window. */
  WindowData windowData(String monitorId, long start, int cols);

  /**
   * Closes a window if it still holds {@code expectedEvents} events (else CHANGED: events arrived
   * meanwhile, evaluate again): stores the result (computed with {@code labelsEvaluated} joined
   * labels), inserts the raised alerts, deletes the window's rows, and advances the closed-through
   * mark. A {@code wantsRetraining} alert's retraining state is {@link
   * dev.vernier.monitor.alert.RetrainGate}'s, the claim of the cool-down made atomically in the
   * same transaction. Each alert gets a PENDING delivery per target (alerts topic, webhook URLs) in
   * the same transaction. {@code histograms} (the window's counts over the baseline's bins, {@code
   * WindowHistograms}' encoding; may be null) is stored with the result.
   *
   * @return STORED with the ids of the inserted alerts, or CHANGED when the window changed
   */
  WindowWrite closeWindow(
      String monitorId,
      WindowRecord window,
      long expectedEvents,
      long labelsEvaluated,
      String resultJson,
      byte[] histograms,
      RaisedAlerts raised);

  /**
   * Marks an open window FAILED, if it still holds {@code expectedEvents} events (else false):
   * stores {@code errorJson} (why its evaluation failed) as its result, deletes its rows, advances
   * the closed-through mark (its late events count as late) and counts {@code windows_failed}. A
   * failed window raises no alert and is skipped by the alert rule; the monitor goes on with the
   * next window.
   */
  boolean failWindow(
      String monitorId, WindowRecord window, long expectedEvents, String errorJson, long now);

  /** The most recent windows, newest first. */
  List<WindowRecord> windows(String monitorId, int limit);

  /**
   * The most recent windows whose start is at least {@code from}, newest first, at most {@code
   * limit}: what a reader that has the older windows already needs.
   */
  List<WindowRecord> windows(String monitorId, int limit, long from);

  /**
   * The closed windows starting at or before {@code start}, newest first, at most {@code limit}.
   */
  List<WindowRecord> closedWindowsUpTo(String monitorId, long start, int limit);

  /**
   * The closed windows' stored histograms (see {@link #closeWindow}), newest first, at most {@code
   * limit}; {@code histograms} is null for a window closed before they were kept.
   */
  List<WindowCounts> windowHistograms(String monitorId, int limit);

  /** A closed window's bounds and its encoded counts over the baseline's bins (or null). */
  record WindowCounts(long start, long end, byte[] histograms) {}
}
