package dev.vernier.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code vernier bench decisions} refuses bad options before it trains anything. */
class BenchDecisionsCommandTest {

  @Test
  void anUnknownLineIsRefusedNamingTheOptionAndTheLines() {
    BenchCli.Result r = BenchCli.run("bench", "decisions", "--only", "asha,medain");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--only"), r.err());
    assertTrue(r.err().contains("asha, median, warm-identical, warm-transfer"), r.err());
    assertTrue(r.err().contains("medain"), r.err());
  }

  @Test
  void seedsMustBeAtLeastOne() {
    BenchCli.Result r = BenchCli.run("bench", "decisions", "--seeds", "0");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--seeds"), r.err());
  }

  @Test
  void theFirstSeedMustLeaveTheParentsSeedsApart() {
    for (String bad : new String[] {"0", "1001", "-3"}) {
      BenchCli.Result r = BenchCli.run("bench", "decisions", "--first-seed", bad);
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains("--first-seed: must be between 1 and 1000"), r.err());
      assertTrue(r.err().contains(bad), r.err());
    }
  }

  @Test
  void aFolderWithoutFashionMnistIsRefused() {
    BenchCli.Result r = BenchCli.run("bench", "decisions", "--data", "/nonexistent-fmnist");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--data"), r.err());
  }
}
