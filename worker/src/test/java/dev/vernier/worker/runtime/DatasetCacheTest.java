package dev.vernier.worker.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.fleet.TrialAssignment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: a channel file swapped for a link out of the data roots after its job was checked was
 * read by the worker. With roots, the worker opens real paths under them only.
 */
class DatasetCacheTest {
  @TempDir Path dir;

  @Test
  void aChannelSwappedForALinkOutOfTheRootsIsRefusedWithoutShowingItsTarget() throws Exception {
    Path root = Files.createDirectories(dir.resolve("datasets"));
    Path secret = dir.resolve("secret.csv");
    Files.writeString(secret, "1,2,3\n0,4,5\n");
    Path train = root.resolve("train.csv");
    Files.writeString(train, "1,0.5,0.25\n0,0.75,1\n");
    TrialAssignment.ChannelData ch =
        new TrialAssignment.ChannelData(train.toString(), null, "auto");
    BuiltInExecutor.DatasetCache cache = new BuiltInExecutor.DatasetCache(List.of(root));
    assertEquals(2, cache.get(ch).rows(), "a file under the root is read");

    Files.delete(train);
    Files.createSymbolicLink(train, secret); // swapped after the job was checked
    BuiltInExecutor.DatasetCache fresh = new BuiltInExecutor.DatasetCache(List.of(root));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> fresh.get(ch));
    assertTrue(e.getMessage().contains("must lie under a data root"), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());

    // a link that stays under the root is followed; without roots nothing is checked
    Path inside = root.resolve("inside.csv");
    Files.writeString(inside, "1,2,3\n");
    Files.delete(train);
    Files.createSymbolicLink(train, inside);
    assertEquals(1, new BuiltInExecutor.DatasetCache(List.of(root)).get(ch).rows());
    Files.delete(train);
    Files.createSymbolicLink(train, secret);
    assertEquals(2, new BuiltInExecutor.DatasetCache(List.of()).get(ch).rows());
  }

  /**
   * Issue 13, item 5: the service's state folder is never read as data, even when a data root holds
   * it; its retraining folder (a root of its own inside it) is.
   */
  @Test
  void theStateFolderIsNotReadExceptThroughARootInsideIt() throws Exception {
    Path root = dir;
    Path state = Files.createDirectories(dir.resolve("vernier-data"));
    Path retraining = Files.createDirectories(state.resolve("artifacts/retraining"));
    Files.writeString(state.resolve("vernier.db"), "1,2,3\n");
    Files.writeString(retraining.resolve("r.csv"), "1,2,3\n");
    BuiltInExecutor.DatasetCache cache =
        new BuiltInExecutor.DatasetCache(List.of(root, retraining), List.of(state));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                cache.get(
                    new TrialAssignment.ChannelData(
                        state.resolve("vernier.db").toString(), null, "auto")));
    assertTrue(e.getMessage().contains("state folder"), e.getMessage());
    assertEquals(
        1,
        cache
            .get(
                new TrialAssignment.ChannelData(
                    retraining.resolve("r.csv").toString(), null, "auto"))
            .rows());
  }

  /**
   * The service shows a remote worker its channels relative to the data root ({@code train.csv}):
   * the worker looks them up under its own roots in order, and a relative path still cannot leave
   * them.
   */
  @Test
  void aRelativeChannelPathIsLookedUpUnderTheRootsInOrder() throws Exception {
    Path first = Files.createDirectories(dir.resolve("first"));
    Path second = Files.createDirectories(dir.resolve("second"));
    Files.writeString(second.resolve("train.csv"), "1,0.5\n0,0.25\n");
    Files.writeString(dir.resolve("outside.csv"), "1,2\n");
    BuiltInExecutor.DatasetCache cache = new BuiltInExecutor.DatasetCache(List.of(first, second));
    assertEquals(2, cache.get(new TrialAssignment.ChannelData("train.csv", null, "auto")).rows());
    Files.writeString(first.resolve("train.csv"), "1,0.5\n");
    assertEquals(
        1,
        new BuiltInExecutor.DatasetCache(List.of(first, second))
            .get(new TrialAssignment.ChannelData("train.csv", null, "auto"))
            .rows(),
        "the first root that has it wins");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> cache.get(new TrialAssignment.ChannelData("../outside.csv", null, "auto")));
    assertTrue(e.getMessage().contains("must lie under a data root"), e.getMessage());
  }
}
