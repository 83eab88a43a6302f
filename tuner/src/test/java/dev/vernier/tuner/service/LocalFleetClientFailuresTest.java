package dev.vernier.tuner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.fleet.EpochUpdate;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import dev.vernier.platform.db.Database;
import dev.vernier.platform.error.NotFoundException;
import dev.vernier.platform.error.UnavailableException;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.TrialState;
import dev.vernier.tuner.storage.sql.TunerSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process worker's client fails as the HTTP client does: a database failure that may pass
 * (what a remote worker gets as 503 + Retry-After) is an {@link IOException}, which the worker
 * retries; it used to be jOOQ's {@code DataAccessException}, which failed the trial from inside its
 * heartbeat and dropped a finished trial's report. Failures that will not pass (invalid input, an
 * unknown worker, a constraint violation) are thrown as they are.
 *
 * <p>On a real SQLite file whose write lock a second JDBC connection holds ({@code BEGIN
 * IMMEDIATE}), as another process would, past a 300 ms busy timeout.
 */
class LocalFleetClientFailuresTest {
  @TempDir Path dir;

  @Test
  void aBusyDatabaseIsAnIoExceptionAndTheReportLandsOnceAfterIt() throws Exception {
    Path file = dir.resolve("vernier.db");
    Database db = TunerSchema.migrate(Database.sqlite(file, false, Duration.ofMillis(300)));
    try (TunerHarness h = new TunerHarness(dir, db)) {
      h.submit(h.job("busy", "random", 2, 1, ""));
      LocalFleetClient client = new LocalFleetClient(h.fleetService, "local-1");
      assertEquals("local-1", client.register("local-1", 1, "boot"));
      TrialAssignment a = client.lease("local-1").orElseThrow();
      TrialReport done = new TrialReport(TrialReport.Outcome.COMPLETED, 0.25, null, null, null);

      try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement st = other.createStatement()) {
        st.execute("BEGIN IMMEDIATE");
        IOException beat =
            assertThrows(
                IOException.class,
                () ->
                    client.heartbeat(
                        a.leaseId(), List.of(new EpochUpdate(1, Map.of("validation:loss", 0.25)))));
        assertTrue(beat.getMessage().contains("SQLITE_BUSY"), beat.getMessage());
        assertTrue(beat.getMessage().contains("retry"), beat.getMessage());
        assertInstanceOf(UnavailableException.class, beat.getCause());
        IOException report =
            assertThrows(
                IOException.class, () -> client.reportAndLease(a.leaseId(), done, "local-1"));
        assertTrue(report.getMessage().contains("SQLITE_BUSY"), report.getMessage());
        st.execute("ROLLBACK");
      }

      // the same report, sent again once the database answers, lands; a repeat changes nothing
      client.reportAndLease(a.leaseId(), done, "local-1");
      client.report(a.leaseId(), done);
      List<TrialRecord> trials = h.service.trials("busy");
      TrialRecord t = trials.stream().filter(x -> x.number() == a.trialNumber()).findFirst().get();
      assertEquals(TrialState.COMPLETED, t.state(), t.stateReason());
      assertEquals(0.25, t.objective());
      assertEquals(0, t.attempt(), "applied on its first attempt, not retried");
      assertEquals(
          1,
          trials.stream().filter(x -> x.state() == TrialState.COMPLETED).count(),
          "counted once");
    }
  }

  @Test
  void failuresThatWillNotPassAreThrownAsTheyAre() throws Exception {
    try (TunerHarness h = new TunerHarness(dir)) {
      h.submit(h.job("refused", "random", 2, 1, ""));
      LocalFleetClient client = new LocalFleetClient(h.fleetService, "local-1");
      client.register("local-1", 1, "boot");
      TrialAssignment a = client.lease("local-1").orElseThrow();

      assertEquals(
          "epochs[].epoch",
          assertThrows(
                  InvalidInputException.class,
                  () -> client.heartbeat(a.leaseId(), List.of(new EpochUpdate(0, Map.of()))))
              .field());
      assertThrows(NotFoundException.class, () -> client.lease("nobody"));

      // a constraint violation (a trigger refusing every metric row): a bug or bad data, not an
      // outage; retrying would fail the same way
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("vernier.db"));
          Statement st = c.createStatement()) {
        st.execute(
            "CREATE TRIGGER refuse_metrics BEFORE INSERT ON trial_metric"
                + " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
      }
      DataAccessException e =
          assertThrows(
              DataAccessException.class,
              () ->
                  client.heartbeat(
                      a.leaseId(), List.of(new EpochUpdate(1, Map.of("validation:loss", 1.0)))));
      assertTrue(e.getMessage().contains("refused by the test"), e.getMessage());
    }
  }
}
