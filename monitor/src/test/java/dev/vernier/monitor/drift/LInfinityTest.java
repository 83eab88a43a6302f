package dev.vernier.monitor.drift;

/** The {@link DriftMethodContractTest} for {@link LInfinity}. */
class LInfinityTest extends DriftMethodContractTest {
  @Override
  DriftMethod create() {
    return new LInfinity();
  }

  @Override
  double disjointStatistic() {
    return 1.0;
  }
}
