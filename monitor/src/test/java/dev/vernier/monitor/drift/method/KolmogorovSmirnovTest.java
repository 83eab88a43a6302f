package dev.vernier.monitor.drift.method;

import dev.vernier.monitor.drift.DriftMethod;

/** The {@link DriftMethodContractTest} for {@link KolmogorovSmirnov}. */
class KolmogorovSmirnovTest extends DriftMethodContractTest {
  @Override
  DriftMethod create() {
    return new KolmogorovSmirnov();
  }

  @Override
  double disjointStatistic() {
    return 1.0;
  }
}
