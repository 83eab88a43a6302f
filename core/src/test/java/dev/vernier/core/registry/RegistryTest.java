package dev.vernier.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The registry shape that strategies, stoppers, drift methods, algorithms and backends share. */
class RegistryTest {
  record Plugin(String name) {}

  private static final Registry<Plugin> REGISTRY =
      Registry.of(
          "plugins",
          List.of(new Plugin("zeta"), new Plugin("alpha"), new Plugin("mid")),
          Plugin::name);

  @Test
  void anUnknownNameNamesTheFieldTheValueAndEveryKnownName() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> REGISTRY.get("$.drift.methods[1]", "kl"));
    assertEquals("$.drift.methods[1]", e.field());
    assertEquals("kl", e.value());
    assertEquals("must be one of the plugins [alpha, mid, zeta]", e.rule());
    assertEquals(
        "$.drift.methods[1]: must be one of the plugins [alpha, mid, zeta], got 'kl'",
        e.getMessage());
  }

  @Test
  void aMissingNameIsUnknownToo() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> REGISTRY.get("backend", null));
    assertEquals("backend: must be one of the plugins [alpha, mid, zeta]", e.getMessage());
    assertEquals(Optional.empty(), REGISTRY.find(null));
  }

  @Test
  void everyNameRoundTripsAndNamesAreSorted() {
    assertEquals(List.of("alpha", "mid", "zeta"), REGISTRY.names());
    for (String name : REGISTRY.names()) {
      assertEquals(name, REGISTRY.get("f", name).name());
    }
    assertEquals(REGISTRY.names(), REGISTRY.all().stream().map(Plugin::name).toList());
  }

  @Test
  void twoEntriesOfOneNameAreRejectedNamingBoth() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Registry.of("plugins", List.of(new Plugin("a"), new Plugin("a")), Plugin::name));
    assertTrue(e.getMessage().contains("names must be unique, got 'a'"), e.getMessage());
  }

  @Test
  void aBlankNameIsRejected() {
    assertThrows(
        IllegalStateException.class,
        () -> Registry.of("plugins", List.of(new Plugin(" ")), Plugin::name));
  }

  @Test
  void loadDiscoversNothingForAServiceWithoutProviders() {
    Registry<Runnable> none = Registry.load("runnables", Runnable.class, Object::toString);
    assertEquals(List.of(), none.names());
    assertSame(
        InvalidInputException.class,
        assertThrows(InvalidInputException.class, () -> none.get("$.x", "y")).getClass());
  }
}
