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
 * about 2 GB of weights) ended in an uncaught OutOfMemoryError's stack trace; then in one line
 * saying what ran out (exit 1). Now the MLP's memory estimate refuses it before it allocates
 * anything: one line with the estimate, the free heap and the hyperparameters that drive it, exit 2
 * (bad input), no stack trace. A separate JVM of 512 MiB (as {@link Processes} starts them).
 */
class OutOfMemoryCliTest {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void aRunTooBigForTheHeapIsRefusedBeforeItAllocates() throws Exception {
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
    assertEquals(2, p.exitValue(), out);
    assertTrue(
        out.contains("hidden_units 8192 x num_layers 8")
            && out.contains("MiB of Java heap; this worker has")
            && out.contains("lower mini_batch_size, hidden_units or num_layers"),
        out);
    assertFalse(out.contains("\tat "), "no stack trace: " + out);
    assertFalse(Files.exists(dir.resolve("model")), "nothing written");
  }
}
