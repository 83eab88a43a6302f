package dev.vernier.app.server;

import dev.vernier.tuner.job.JobState;
import dev.vernier.tuner.job.TrialState;
import dev.vernier.tuner.service.TunerMetrics;
import dev.vernier.tuner.storage.FleetStore;
import dev.vernier.tuner.storage.JobStore;
import dev.vernier.tuner.storage.TrialStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The tuner's figures for Prometheus: jobs and trials by state, workers and busy slots (read from
 * storage when scraped), lease expiries and retries, suggest latency, reports.
 */
public final class MicrometerTunerMetrics implements TunerMetrics {
  private final MeterRegistry registry;
  private final Counter expired;
  private final Counter retried;
  private final Timer suggest;

  public MicrometerTunerMetrics(
      MeterRegistry registry, JobStore jobs, TrialStore trials, FleetStore fleet) {
    this.registry = registry;
    this.expired =
        Counter.builder("vernier_lease_expiries")
            .description("leases that expired because their worker went silent")
            .register(registry);
    this.retried =
        Counter.builder("vernier_trial_retries")
            .description("trials put back in the queue after a lost lease")
            .register(registry);
    this.suggest =
        Timer.builder("vernier_suggest_seconds")
            .description("time a strategy took to propose")
            // buckets, not client-side percentiles: histograms add up across replicas
            .publishPercentileHistogram()
            .minimumExpectedValue(java.time.Duration.ofNanos(100_000))
            .maximumExpectedValue(java.time.Duration.ofSeconds(60))
            .register(registry);
    for (JobState s : JobState.values()) {
      Gauge.builder("vernier_jobs", () -> jobs.count(s))
          .tag("state", s.name())
          .description("tuning jobs by state")
          .register(registry);
    }
    for (TrialState s : TrialState.values()) {
      Gauge.builder("vernier_trials", () -> trials.countByState().getOrDefault(s, 0))
          .tag("state", s.name())
          .description("trials by state")
          .register(registry);
    }
    Gauge.builder("vernier_workers", () -> fleet.workers().size())
        .description("registered workers")
        .register(registry);
    Gauge.builder(
            "vernier_worker_slots",
            () -> fleet.workers().stream().mapToInt(FleetStore.Worker::slots).sum())
        .description("worker slots")
        .register(registry);
    Gauge.builder("vernier_busy_slots", fleet::activeLeases)
        .description("slots running a trial (active leases)")
        .register(registry);
  }

  @Override
  public void leaseExpired(boolean wasRetried) {
    expired.increment();
    if (wasRetried) {
      retried.increment();
    }
  }

  @Override
  public void suggested(long nanos, int count) {
    suggest.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void reported(String outcome, boolean accepted) {
    Counter.builder("vernier_reports")
        .description("trial reports from workers, by outcome and whether they were applied")
        .tags("outcome", outcome, "applied", String.valueOf(accepted))
        .register(registry)
        .increment();
  }
}
