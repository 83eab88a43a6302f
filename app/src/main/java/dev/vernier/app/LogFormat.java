package dev.vernier.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Vernier's one log line: {@code 2026-12-06 15:01:13.874 INFO logger message}, then the exception's
 * stack trace if any. The same text as {@link java.util.logging.SimpleFormatter} with the format
 * {@code %1$tF %1$tT.%1$tL %4$-7s %3$s %5$s%6$s%n}, without its cost: SimpleFormatter asks every
 * record for its source class, which walks the caller's stack even when the format does not show it
 * (a tenth of the service's request CPU in {@code vernier bench fleet}, one line per reported
 * trial), and formats through {@link String#format}.
 */
public final class LogFormat extends Formatter {
  private static final DateTimeFormatter SECOND =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.", Locale.ROOT);

  /** The last second formatted: lines come many to a second, and formatting a date is not cheap. */
  private record Second(long epochSecond, ZoneId zone, String text) {}

  private volatile Second last = new Second(Long.MIN_VALUE, null, "");

  @Override
  public String format(LogRecord r) {
    StringBuilder b = new StringBuilder(128);
    Instant at = r.getInstant();
    ZoneId zone = ZoneId.systemDefault();
    Second s = last;
    if (s.epochSecond() != at.getEpochSecond() || !zone.equals(s.zone())) {
      String text =
          SECOND.format(LocalDateTime.ofInstant(Instant.ofEpochSecond(at.getEpochSecond()), zone));
      s = new Second(at.getEpochSecond(), zone, text);
      last = s;
    }
    b.append(s.text());
    int millis = at.getNano() / 1_000_000;
    b.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10));
    b.append((char) ('0' + millis % 10));
    b.append(' ');
    String level = r.getLevel().getLocalizedName();
    b.append(level);
    for (int i = level.length(); i < 7; i++) {
      b.append(' ');
    }
    b.append(' ').append(r.getLoggerName()); // "null" for none, as SimpleFormatter
    b.append(' ').append(formatMessage(r));
    if (r.getThrown() != null) {
      StringWriter sw = new StringWriter();
      try (PrintWriter pw = new PrintWriter(sw)) {
        pw.println();
        r.getThrown().printStackTrace(pw);
      }
      b.append(sw);
    }
    b.append(System.lineSeparator());
    return b.toString();
  }
}
