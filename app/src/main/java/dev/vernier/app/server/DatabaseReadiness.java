package dev.vernier.app.server;

import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * {@code /health/readiness} (and {@code /health}) report DOWN while the state database cannot
 * answer, so a load balancer stops routing to a replica whose every API call would wait and answer
 * 503; {@code /health/liveness} stays UP, as restarting the process would not help.
 *
 * <p>A probe answers within {@link #WAIT_SECONDS}: a pool waiting out its connection timeout for a
 * server that is gone counts as DOWN. One check runs at a time; probes arriving meanwhile wait for
 * that one, so a busy load balancer never piles up connection attempts.
 */
@Singleton
@Readiness
final class DatabaseReadiness extends AbstractHealthIndicator<Map<String, Object>> {
  /** The longest a probe waits for the database. */
  static final int WAIT_SECONDS = 2;

  /** The state database, as the server registers it. */
  record Probe(DataSource dataSource, String shown) {}

  private final Probe probe;
  private CompletableFuture<Boolean> inFlight;

  DatabaseReadiness(Probe probe) {
    this.probe = probe;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    CompletableFuture<Boolean> check;
    synchronized (this) {
      if (inFlight == null || inFlight.isDone()) {
        inFlight = CompletableFuture.supplyAsync(this::answers, DatabaseReadiness::daemon);
      }
      check = inFlight;
    }
    try {
      if (!check.get(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the database " + probe.shown() + " does not answer");
      }
      return Map.of("database", probe.shown());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the database " + probe.shown() + " did not answer within " + WAIT_SECONDS + " s", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "the database " + probe.shown() + " cannot be reached: " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private boolean answers() {
    try (Connection c = probe.dataSource().getConnection()) {
      return c.isValid(WAIT_SECONDS);
    } catch (java.sql.SQLException e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "vernier-readiness");
    t.setDaemon(true);
    t.start();
  }

  @Override
  protected String getName() {
    return "database";
  }
}
