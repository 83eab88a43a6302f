package dev.vernier.monitor.drift.method;

import dev.vernier.monitor.drift.DriftMethod;

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
