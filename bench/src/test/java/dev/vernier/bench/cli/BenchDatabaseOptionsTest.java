package dev.vernier.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.platform.db.PostgresServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code bench fleet} and {@code bench ingest} take serve's database options and {@code bench
 * fleet} takes {@code --replicas}: bad values exit 2 naming the option before anything runs, and
 * two replicas on one real PostgreSQL database print their rows.
 */
class BenchDatabaseOptionsTest {
  private static void exitsTwoNaming(String option, String rule, String... args) {
    BenchCli.Result r = BenchCli.run(args);
    assertEquals(2, r.code(), String.join(" ", args) + "\n" + r.out() + r.err());
    assertTrue(r.err().contains(option), r.err());
    assertTrue(r.err().contains(rule), r.err());
    assertFalse(r.out().contains("| trials/s |"), "nothing ran: " + r.out());
  }

  @Test
  void twoReplicasOnSqliteExitTwoNamingReplicas() {
    exitsTwoNaming(
        "--replicas", "needs a PostgreSQL --database", "bench", "fleet", "--replicas", "2");
    exitsTwoNaming(
        "--replicas",
        "needs a PostgreSQL --database",
        "bench",
        "fleet",
        "--replicas",
        "2",
        "--database",
        "jdbc:sqlite:/tmp/vernier-bench-never-made.db");
  }

  @Test
  void badReplicaCountsExitTwoNamingReplicas() {
    exitsTwoNaming("--replicas", "between 1 and 16", "bench", "fleet", "--replicas", "0");
    exitsTwoNaming("--replicas", "between 1 and 16", "bench", "fleet", "--replicas", "17");
    exitsTwoNaming("--replicas", "abc", "bench", "fleet", "--replicas", "abc");
  }

  @Test
  void badDatabaseOptionsExitTwoNamingTheOption() {
    for (String command : List.of("fleet", "ingest")) {
      exitsTwoNaming(
          "--database",
          "must start with jdbc:sqlite:",
          "bench",
          command,
          "--database",
          "jdbc:mysql://db/vernier");
      exitsTwoNaming(
          "--database",
          "must not carry a user or password",
          "bench",
          command,
          "--database",
          "jdbc:postgresql://vernier:secret@db/vernier");
      exitsTwoNaming(
          "--database-user",
          "applies to a jdbc:postgresql:// --database only",
          "bench",
          command,
          "--database-user",
          "vernier");
      exitsTwoNaming(
          "--database-password-file",
          "must be a readable file",
          "bench",
          command,
          "--database",
          "jdbc:postgresql://127.0.0.1:1/vernier",
          "--database-password-file",
          "/nonexistent/vernier-password");
    }
  }

  @Test
  void badFleetAndIngestValuesExitTwoNamingTheOption() {
    exitsTwoNaming(
        "--transport", "in-process, http or both", "bench", "fleet", "--transport", "udp");
    exitsTwoNaming("--heartbeats", "between 0 and 100", "bench", "fleet", "--heartbeats", "-1");
    exitsTwoNaming("--events", "between 1 and 100000000", "bench", "ingest", "--events", "0");
    exitsTwoNaming("--window", "at least 1", "bench", "ingest", "--window", "0");
    exitsTwoNaming("--warmup", "at least 0", "bench", "ingest", "--warmup", "-5");
    exitsTwoNaming(
        "--compression",
        "none, gzip, snappy, lz4 or zstd",
        "bench",
        "ingest",
        "--compression",
        "br");
  }

  @Test
  @Timeout(180)
  void twoReplicasOnOnePostgresDatabasePrintTheirRows() {
    PostgresServer pg = PostgresServer.shared();
    BenchCli.Result r =
        BenchCli.run(
            "bench",
            "fleet",
            "--database",
            pg.newDatabase(),
            "--database-user",
            pg.user(),
            "--replicas",
            "2",
            "--trials",
            "20",
            "--workers",
            "2");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(
        r.out()
            .contains(
                "| store | replicas | transport | workers | heartbeats per trial | trials |"
                    + " seconds | trials/s |"),
        r.out());
    assertTrue(r.out().contains("| postgresql | 2 | in-process | 2 | 0 | 20 |"), r.out());
    assertTrue(r.out().contains("| postgresql | 2 | http | 2 | 0 | 20 |"), r.out());
  }
}
