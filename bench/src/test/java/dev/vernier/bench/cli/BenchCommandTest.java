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

  @Test
  void aWarmupIsRunFirstAndNotCounted() {
    BenchCli.Result bad = BenchCli.run("bench", "fleet", "--warmup", "-1");
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.err().contains("--warmup"), bad.err());
    BenchCli.Result r =
        BenchCli.run(
            "bench",
            "fleet",
            "--trials",
            "12",
            "--warmup",
            "30",
            "--workers",
            "2",
            "--transport",
            "in-process");
    assertEquals(0, r.code(), r.err());
    // the row counts the measured job's 12 trials, not the 30 warm-up ones
    assertTrue(r.out().contains("| sqlite | 1 | in-process | 2 | 0 | 12 |"), r.out());
    assertFalse(r.err().contains("NOTE"), r.err());
  }

  @Test
  void withEarlyStoppingEachHeartbeatBringsADecision() {
    BenchCli.Result r =
        BenchCli.run(
            "bench",
            "fleet",
            "--trials",
            "10",
            "--workers",
            "2",
            "--heartbeats",
            "4",
            "--early-stopping",
            "--transport",
            "in-process");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("| sqlite | 1 | in-process | 2 | 4 | 10 |"), r.out());
    assertFalse(r.err().contains("NOTE"), r.err());
  }
}
