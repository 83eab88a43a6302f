package dev.vernier.tuner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store serves only its own model files: no path, link or neighbour folder leads outside. */
class ArtifactStoreTest {
  @TempDir Path dir;

  @Test
  void findsWhatPutStoredAndNothingOutsideTheModelFiles() throws Exception {
    ArtifactStore store = new ArtifactStore(dir.resolve("artifacts"));
    Path stored = store.put("model.vernier", new ByteArrayInputStream(new byte[] {1, 2, 3}), 100);
    assertEquals(Optional.of(stored.toRealPath()), store.find(stored.toString()));

    Path secret = Files.writeString(dir.resolve("secret.txt"), "not a model");
    assertTrue(store.find(secret.toString()).isEmpty(), "a file outside the store");
    assertTrue(
        store.find(stored.getParent().resolve("../../../secret.txt").toString()).isEmpty(),
        "a path that climbs out of the store");
    Path link = stored.getParent().resolve("link.vernier");
    Files.createSymbolicLink(link, secret);
    assertTrue(store.find(link.toString()).isEmpty(), "a link inside that points outside");
    Path beside = Files.createDirectories(store.root().resolve("retraining"));
    Path data = Files.writeString(beside.resolve("data.csv"), "1,2\n");
    assertTrue(store.find(data.toString()).isEmpty(), "the store's folder but not a model file");
    assertTrue(store.find(stored.getParent().toString()).isEmpty(), "a folder");
    assertTrue(store.find(null).isEmpty());
    assertTrue(store.find("").isEmpty());
    assertTrue(store.find("\0").isEmpty());
  }
}
