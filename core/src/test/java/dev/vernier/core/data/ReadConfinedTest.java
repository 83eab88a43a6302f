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

  /**
   * A check that passes a file and then swaps {@code folder}, a folder on the file's path, for a
   * link to {@code target}, which holds a file of the same name.
   */
  static UnaryOperator<Path> swapsFolderAfterChecking(Path folder, Path target) {
    return f -> {
      Path r = real(f);
      try {
        Files.move(folder, folder.resolveSibling(folder.getFileName() + ".old"));
        Files.createSymbolicLink(folder, target);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return r;
    };
  }

  /**
   * The file's own name is opened without following a link, but a folder above it used to be
   * followed: swapped for a link between the check and the open, it made the read take the file of
   * the same name wherever the link pointed. Now each folder is opened without following a link
   * too, from the data root (or from the filesystem's root).
   */
  @Test
  void aFolderOnTheFilesPathSwappedForALinkBetweenTheCheckAndTheOpenIsNotRead() throws Exception {
    for (boolean fromRoot : new boolean[] {true, false}) {
      Path root = Files.createDirectories(dir.resolve("root-" + fromRoot)).toRealPath();
      Path sub = Files.createDirectories(root.resolve("jobs/sub"));
      Path train = Files.writeString(sub.resolve("train.csv"), "1,0\n0,0\n1,0\n");
      Path secret = Files.createDirectories(dir.resolve("secret-" + fromRoot));
      Files.writeString(secret.resolve("train.csv"), "1,777\n0,777\n");
      UnaryOperator<Path> check = swapsFolderAfterChecking(sub, secret);
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> {
                if (fromRoot) {
                  DatasetReaders.readConfined(train, null, null, List.of(root), check);
                } else {
                  DatasetReaders.readConfined(train, null, null, check);
                }
              });
      assertEquals("train.csv", e.field(), e.getMessage());
      assertEquals("its folder 'sub' became a link after the file was checked; not read", e.rule());
      assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }
  }

  @Test
  void aFolderHigherUpSwappedIsCaughtToo() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root")).toRealPath();
    Path jobs = Files.createDirectories(root.resolve("jobs"));
    Path train =
        Files.writeString(
            Files.createDirectories(jobs.resolve("a/b")).resolve("train.csv"), "1,0\n0,0\n");
    Path secret = Files.createDirectories(dir.resolve("secret/a/b"));
    Files.writeString(secret.resolve("train.csv"), "1,777\n0,777\n");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                DatasetReaders.readConfined(
                    train,
                    null,
                    null,
                    List.of(root),
                    swapsFolderAfterChecking(jobs, dir.resolve("secret"))));
    assertTrue(e.rule().startsWith("its folder 'jobs' became a link"), e.rule());
  }

  @Test
  void aFolderChannelWhoseFolderIsSwappedAfterItsFirstFileIsNotReadFurther() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root")).toRealPath();
    Path folder = Files.createDirectories(root.resolve("f"));
    Files.writeString(folder.resolve("a.csv"), "1,0\n");
    Path b = Files.writeString(folder.resolve("b.csv"), "0,0\n");
    Path secret = Files.createDirectories(dir.resolve("secret"));
    Files.writeString(secret.resolve("a.csv"), "1,777\n");
    Files.writeString(secret.resolve("b.csv"), "0,777\n");
    UnaryOperator<Path> swapAtB =
        f -> {
          if (f.getFileName().equals(b.getFileName())) {
            return swapsFolderAfterChecking(folder, secret).apply(f);
          }
          return real(f);
        };
    assertThrows(
        InvalidInputException.class,
        () -> DatasetReaders.readConfined(folder, null, null, List.of(root), swapAtB));
  }

  @Test
  void linksResolvedByTheCheckAndDataUnderTheRootReadAsBefore() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root")).toRealPath();
    Path deep = Files.createDirectories(root.resolve("x/y"));
    Files.writeString(deep.resolve("train.csv"), "1,0\n0,0\n");
    Files.createSymbolicLink(root.resolve("link"), deep);
    // the check resolves the link; the real path, link-free, is what is walked
    Dataset d =
        DatasetReaders.readConfined(
            root.resolve("link/train.csv"), null, null, List.of(root), ReadConfinedTest::real);
    assertEquals(2, d.rows());
  }
}
