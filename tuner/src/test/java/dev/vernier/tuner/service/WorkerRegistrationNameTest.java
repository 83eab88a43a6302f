package dev.vernier.tuner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote worker's registration (what {@code POST /api/v1/fleet/workers} calls) refuses a name
 * that breaks the worker-name rule, as invalid input naming the field {@code name} (a 400 problem
 * over REST), and registers nothing: {@code .} and {@code ..} used to become workers.
 */
class WorkerRegistrationNameTest {
  @TempDir Path dir;

  @Test
  void dotNamesAndOtherBadNamesAreRefusedAndNothingIsRegistered() throws Exception {
    try (TunerHarness h = new TunerHarness(dir)) {
      for (String bad : new String[] {".", "..", ".hidden", "a/b", "w\u0000", "", "w".repeat(65)}) {
        InvalidInputException e =
            assertThrows(
                InvalidInputException.class,
                () -> h.fleetService.registerRemote(bad, 1, "boot", "token-a", false),
                bad);
        assertEquals("name", e.field(), e.getMessage());
        assertTrue(e.rule().contains("starting with a letter or digit"), e.rule());
        assertTrue(h.fleet.worker(bad).isEmpty(), bad + " was registered");
      }
    }
  }

  @Test
  void aValidNameRegisters() throws Exception {
    try (TunerHarness h = new TunerHarness(dir)) {
      assertEquals(
          "gpu-1.lab",
          h.fleetService.registerRemote("gpu-1.lab", 1, "boot", "t", false).workerId());
      assertTrue(h.fleet.worker("gpu-1.lab").isPresent());
    }
  }
}
