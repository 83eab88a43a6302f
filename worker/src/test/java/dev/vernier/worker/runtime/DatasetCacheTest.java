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
    DatasetCache cache = new DatasetCache(List.of(root));
    assertEquals(2, cache.get(ch).rows(), "a file under the root is read");

    Files.delete(train);
    Files.createSymbolicLink(train, secret); // swapped after the job was checked
    DatasetCache fresh = new DatasetCache(List.of(root));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> fresh.get(ch));
    assertTrue(e.getMessage().contains("must lie under a data root"), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());

    // a link that stays under the root is followed; without roots nothing is checked
    Path inside = root.resolve("inside.csv");
    Files.writeString(inside, "1,2,3\n");
    Files.delete(train);
    Files.createSymbolicLink(train, inside);
    assertEquals(1, new DatasetCache(List.of(root)).get(ch).rows());
    Files.delete(train);
    Files.createSymbolicLink(train, secret);
    assertEquals(2, new DatasetCache(List.of()).get(ch).rows());
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
    DatasetCache cache = new DatasetCache(List.of(root, retraining), List.of(state));
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
    DatasetCache cache = new DatasetCache(List.of(first, second));
    assertEquals(2, cache.get(new TrialAssignment.ChannelData("train.csv", null, "auto")).rows());
    Files.writeString(first.resolve("train.csv"), "1,0.5\n");
    assertEquals(
        1,
        new DatasetCache(List.of(first, second))
            .get(new TrialAssignment.ChannelData("train.csv", null, "auto"))
            .rows(),
        "the first root that has it wins");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> cache.get(new TrialAssignment.ChannelData("../outside.csv", null, "auto")));
    assertTrue(e.getMessage().contains("must lie under a data root"), e.getMessage());
  }

  /**
   * A channel folder is checked file by file when it is read: a file of the folder swapped for a
   * link out of the roots after the job was accepted is refused (the service checked each file at
   * submission only).
   */
  @Test
  void aFileOfAChannelFolderSwappedForALinkOutOfTheRootsIsRefused() throws Exception {
    Path root = Files.createDirectories(dir.resolve("datasets"));
    Path folder = Files.createDirectories(root.resolve("f2"));
    Files.writeString(folder.resolve("a.csv"), "1,0,0\n");
    Files.writeString(folder.resolve("b.csv"), "0,0,0\n");
    Path secret = dir.resolve("secret.csv");
    Files.writeString(secret, "1,777,777\n0,777,777\n");
    TrialAssignment.ChannelData ch =
        new TrialAssignment.ChannelData(folder.toString(), null, "auto", "f2", null);
    assertEquals(2, new DatasetCache(List.of(root)).get(ch).rows());

    Files.delete(folder.resolve("a.csv"));
    Files.createSymbolicLink(folder.resolve("a.csv"), secret);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> new DatasetCache(List.of(root)).get(ch));
    assertTrue(e.getMessage().contains("must lie under a data root"), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
    // a link that stays under the root is still followed
    Files.delete(folder.resolve("a.csv"));
    Files.writeString(root.resolve("inside.csv"), "1,0,0\n1,0,0\n");
    Files.createSymbolicLink(folder.resolve("a.csv"), root.resolve("inside.csv"));
    assertEquals(3, new DatasetCache(List.of(root)).get(ch).rows());
  }

  /**
   * A remote worker whose datasets are mounted elsewhere than the service's: the service's path
   * names nothing under the worker's roots, so the channel's name (relative to the service's data
   * root) is looked up under them, and the model's provenance names the data as the job does.
   */
  @Test
  void aRemoteWorkerFindsAChannelByItsNameUnderItsOwnRoots() throws Exception {
    Path service = Files.createDirectories(dir.resolve("service-root"));
    Path mine = Files.createDirectories(dir.resolve("worker-root/sub"));
    Files.writeString(service.resolve("train.csv"), "1,0.5\n");
    Files.writeString(mine.resolve("train.csv"), "1,0.5\n0,0.25\n");
    TrialAssignment.ChannelData ch =
        new TrialAssignment.ChannelData(
            service.resolve("sub/train.csv").toString(), null, "auto", "sub/train.csv", null);
    var d = new DatasetCache(List.of(dir.resolve("worker-root"))).get(ch);
    assertEquals(2, d.rows());
    assertEquals("sub/train.csv", d.name());

    // the service's own path wins when this worker sees it under its roots (a shared mount)
    Files.createDirectories(service.resolve("sub"));
    Files.writeString(service.resolve("sub/train.csv"), "1,0.5\n");
    assertEquals(1, new DatasetCache(List.of(service, dir.resolve("worker-root"))).get(ch).rows());

    // under none of the roots: the error says which roots were searched and what to do
    TrialAssignment.ChannelData missing =
        new TrialAssignment.ChannelData(
            service.resolve("other.csv").toString(), null, "auto", "other.csv", null);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> new DatasetCache(List.of(dir.resolve("worker-root"))).get(missing));
    assertEquals("other.csv", e.field());
    assertTrue(e.getMessage().contains("--data-root"), e.getMessage());
    // a name cannot leave the roots either
    TrialAssignment.ChannelData escaping =
        new TrialAssignment.ChannelData(
            "/nowhere/x.csv", null, "auto", "../service-root/train.csv", null);
    assertThrows(
        InvalidInputException.class,
        () -> new DatasetCache(List.of(dir.resolve("worker-root"))).get(escaping));
  }
}
