package dev.vernier.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The production jar's {@code vernier bench}: the benchmarks are elsewhere, and it says where. */
class BenchNotBuiltCommandTest {
  @Test
  void benchSaysWhichJarHasTheBenchmarksAndExitsTwo() {
    CliTest.Result r = CliTest.run("bench", "kernels", "--repeats", "1");
    assertEquals(VernierCommand.BAD_INPUT, r.code(), r.err());
    assertTrue(r.err().startsWith("error: bench: "), r.err());
    assertTrue(r.err().contains("bench/target/vernier-bench.jar"), r.err());
    assertTrue(r.err().contains("mvn -pl bench -am package"), r.err());
    assertTrue(r.err().contains("got 'bench kernels --repeats 1'"), r.err());
  }

  @Test
  void benchAloneSaysTheSame() {
    CliTest.Result r = CliTest.run("bench");
    assertEquals(VernierCommand.BAD_INPUT, r.code(), r.err());
    assertTrue(r.err().contains("bench/target/vernier-bench.jar"), r.err());
  }
}
