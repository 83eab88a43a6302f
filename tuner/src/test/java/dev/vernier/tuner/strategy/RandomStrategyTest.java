package dev.vernier.tuner.strategy;

class RandomStrategyTest extends SearchStrategyContractTest {
  @Override
  SearchStrategy create() {
    return new RandomStrategy();
  }
}
