package dev.vernier.monitor.storage;

import java.util.List;

/**
 * What a conditional write of a window's result did ({@link WindowRepository#closeWindow}, {@link
 * LabelRepository#reevaluate}): STORED, with the ids of the alerts inserted with it (possibly
 * none), or CHANGED: the window was not as the caller read it (events or labels arrived, or another
 * pass stored it first), nothing was written, and the caller reads it again.
 */
public record WindowWrite(Outcome outcome, List<Long> alertIds) {
  /** Whether the write happened. */
  public enum Outcome {
    STORED,
    CHANGED
  }

  /** Nothing written: the window changed meanwhile. */
  public static final WindowWrite CHANGED = new WindowWrite(Outcome.CHANGED, List.of());

  public WindowWrite {
    alertIds = List.copyOf(alertIds);
    if (outcome == Outcome.CHANGED && !alertIds.isEmpty()) {
      throw new IllegalArgumentException(
          "a CHANGED window write inserts no alert, got ids " + alertIds);
    }
  }

  /** Stored, with the ids of the alerts inserted in the same transaction. */
  public static WindowWrite stored(List<Long> alertIds) {
    return new WindowWrite(Outcome.STORED, alertIds);
  }

  public boolean changed() {
    return outcome == Outcome.CHANGED;
  }
}
