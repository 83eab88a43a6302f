package dev.vernier.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** With the bench module on the class path, {@code vernier bench} is the real one. */
class BenchCommandTest {
  @Test
  void benchListsItsBenchmarksInsteadOfThePlaceholder() {
    BenchCli.Result r = BenchCli.run("bench");
    assertEquals(0, r.code(), r.err());
    for (String c : new String[] {"kernels", "strategies", "fleet", "ingest", "decisions"}) {
      assertTrue(r.out().contains(c), r.out());
    }
    assertFalse(r.err().contains("vernier-bench.jar"), r.err());
  }

  @Test
  void theOtherCommandsAreStillThere() {
    BenchCli.Result r = BenchCli.run("--help");
    assertEquals(0, r.code(), r.err());
    for (String c : new String[] {"serve", "worker", "tune", "monitor", "demo", "bench"}) {
      assertTrue(r.out().contains(c), r.out());
    }
  }

  @Test
  void badInputToABenchmarkExitsTwoNamingTheOption() {
    BenchCli.Result r = BenchCli.run("bench", "fleet", "--trials", "0");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--trials"), r.err());
    assertTrue(r.err().contains("between 1 and 10000"), r.err());
  }
}
