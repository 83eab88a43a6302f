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
    return vernier(log, java.util.Map.of(), args);
  }

  /** As {@link #vernier(Path, String...)}, with {@code env} added to the child's environment. */
  static Process vernier(Path log, java.util.Map<String, String> env, String... args)
      throws IOException {
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
    ProcessBuilder b = new ProcessBuilder(cmd);
    b.environment().putAll(env);
    return b.redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
  static void kill9(Process p) throws InterruptedException {
    p.destroyForcibly();
    p.waitFor();
  }
}
