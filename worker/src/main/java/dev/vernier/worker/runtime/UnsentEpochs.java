package dev.vernier.worker.runtime;

import dev.vernier.core.fleet.EpochUpdate;
import java.util.ArrayList;
import java.util.List;

/**
 * A trial's epochs whose heartbeat did not reach the service, in order: sent again with the next
 * heartbeat (the service keeps an epoch once) and before the report, so an outage loses no epoch of
 * the curve. Thread-safe.
 */
final class UnsentEpochs {
  private final List<EpochUpdate> epochs = new ArrayList<>();

  /** Adds {@code e}; returns every epoch not delivered yet, {@code e} last. */
  synchronized List<EpochUpdate> add(EpochUpdate e) {
    epochs.add(e);
    return List.copyOf(epochs);
  }

  synchronized List<EpochUpdate> all() {
    return List.copyOf(epochs);
  }

  /** Forgets {@code sent}, which the service answered. */
  synchronized void delivered(List<EpochUpdate> sent) {
    epochs.subList(0, Math.min(sent.size(), epochs.size())).clear();
  }
}
