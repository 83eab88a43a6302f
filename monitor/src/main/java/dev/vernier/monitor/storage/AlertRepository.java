package dev.vernier.monitor.storage;

import java.util.List;
import java.util.Optional;

/**
 * Stored alerts and their retraining. Alerts are inserted with their window ({@link
 * WindowRepository#closeWindow}, {@link LabelRepository#reevaluate}); here they are read, and the
 * retrainer moves their retraining along.
 *
 * <p><b>Callers</b>: the {@code Retrainer} (one pass at a time per process; several processes may
 * run one each), the REST API and the publisher (reads). <b>Threads and processes</b>: safe from
 * several threads and processes: {@link #setRetraining} is a compare-and-set on the state, so of
 * two retrainers moving one alert exactly one succeeds. <b>Transactions</b>: every method is one
 * transaction. <b>Errors</b>: a database failure raises an unchecked exception and stores nothing
 * of that call. No method returns null.
 */
public interface AlertRepository {
  /** A monitor's alerts, newest first, at most {@code limit}. */
  List<AlertRecord> alerts(String monitorId, int limit);

  Optional<AlertRecord> alert(long id);

  /** Alerts whose retraining is {@link RetrainState#active}, oldest first. */
  List<AlertRecord> activeRetraining();

  /**
   * Stores an alert's retraining (state, job, error, windows, rows, wait, detail; the cool-down
   * fields are kept) if it is still in state {@code expected}: false when another process moved it
   * meanwhile.
   */
  boolean setRetraining(long alertId, RetrainState expected, AlertRetraining next);

  /**
   * Stores the retraining of an alert that ends without a job, because there was nothing to train
   * on ({@code next}: FAILED with the reason), if it is still in state {@code expected}; and, in
   * the same transaction, gives back the monitor's retraining cool-down when this alert still holds
   * it: the monitor's last retraining becomes again the newest other alert of the monitor whose
   * retraining submitted a job (or none), so that the next alert claims the cool-down as if this
   * one had never taken it. Alerts already skipped by this one's cool-down stay skipped. A
   * cool-down claimed since by another alert is left alone.
   *
   * @return false (and nothing changed) when another process moved the alert meanwhile
   */
  boolean abandonRetraining(long alertId, RetrainState expected, AlertRetraining next);
}
