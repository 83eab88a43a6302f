package dev.vernier.monitor.drift;

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
