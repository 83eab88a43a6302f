package dev.vernier.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.monitor.drift.method.DriftMethodContractTest;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftMethodsTest {

  @Test
  void everyRegisteredMethodRunsTheContractTest() throws ClassNotFoundException {
    assertTrue(DriftMethods.all().size() >= 6, DriftMethods.names().toString());
    for (DriftMethod m : DriftMethods.all()) {
      String test = m.getClass().getName() + "Test";
      Class<?> c = Class.forName(test);
      assertTrue(
          DriftMethodContractTest.class.isAssignableFrom(c),
          test + " must extend DriftMethodContractTest");
    }
  }

  @Test
  void anUnknownNameListsTheNamesThatExist() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> DriftMethods.byName("kl"));
    assertEquals("method", e.field());
    assertEquals("kl", e.value());
    for (String name : DriftMethods.names()) {
      assertTrue(e.rule().contains(name), e.getMessage());
    }
  }

  @Test
  void theErrorNamesTheFieldTheNameCameFrom() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> DriftMethods.byName("$.drift.methods[1]", "kl"));
    assertEquals(
        "$.drift.methods[1]: must be one of the drift methods "
            + DriftMethods.names()
            + ", got 'kl'",
        e.getMessage());
  }

  @Test
  void namesAreSortedAndKindsPartitionTheMethods() {
    List<String> names = DriftMethods.names();
    assertEquals(names.stream().sorted().toList(), names);
    int n = 0;
    for (FeatureKind k : FeatureKind.values()) {
      for (DriftMethod m : DriftMethods.forKind(k)) {
        assertEquals(k, m.kind());
        n++;
      }
    }
    assertEquals(DriftMethods.all().size(), n);
  }
}
