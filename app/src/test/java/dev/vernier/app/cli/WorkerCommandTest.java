package dev.vernier.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker whose --data-root is not a folder would join the fleet and fail every trial it took,
 * each with a puzzling reason: it refuses to start instead, before it contacts any service.
 */
class WorkerCommandTest {
  @TempDir Path dir;

  @Test
  void aDataRootThatIsNotAFolderIsRefusedBeforeJoining() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    // no service listens on port 9: the check comes first, so the answer is exit 2, not 1
    for (Path root : new Path[] {dir.resolve("missing"), file}) {
      CliTest.Result r =
          CliTest.run(
              "worker",
              "--server",
              "http://127.0.0.1:9",
              "--token",
              "vrn_w_x",
              "--data-root",
              root.toString(),
              "--work-dir",
              dir.resolve("work").toString());
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains("--data-root: "), r.err());
      assertTrue(
          r.err().contains(Files.exists(root) ? "must be a folder" : "no such folder"), r.err());
      assertTrue(r.err().contains(root.toString()), r.err());
    }
  }

  @Test
  void aWorkDirThatIsAFileIsRefusedBeforeJoining() throws Exception {
    Path file = Files.writeString(dir.resolve("afile"), "x");
    CliTest.Result r =
        CliTest.run(
            "worker",
            "--server",
            "http://127.0.0.1:9",
            "--token",
            "vrn_w_x",
            "--work-dir",
            file.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--work-dir: must be a folder"), r.err());
  }
}
