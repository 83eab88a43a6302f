package dev.vernier.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding backends by name. This project's machines and CI are linux x86-64: cpu is there. */
class BackendsTest {
  @Test
  void bothBuiltInBackendsAreRegisteredHighestPriorityFirst() {
    List<String> names = Backends.providers().stream().map(KernelsProvider::name).toList();
    assertEquals(List.of("cpu", "java"), names);
    assertEquals(List.of("cpu", "java"), Backends.available());
  }

  @Test
  void autoPicksTheCpuBackendHere() {
    try (Kernels k = Backends.open(Backends.AUTO, 2)) {
      assertEquals("cpu", k.name());
      assertEquals(2, k.threads());
      assertTrue(k.description().startsWith("cpu: OpenBLAS "), k.description());
    }
  }

  @Test
  void opensEachBackendByName() {
    for (String name : List.of("cpu", "java")) {
      try (Kernels k = Backends.open(name, 1)) {
        assertEquals(name, k.name());
        assertEquals(1, k.threads());
      }
    }
  }

  @Test
  void anUnknownNameListsTheAvailableBackends() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Backends.open("--backend", "gpu", 1));
    assertEquals("--backend", e.field());
    assertEquals("gpu", e.value());
    assertEquals(
        "--backend: must be one of the kernel backends [auto, cpu, java], got 'gpu'",
        e.getMessage());
    assertEquals(
        "backend",
        assertThrows(InvalidInputException.class, () -> Backends.open("gpu", 1)).field());
  }

  @Test
  void threadCountsBelowOneAreRejected() {
    for (int threads : new int[] {0, -1}) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> Backends.open("cpu", threads));
      assertEquals("--threads", e.field());
      assertEquals(String.valueOf(threads), e.value());
    }
  }
}
