package dev.vernier.monitor.ingest;

import dev.vernier.monitor.event.EventParser;
import dev.vernier.monitor.event.Rejection;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The consumer's value deserializer: parses each record as the consumer decodes it, on the
 * consumer's thread, straight from the fetched buffer (no copy of the value, whose bytes are still
 * in cache). Records of the labels topic are label events, all others inference events. It never
 * throws (an exception here would stop the consumer's poll): a value that is not an event becomes a
 * rejection carrying a copy of its bytes for the dead-letter topic. Null values (tombstones) stay
 * null. Not thread-safe: one per consumer.
 */
final class RecordParser implements Deserializer<ParsedRecord> {
  private final EventParser parser;
  private final String labelsTopic;

  /**
   * @param labelsTopic the topic whose records are labels; null when the monitor has none
   */
  RecordParser(EventParser parser, String labelsTopic) {
    this.parser = parser;
    this.labelsTopic = labelsTopic;
  }

  @Override
  public ParsedRecord deserialize(String topic, byte[] data) {
    return data == null ? null : parse(topic, data, 0, data.length);
  }

  @Override
  public ParsedRecord deserialize(String topic, Headers headers, ByteBuffer data) {
    if (data == null) {
      return null;
    }
    if (data.hasArray()) {
      return parse(topic, data.array(), data.arrayOffset() + data.position(), data.remaining());
    }
    byte[] copy = new byte[data.remaining()];
    data.duplicate().get(copy);
    return parse(topic, copy, 0, copy.length);
  }

  private ParsedRecord parse(String topic, byte[] b, int offset, int length) {
    Rejection why;
    try {
      if (topic.equals(labelsTopic)) {
        var o = parser.label(b, offset, length);
        if (o.event() != null) {
          return ParsedRecord.of(o.event());
        }
        why = o.rejection();
      } else {
        var o = parser.inference(b, offset, length);
        if (o.event() != null) {
          return ParsedRecord.of(o.event());
        }
        why = o.rejection();
      }
    } catch (RuntimeException e) {
      why = new Rejection(Rejection.Reason.NOT_JSON, "unreadable record: " + e);
    }
    return ParsedRecord.rejected(why, Arrays.copyOfRange(b, offset, offset + length));
  }
}
