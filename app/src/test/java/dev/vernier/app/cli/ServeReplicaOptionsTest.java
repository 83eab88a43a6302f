package dev.vernier.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.app.server.ServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --replica-id} and {@code --artifacts}: their defaults, and exit 2 on bad values. */
class ServeReplicaOptionsTest {
  @TempDir Path dir;

  ServerSettings settings(String... args) {
    ServeCommand serve = new ServeCommand();
    new picocli.CommandLine(serve).parseArgs(args);
    return serve.settings();
  }

  @Test
  void theDefaultsAreHostnameAndPidAndArtifactsInData() {
    ServerSettings s = settings("--data", dir.toString());
    assertTrue(
        s.replicaId().endsWith("-" + ProcessHandle.current().pid()), "default: " + s.replicaId());
    assertTrue(ServerSettings.REPLICA_ID.matcher(s.replicaId()).matches(), s.replicaId());
    assertEquals(dir.resolve("artifacts"), s.artifactsDir());
  }

  @Test
  void theOptionsReachTheSettings() {
    Path shared = dir.resolve("nfs").resolve("artifacts");
    ServerSettings s =
        settings(
            "--data",
            dir.toString(),
            "--replica-id",
            "eu-1.vernier:a_2",
            "--artifacts",
            shared.toString());
    assertEquals("eu-1.vernier:a_2", s.replicaId());
    assertEquals(shared, s.artifactsDir());
    assertTrue(Files.isDirectory(shared), "created");
    assertEquals(0, shared.toFile().list().length, "the write check leaves nothing");
  }

  @Test
  void badValuesExitTwoNamingTheOption() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    String[][] cases = {
      {"--replica-id", ""},
      {"--replica-id", "has space"},
      {"--replica-id", "x".repeat(129)},
      {"--replica-id", "r/1"},
      {"--artifacts", file.toString()},
      {"--artifacts", file.resolve("under-a-file").toString()},
    };
    for (String[] c : cases) {
      String[] r = DatabaseOptionsTest.run("serve", "--data", dir.toString(), c[0], c[1]);
      assertEquals("2", r[0], String.join(" ", c) + ": " + r[1] + r[2]);
      assertTrue(r[2].startsWith("error: " + c[0]), r[2]);
    }
    assertFalse(Files.exists(dir.resolve("vernier.db")), "nothing was opened");
    assertEquals(
        "x".repeat(128),
        settings("--data", dir.toString(), "--replica-id", "x".repeat(128)).replicaId());
  }
}
