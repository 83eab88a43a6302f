package dev.vernier.tuner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job document says what stops a job's trials, whatever {@code earlyStopping} was set to. */
class EarlyStoppingRuleTest {
  @TempDir Path dir;
  TunerHarness h;

  @BeforeEach
  void setUp() throws Exception {
    h = new TunerHarness(dir);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  private String rule(String name, String strategy, String extra) throws Exception {
    h.submit(h.job(name, strategy, 12, 2, extra.replace('\'', '"')));
    return h.service.earlyStoppingRule(h.service.job(name).orElseThrow().spec());
  }

  @Test
  void aHyperbandJobNamesAshaWithItsEtaAndRungsThoughEarlyStoppingIsOff() throws Exception {
    String rule = rule("hb", "hyperband", ",'staticHyperparameters':{'epochs':27}");
    assertEquals("off", h.service.job("hb").orElseThrow().spec().earlyStopping());
    assertEquals("hyperband (ASHA, eta 3, rungs 1/3/9 of 27 epochs)", rule);
    // the algorithm's default epochs (5) when none are given
    assertEquals("hyperband (ASHA, eta 3, rungs 1/3 of 5 epochs)", rule("hb5", "hyperband", ""));
    // one epoch leaves no rung: the document says nothing is stopped, not "rungs  of 1 epochs"
    assertEquals(
        "hyperband (ASHA, eta 3, no rung below 1 epoch: no trial is stopped early)",
        rule("hb1", "hyperband", ",'staticHyperparameters':{'epochs':1}"));
  }

  @Test
  void autoWithRandomSearchNamesTheMedianRuleAndItsSettings() throws Exception {
    assertEquals(
        "median (minTrials 4, minEpochs 1, percentile 25, minRankCorrelation 0.5) (auto)",
        rule("med", "random", ",'earlyStopping':'auto'"));
    // a job's own settings are what its document shows, as they are what its stopper runs with
    assertEquals(
        "median (minTrials 4, minEpochs 2, percentile 40, minRankCorrelation 0.5)",
        rule(
            "med2",
            "random",
            ",'earlyStopping':{'type':'median','minTrials':4,'minEpochs':2,'percentile':40}"));
    assertEquals("off", rule("plain", "random", ""));
  }
}
