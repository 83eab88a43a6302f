package dev.vernier.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.monitor.drift.method.ChiSquared;
import dev.vernier.monitor.drift.method.JensenShannon;
import dev.vernier.monitor.drift.method.KolmogorovSmirnov;
import dev.vernier.monitor.drift.method.LInfinity;
import dev.vernier.monitor.drift.method.PopulationStability;
import dev.vernier.monitor.drift.method.Wasserstein;
import dev.vernier.monitor.drift.stats.KolmogorovDistribution;
import dev.vernier.monitor.drift.stats.Smirnov;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Agreement with scipy on small and mid-sized samples: {@code drift/scipy_fixtures.json}, written
 * by {@code monitor/src/test/python/drift_fixtures.py} (seeded; see its header for what each
 * section holds and {@link Agreement} for the tolerances).
 */
class ScipyFixturesTest {
  private static JsonNode fixtures;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in =
        ScipyFixturesTest.class.getResourceAsStream("/drift/scipy_fixtures.json")) {
      assertNotNull(in, "drift/scipy_fixtures.json is missing from the test resources");
      fixtures = new ObjectMapper().readTree(in);
    }
  }

  @Test
  void kolmogorovSmirnovMatchesKs2samp() {
    DriftMethod ks = new KolmogorovSmirnov();
    int exact = 0;
    int asymp = 0;
    for (JsonNode c : fixtures.get("ks")) {
      String name = c.get("name").asText();
      DriftScore s = ks.fit(Agreement.sample(c.get("a"))).score(Agreement.sample(c.get("b")));
      Agreement.statistic(c.get("statistic").asDouble(), s.statistic(), name + " statistic");
      Agreement.pValue(c.get("pvalue").asDouble(), s.pValue(), name + " p-value");
      if (c.get("path").asText().equals("exact")) {
        exact++;
      } else {
        asymp++;
      }
    }
    assertTrue(exact >= 50 && asymp >= 40, exact + " exact, " + asymp + " asymptotic cases");
  }

  @Test
  void kolmogorovDistributionMatchesKstwoSf() {
    for (JsonNode row : fixtures.get("kstwo")) {
      int n = row.get(0).asInt();
      double d = row.get(1).asDouble();
      Agreement.pValue(
          row.get(2).asDouble(), KolmogorovDistribution.sf(n, d), "kstwo.sf(" + d + ", " + n + ")");
    }
  }

  @Test
  void smirnovMatchesScipySpecial() {
    for (JsonNode row : fixtures.get("smirnov")) {
      int n = row.get(0).asInt();
      double d = row.get(1).asDouble();
      Agreement.pValue(row.get(2).asDouble(), Smirnov.sf(n, d), "smirnov(" + n + ", " + d + ")");
    }
  }

  @Test
  void binnedMethodsAndWassersteinMatchTheReference() {
    DriftMethod psi = new PopulationStability();
    DriftMethod js = new JensenShannon();
    DriftMethod w = new Wasserstein();
    for (JsonNode c : fixtures.get("binned")) {
      String name = c.get("name").asText();
      double[] a = Agreement.sample(c.get("a"));
      double[] b = Agreement.sample(c.get("b"));
      Agreement.statistic(c.get("psi").asDouble(), psi.fit(a).score(b).statistic(), name + " psi");
      Agreement.statistic(c.get("js").asDouble(), js.fit(a).score(b).statistic(), name + " js");
      Agreement.statistic(
          c.get("wasserstein").asDouble(), w.fit(a).score(b).statistic(), name + " wasserstein");
    }
  }

  @Test
  void chiSquaredMatchesChisquareAndLInfinityTheShares() {
    DriftMethod chi2 = new ChiSquared();
    DriftMethod linf = new LInfinity();
    for (JsonNode c : fixtures.get("chi2")) {
      String name = c.get("name").asText();
      double[] a = Agreement.sample(c.get("a"));
      double[] b = Agreement.sample(c.get("b"));
      DriftScore s = chi2.fit(a).score(b);
      double expected = c.get("statistic").asDouble();
      // a sum of up to 20000: compared relatively, 1e-12, or 1e-9 absolutely near 0
      Agreement.statistic(
          expected / Math.max(1, expected / 1000),
          s.statistic() / Math.max(1, expected / 1000),
          name + " chi2 statistic");
      Agreement.pValue(c.get("pvalue").asDouble(), s.pValue(), name + " chi2 p-value");
      Agreement.statistic(
          c.get("linf").asDouble(), linf.fit(a).score(b).statistic(), name + " linf");
    }
  }
}
