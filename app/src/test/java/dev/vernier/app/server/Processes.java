package dev.vernier.app.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code vernier} commands as separate JVMs on the test class path, so tests can kill -9
 * them.
 */
final class Processes {
  private Processes() {}

  static Process vernier(Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add(
        "-Dorg.bytedeco.javacpp.cachedir="
            + System.getProperty(
                "org.bytedeco.javacpp.cachedir", System.getProperty("java.io.tmpdir")));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.vernier.app.Main");
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
  static void kill9(Process p) throws InterruptedException {
    p.destroyForcibly();
    p.waitFor();
  }
}
