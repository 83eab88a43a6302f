package dev.vernier.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/** Vernier's log line is the line the JDK's SimpleFormatter wrote with the old format. */
class LogFormatTest {
  static final String FORMAT = "%1$tF %1$tT.%1$tL %4$-7s %3$s %5$s%6$s%n";

  @Test
  void theSameTextAsSimpleFormatterWithTheFormatItReplaces() {
    String before = System.getProperty("java.util.logging.SimpleFormatter.format");
    System.setProperty("java.util.logging.SimpleFormatter.format", FORMAT);
    try {
      SimpleFormatter simple = new SimpleFormatter();
      LogFormat ours = new LogFormat();
      LogRecord plain = new LogRecord(Level.INFO, "job=a trial=3 COMPLETED objective=0.5");
      plain.setLoggerName("dev.vernier.tuner.service.FleetService");
      LogRecord params = new LogRecord(Level.WARNING, "monitor {0}: {1} late");
      params.setParameters(new Object[] {"m-1", 42});
      params.setLoggerName("dev.vernier.monitor.ingest.KafkaIngestor");
      LogRecord thrown = new LogRecord(Level.SEVERE, "tick failed");
      thrown.setLoggerName("x");
      thrown.setThrown(new IllegalStateException("boom"));
      LogRecord nameless = new LogRecord(Level.FINE, "no logger");
      for (LogRecord r : new LogRecord[] {plain, params, thrown, nameless}) {
        assertEquals(simple.format(r), ours.format(r));
      }
      // the second is formatted once and reused: lines within it, across it, and back in time
      java.time.Instant t0 = java.time.Instant.parse("2026-12-06T23:59:59Z");
      for (long ms : new long[] {0, 5, 47, 999, 1000, 1001, 60_000, 999, -1, 86_400_123L}) {
        plain.setInstant(t0.plusMillis(ms));
        assertEquals(simple.format(plain), ours.format(plain), "at +" + ms + " ms");
      }
      assertTrue(
          ours.format(plain).contains(" INFO    dev.vernier.tuner.service.FleetService job=a"));
    } finally {
      if (before == null) {
        System.clearProperty("java.util.logging.SimpleFormatter.format");
      } else {
        System.setProperty("java.util.logging.SimpleFormatter.format", before);
      }
    }
  }

  @Test
  void theDefaultConfigurationNamesIt() throws IOException {
    Properties p = new Properties();
    try (InputStream in = Main.class.getResourceAsStream("/vernier-logging.properties")) {
      p.load(in);
    }
    assertEquals(
        LogFormat.class.getName(), p.getProperty("java.util.logging.ConsoleHandler.formatter"));
  }
}
