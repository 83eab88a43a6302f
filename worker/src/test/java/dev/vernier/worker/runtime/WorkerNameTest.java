package dev.vernier.worker.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker's name ({@code vernier worker --name}) is checked in its settings, before the worker
 * contacts the service: {@code .} and {@code ..} used to pass and reach the service (and its logs)
 * as a worker's id.
 */
class WorkerNameTest {
  @TempDir Path dir;

  WorkerRuntime.Settings settings(String name) {
    return new WorkerRuntime.Settings(
        name, 1, "java", 1, dir.resolve("work"), Duration.ofMillis(20), Map.of());
  }

  @Test
  void dotNamesSeparatorsControlCharactersEmptyAndOverlongNamesAreRefusedAsTheOption() {
    for (String bad :
        new String[] {".", "..", "a/b", "../w", "w\u0000", "w\nINFO forged", "", "w".repeat(65)}) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> settings(bad), bad);
      assertEquals("--name", e.field(), e.getMessage());
      assertTrue(e.rule().contains("starting with a letter or digit"), e.rule());
    }
  }

  @Test
  void aHostNameIsAccepted() {
    assertEquals("build-7.lab.example.com", settings("build-7.lab.example.com").name());
  }
}
