package dev.vernier.monitor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.monitor.event.EventParser;
import dev.vernier.monitor.event.InferenceEvent;
import dev.vernier.monitor.event.Rejection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An ingestion body's records: a JSON array read as a stream, each element's original text handed
 * to the per-record parser (so its rules are the NDJSON and Kafka rules), the record limit checked
 * as the records are counted, and bodies that are not UTF-8 refused, not mangled.
 */
class IngestBodyTest {
  static final String EVENT =
      "{\"model\":\"m\",\"inferenceId\":\"a\",\"eventTime\":1,\"features\":[1,2,3,4]}";

  static List<String> texts(String body) {
    return IngestBody.records(body.getBytes(StandardCharsets.UTF_8)).stream()
        .map(b -> new String(b, StandardCharsets.UTF_8))
        .toList();
  }

  static InvalidInputException refused(byte[] body) {
    return assertThrows(InvalidInputException.class, () -> IngestBody.records(body));
  }

  static InvalidInputException refused(String body) {
    return refused(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anArrayPastTheRecordLimitIsRefusedAsItIsCounted() {
    byte[] body = ("[" + "[],".repeat(200_000) + "[]]").getBytes(StandardCharsets.US_ASCII);
    InvalidInputException e = refused(body);
    assertEquals("body", e.field());
    assertEquals("must hold at most 100000 records", e.rule(), e.getMessage());
    // refused as soon as the count passes the limit: what follows is never read
    InvalidInputException early = refused("[" + "[],".repeat(100_001) + "{\"broken");
    assertEquals("must hold at most 100000 records", early.rule(), early.getMessage());
    // at the limit: taken
    String atLimit = "[" + "[],".repeat(99_999) + "[]]";
    assertEquals(100_000, IngestBody.records(atLimit.getBytes(StandardCharsets.US_ASCII)).size());
    InvalidInputException lines = refused("{}\n".repeat(100_001));
    assertEquals("must hold at most 100000 records", lines.rule(), lines.getMessage());
  }

  @Test
  void eachElementIsItsOriginalText() {
    assertEquals(
        List.of(
            "{\"a\":1, \"a\":2}",
            "1e400",
            "\"x,]\"",
            "[ 1 , [2] ]",
            "null",
            "{\"s\":\"\\u00e9\\\"\"}"),
        texts(
            " \n[ {\"a\":1, \"a\":2} ,1e400,\n\"x,]\"\t, [ 1 , [2] ] ,null,"
                + "{\"s\":\"\\u00e9\\\"\"} ]\r\n"));
    assertEquals(List.of("{\"a\":1}", " x\r"), texts("\n{\"a\":1}\n\n x\r\n  \n"));
  }

  @Test
  void arraysAreHeldToTheRulesOfEveryOtherRecord() {
    EventParser parser = new EventParser("m", Collections.nCopies(4, null));
    String body =
        "["
            + EVENT.replace("[1,2,3,4]", "[0,0,0,0],\"features\":[1,1,1,1]")
            + ","
            + EVENT.replace("[1,2,3,4]", "[1e400,0,0,0]")
            + ","
            + EVENT
            + "]";
    List<byte[]> records = IngestBody.records(body.getBytes(StandardCharsets.UTF_8));
    assertEquals(3, records.size());
    EventParser.Outcome<InferenceEvent> twice = parser.inference(records.get(0));
    assertNull(twice.event());
    assertEquals(
        new Rejection(Rejection.Reason.NOT_JSON, "field features is given more than once"),
        twice.rejection());
    Rejection huge = parser.inference(records.get(1)).rejection();
    assertEquals(Rejection.Reason.BAD_FEATURE, huge.reason());
    assertTrue(huge.detail().endsWith("got 1e400"), huge.detail());
    assertEquals(1, parser.inference(records.get(2)).event().eventTime());
  }

  @Test
  void contentAfterTheArrayIsRefused() {
    for (String body :
        List.of("[" + EVENT + "] garbage {", "[" + EVENT + "] [1]", "[" + EVENT + "]]")) {
      InvalidInputException e = refused(body);
      assertEquals("body", e.field(), body);
      assertEquals("must be one JSON array with nothing after it", e.rule(), body);
    }
    for (String body : List.of("[1,", "[1,]", "[", "[}", "[]")) {
      assertEquals("body", refused(body).field(), body);
    }
  }

  @Test
  void aBodyThatIsNotUtf8IsRefusedNamingTheByte() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(EVENT.getBytes(StandardCharsets.UTF_8));
    b.write('\n');
    int at = b.size() + EVENT.indexOf("\"a\"") + 2;
    byte[] second = EVENT.replace("\"a\"", "\"a_\"").getBytes(StandardCharsets.UTF_8);
    second[EVENT.indexOf("\"a\"") + 2] = (byte) 0xff;
    b.write(second);
    for (byte[] body :
        List.of(
            b.toByteArray(),
            ("[" + b.toString(StandardCharsets.ISO_8859_1).replace('\n', ',') + "]")
                .getBytes(StandardCharsets.ISO_8859_1))) {
      InvalidInputException e = refused(body);
      assertEquals("body", e.field());
      assertEquals("must be UTF-8", e.rule());
      int offset = body[0] == '[' ? at + 1 : at;
      assertEquals("byte 0xff at offset " + offset, e.errors().get(0).value(), e.getMessage());
    }
    // a character cut at the end, and an overlong encoding
    assertEquals("must be UTF-8", refused(new byte[] {'{', (byte) 0xc3}).rule());
    assertEquals("must be UTF-8", refused(new byte[] {'"', (byte) 0xc0, (byte) 0x80}).rule());
  }
}
