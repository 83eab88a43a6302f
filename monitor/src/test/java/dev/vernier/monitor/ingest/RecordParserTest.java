package dev.vernier.monitor.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vernier.monitor.event.EventParser;
import dev.vernier.monitor.event.Rejection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** The consumer's value deserializer on the buffers Kafka hands it. */
class RecordParserTest {
  static final String EVENT =
      "{\"model\":\"m\",\"inferenceId\":\"i-1\",\"eventTime\":1764000000000,"
          + "\"features\":[0.25,-1.5],\"prediction\":1}";

  private final RecordParser parser =
      new RecordParser(new EventParser("m", Collections.nCopies(2, null)), "labels");

  /** The value as a slice of a larger heap buffer, as a decoded record batch holds it. */
  private static ByteBuffer slice(String value) {
    byte[] before = "{\"model\":\"m\",\"features\":[9".getBytes(StandardCharsets.US_ASCII);
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    ByteBuffer all = ByteBuffer.allocate(before.length + v.length + 16);
    all.put(before).put(v).put("99999,]}\"x\":1e9}".getBytes(StandardCharsets.US_ASCII));
    all.position(before.length).limit(before.length + v.length);
    return all.slice();
  }

  @Test
  void readsAnEventInsideALargerBufferWithoutCopyingIt() {
    ParsedRecord p = parser.deserialize("inferences", null, slice(EVENT));
    assertNotNull(p.inference(), String.valueOf(p.rejection()));
    assertEquals("i-1", p.inference().inferenceId());
    assertEquals(1_764_000_000_000L, p.inference().eventTime());
    assertArrayEquals(new float[] {0.25f, -1.5f}, p.inference().features());
    assertEquals(1.0, p.inference().prediction());
  }

  @Test
  void readsDirectBuffersAndByteArraysAlike() {
    byte[] v = EVENT.getBytes(StandardCharsets.UTF_8);
    ByteBuffer direct = ByteBuffer.allocateDirect(v.length).put(v).flip();
    ParsedRecord fromDirect = parser.deserialize("inferences", null, direct);
    ParsedRecord fromArray = parser.deserialize("inferences", v);
    assertEquals("i-1", fromDirect.inference().inferenceId());
    assertEquals("i-1", fromArray.inference().inferenceId());
    assertEquals(0, direct.position(), "the buffer is left as it was");
  }

  @Test
  void labelsTopicRecordsAreLabels() {
    String label = "{\"inferenceId\":\"i-1\",\"label\":1}";
    ParsedRecord p = parser.deserialize("labels", null, slice(label));
    assertNotNull(p.label(), String.valueOf(p.rejection()));
    assertEquals("i-1", p.label().inferenceId());
    assertNull(p.inference());
  }

  @Test
  void aRejectedRecordCarriesExactlyItsOwnBytes() {
    String bad = "{\"model\":\"other\",\"inferenceId\":\"x\",\"eventTime\":1,\"features\":[]}";
    ParsedRecord p = parser.deserialize("inferences", null, slice(bad));
    assertNull(p.inference());
    assertEquals(Rejection.Reason.WRONG_MODEL, p.rejection().reason());
    assertArrayEquals(bad.getBytes(StandardCharsets.UTF_8), p.raw());
    ParsedRecord empty = parser.deserialize("inferences", null, slice(""));
    assertEquals(Rejection.Reason.NOT_AN_OBJECT, empty.rejection().reason());
    assertArrayEquals(new byte[0], empty.raw());
  }

  @Test
  void nullValuesStayNull() {
    assertNull(parser.deserialize("inferences", null, (ByteBuffer) null));
    assertNull(parser.deserialize("inferences", (byte[]) null));
  }
}
