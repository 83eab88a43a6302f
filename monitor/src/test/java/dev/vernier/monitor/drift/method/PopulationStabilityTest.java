package dev.vernier.monitor.drift.method;

import dev.vernier.monitor.drift.DriftMethod;

/** The {@link DriftMethodContractTest} for {@link PopulationStability}. */
class PopulationStabilityTest extends DriftMethodContractTest {
  @Override
  DriftMethod create() {
    return new PopulationStability();
  }

  @Override
  double disjointStatistic() {
    return Double.NaN;
  }
}
