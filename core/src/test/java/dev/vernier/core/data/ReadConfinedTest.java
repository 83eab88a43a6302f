package dev.vernier.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DatasetReaders#readConfined}: each file goes through the caller's check just before it is
 * read and is opened without following a link, so a file swapped for a link between the check and
 * the open is not read. The swap is made inside the check here, the narrowest window there is.
 */
class ReadConfinedTest {
  @TempDir Path dir;

  static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A check that passes {@code victim} and then swaps it for a link to {@code target}. */
  static UnaryOperator<Path> swapsAfterChecking(Path victim, Path target) {
    return f -> {
      Path r = real(f);
      if (f.getFileName().equals(victim.getFileName())) {
        try {
          Files.delete(victim);
          Files.createSymbolicLink(victim, target);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return r;
    };
  }

  @Test
  void aFileSwappedForALinkBetweenItsCheckAndItsOpenIsNotRead() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.csv"), "1,777\n0,777\n");
    Path train = Files.writeString(dir.resolve("train.csv"), "1,0\n0,0\n1,0\n");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                DatasetReaders.readConfined(train, null, null, swapsAfterChecking(train, secret)));
    assertEquals("train.csv", e.field(), e.getMessage());
    assertTrue(e.rule().contains("became a link after it was checked"), e.rule());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
  }

  @Test
  void aFileOfAFolderSwappedBetweenItsCheckAndItsOpenIsNotRead() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.csv"), "1,777\n0,777\n");
    Path folder = Files.createDirectories(dir.resolve("f2"));
    Files.writeString(folder.resolve("a.csv"), "1,0\n");
    Path b = Files.writeString(folder.resolve("b.csv"), "0,0\n");
    assertThrows(
        InvalidInputException.class,
        () -> DatasetReaders.readConfined(folder, null, null, swapsAfterChecking(b, secret)));
  }

  @Test
  void everyFileGoesThroughTheCheckAndLinksInItAreFollowedWhenItAllowsThem() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("f3"));
    Files.writeString(folder.resolve("a.csv"), "1,0\n");
    Path elsewhere = Files.writeString(dir.resolve("elsewhere.csv"), "0,5\n1,5\n");
    Files.createSymbolicLink(folder.resolve("b.csv"), elsewhere);
    List<String> checked = new ArrayList<>();
    Dataset d =
        DatasetReaders.readConfined(
            folder,
            null,
            null,
            f -> {
              checked.add(dir.relativize(f).toString());
              return real(f);
            });
    assertEquals(3, d.rows());
    assertEquals(List.of("f3", "f3/a.csv", "f3/b.csv"), checked);
    // outside readConfined, links are followed as before
    assertEquals(2, DatasetReaders.read(folder.resolve("b.csv"), null).rows());
  }
}
