package dev.vernier.monitor.drift.method;

import dev.vernier.monitor.drift.DriftMethod;

/** The {@link DriftMethodContractTest} for {@link JensenShannon}. */
class JensenShannonTest extends DriftMethodContractTest {
  @Override
  DriftMethod create() {
    return new JensenShannon();
  }

  @Override
  double disjointStatistic() {
    return 1.0;
  }
}
