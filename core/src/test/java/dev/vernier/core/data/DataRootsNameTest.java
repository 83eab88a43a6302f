package dev.vernier.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DataRoots#nameOf}: a resolved file as a job names it, for remote workers. */
class DataRootsNameTest {
  @TempDir Path dir;

  @Test
  void aFileIsNamedRelativeToTheFirstRootHoldingIt() throws Exception {
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b/sub"));
    DataRoots roots = new DataRoots(List.of(a, dir.resolve("b")));
    assertEquals("sub/t.csv", roots.nameOf(b.toRealPath().resolve("t.csv")));
    assertEquals("x.csv", roots.nameOf(a.toRealPath().resolve("x.csv")));
    assertNull(roots.nameOf(dir.toRealPath().resolve("outside.csv")), "under no root");
    assertNull(roots.nameOf(a.toRealPath()), "a root itself has no name");
  }
}
