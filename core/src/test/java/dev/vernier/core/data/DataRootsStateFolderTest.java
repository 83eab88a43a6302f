package dev.vernier.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 5: the default data root is the working directory, which holds the service's state
 * folder. That folder is never readable as data, whatever the roots: not as a file, not as a
 * folder, not through a link in a data folder.
 */
class DataRootsStateFolderTest {
  @TempDir Path dir;

  @Test
  void theStateFolderIsNeverData() throws Exception {
    Path state = Files.createDirectories(dir.resolve("vernier-data"));
    Files.writeString(state.resolve("vernier.db"), "1,2,3\n");
    Files.writeString(dir.resolve("train.csv"), "1,2,3\n");
    Path folder = Files.createDirectories(dir.resolve("batch"));
    Files.writeString(folder.resolve("a.csv"), "1,2,3\n");
    DataRoots roots = new DataRoots(List.of(dir)).excluding(List.of(state));

    assertEquals(dir.resolve("train.csv").toRealPath(), roots.resolveFile("$.p", "train.csv"));
    for (String text :
        List.of("vernier-data/vernier.db", "./vernier-data/../vernier-data/vernier.db")) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> roots.resolveFile("$.p", text));
      assertTrue(e.getMessage().contains("state folder"), e.getMessage());
      assertEquals("$.p", e.field());
    }
    assertThrows(
        InvalidInputException.class, () -> roots.resolveFileOrFolder("$.p", "vernier-data"));
    Files.createSymbolicLink(folder.resolve("b.csv"), state.resolve("vernier.db"));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> roots.resolveFileOrFolder("$.p", "batch"));
    assertTrue(e.getMessage().contains("state folder"), e.getMessage());
    Files.createSymbolicLink(dir.resolve("innocent.csv"), state.resolve("vernier.db"));
    assertThrows(InvalidInputException.class, () -> roots.resolveFile("$.p", "innocent.csv"));
    // without the exclusion (as before) the database was readable
    assertEquals(
        state.resolve("vernier.db").toRealPath(),
        new DataRoots(List.of(dir)).resolveFile("$.p", "vernier-data/vernier.db"));
  }
}
