package dev.vernier.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The wall clock is read in one place, {@code platform.time.SystemClock}, and only the wiring asks
 * it for the clock; every other main-source file takes an injected {@link java.time.Clock}. This
 * scans every module's {@code src/main/java} for the calls below (comments included: keep the names
 * out of them too). {@code System.nanoTime} measures durations and is not looked for.
 */
class WallClockReadsTest {
  /** Calls that read the wall clock, or hand out the system clock. */
  static final List<String> READS =
      List.of(
          "System.currentTimeMillis(",
          "Instant.now(",
          "Clock.systemUTC(",
          "Clock.systemDefaultZone(",
          "Clock.system(",
          "LocalDate.now(",
          "LocalDateTime.now(",
          "LocalTime.now(",
          "ZonedDateTime.now(",
          "OffsetDateTime.now(",
          "new Date()",
          "new java.util.Date()",
          "SystemClock.get(");

  /** The files allowed to read it (paths from the repository root), and why. */
  static final Map<String, String> ALLOWED =
      Map.of(
          "platform/src/main/java/dev/vernier/platform/time/SystemClock.java",
          "the one read of the wall clock",
          "app/src/main/java/dev/vernier/app/cli/VernierCommand.java",
          "the CLI's wiring: the root command hands its clock to every command",
          "bench/src/main/java/dev/vernier/bench/fleet/FleetBenchmark.java",
          "a benchmark wires its own server",
          "bench/src/main/java/dev/vernier/bench/decisions/DecisionBenchmark.java",
          "a benchmark wires its own server",
          "bench/src/main/java/dev/vernier/bench/monitor/IngestBenchmark.java",
          "a benchmark wires its own monitor service");

  @Test
  void onlyTheWiringReadsTheWallClock() {
    Map<String, Set<String>> found = reads(repositoryRoot());
    Map<String, Set<String>> outside = new TreeMap<>(found);
    outside.keySet().removeAll(ALLOWED.keySet());
    assertEquals(
        Map.of(),
        outside,
        "these files read the wall clock: take an injected java.time.Clock instead (tests pass a"
            + " platform.time.ManualClock); only the wiring calls SystemClock.get()");
    // the scan looked, and the allow-list names no file that stopped reading the clock
    assertEquals(new TreeSet<>(ALLOWED.keySet()), found.keySet());
  }

  @Test
  void theScanFindsEachKindOfRead() {
    for (String read : READS) {
      assertEquals(Set.of(read), readsIn("long t = " + read + ")"), read);
    }
    assertEquals(Set.of(), readsIn("long t = System.nanoTime(); clock.millis();"));
  }

  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("platform/src/main/java"))) {
      dir = dir.getParent();
    }
    assertTrue(dir != null, "no repository root above " + Path.of("").toAbsolutePath());
    return dir;
  }

  /** For each main-source file with a read, the reads in it. */
  static Map<String, Set<String>> reads(Path root) {
    Map<String, Set<String>> found = new TreeMap<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.sorted().toList()) {
        Path main = module.resolve("src/main/java");
        if (!Files.isDirectory(main)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(main)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
            Set<String> in = readsIn(Files.readString(f));
            if (!in.isEmpty()) {
              found.put(root.relativize(f).toString().replace('\\', '/'), in);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  static Set<String> readsIn(String source) {
    Set<String> in = new TreeSet<>();
    for (String read : READS) {
      if (source.contains(read)) {
        in.add(read);
      }
    }
    return in;
  }
}
