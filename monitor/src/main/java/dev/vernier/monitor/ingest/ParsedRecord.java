package dev.vernier.monitor.ingest;

import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.event.LabelEvent;
import dev.vernier.monitor.event.Rejection;

/**
 * One consumed record's value, parsed by {@link RecordParser}: an inference event, a label event,
 * or a rejection with a copy of the value's bytes for the dead-letter topic. Exactly one of {@code
 * inference}, {@code label} and {@code rejection} is non-null.
 */
public record ParsedRecord(
    InferenceEvent inference, LabelEvent label, Rejection rejection, byte[] raw) {
  static ParsedRecord of(InferenceEvent e) {
    return new ParsedRecord(e, null, null, null);
  }

  static ParsedRecord of(LabelEvent e) {
    return new ParsedRecord(null, e, null, null);
  }

  static ParsedRecord rejected(Rejection why, byte[] raw) {
    return new ParsedRecord(null, null, why, raw);
  }
}
