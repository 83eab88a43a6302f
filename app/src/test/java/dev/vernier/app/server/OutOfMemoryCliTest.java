package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run too big for the Java heap (an MLP of 8 layers of 8,192 units on the java backend needs
 * about 2 GB of weights) ended in an uncaught OutOfMemoryError's stack trace: it now ends with one
 * line saying what ran out and what to do, exit 1. A separate JVM of 512 MiB (as {@link Processes}
 * starts them).
 */
class OutOfMemoryCliTest {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void aRunTooBigForTheHeapSaysSoInOneLine() throws Exception {
    Path data = Files.writeString(dir.resolve("d.csv"), "0,1,2\n1,2,3\n".repeat(20));
    Path log = dir.resolve("out.log");
    Process p =
        Processes.vernier(
            log,
            "train",
            "--algorithm",
            "mlp",
            "--backend",
            "java",
            "--train",
            data.toString(),
            "--hp",
            "hidden_units=8192",
            "--hp",
            "num_layers=8",
            "--hp",
            "epochs=1",
            "--model-dir",
            dir.resolve("model").toString());
    assertTrue(p.waitFor(100, TimeUnit.SECONDS), "the run ended");
    String out = Files.readString(log);
    assertEquals(1, p.exitValue(), out);
    assertTrue(out.contains("failed: out of memory: this run needed more than the"), out);
    assertTrue(out.contains("-Xmx"), out);
    assertFalse(out.contains("\tat "), "no stack trace: " + out);
  }
}
