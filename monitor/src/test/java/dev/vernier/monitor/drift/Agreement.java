package dev.vernier.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How our numbers are compared with scipy's: statistics to 1e-9 absolute, p-values to 1e-6
 * relative. A p-value scipy gives below 1e-300 (0 included) sits where doubles lose their relative
 * precision (subnormals below 2.2e-308, or the last bits of an underflowing sum), so there the only
 * requirement is that ours is below 1e-300 too: both say "no chance".
 */
final class Agreement {
  private Agreement() {}

  static final double STATISTIC_ABS = 1e-9;
  static final double P_REL = 1e-6;
  static final double P_FLOOR = 1e-300;

  static void statistic(double expected, double actual, String what) {
    assertEquals(expected, actual, STATISTIC_ABS, what);
  }

  static void pValue(double expected, double actual, String what) {
    if (expected < P_FLOOR) {
      assertTrue(actual < P_FLOOR, what + ": scipy " + expected + ", ours " + actual);
    } else {
      assertEquals(expected, actual, P_REL * expected, what);
    }
  }

  /** A sample as the fixture stores it: {"values": [...]} or distinct values with counts. */
  static double[] sample(JsonNode node) {
    JsonNode values = node.get("values");
    JsonNode counts = node.get("counts");
    if (counts == null) {
      double[] out = new double[values.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = values.get(i).asDouble();
      }
      return out;
    }
    int n = 0;
    for (JsonNode c : counts) {
      n += c.asInt();
    }
    double[] out = new double[n];
    int k = 0;
    for (int i = 0; i < values.size(); i++) {
      double v = values.get(i).asDouble();
      for (int c = counts.get(i).asInt(); c > 0; c--) {
        out[k++] = v;
      }
    }
    // order must not matter: interleave so the sample is not handed over sorted
    for (int i = 0; i + 1 < n; i += 2) {
      int j = n - 1 - i;
      double t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }
}
