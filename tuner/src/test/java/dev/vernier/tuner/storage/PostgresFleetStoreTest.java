package dev.vernier.tuner.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.platform.db.Database;
import dev.vernier.platform.db.PostgresServer;
import dev.vernier.tuner.storage.sql.SqlFleetStore;
import dev.vernier.tuner.storage.sql.SqlJobStore;
import dev.vernier.tuner.storage.sql.TunerSchema;

/** The {@link FleetStore} contract on a real PostgreSQL server (a fresh database per test). */
class PostgresFleetStoreTest extends FleetStoreContractTest {
  private String url;

  @Override
  protected Database open() {
    PostgresServer server = PostgresServer.shared();
    url = server.newDatabase();
    return TunerSchema.migrate(Database.postgres(url, server.user(), "", 4));
  }

  @Override
  protected Database openReplica() {
    return Database.postgres(url, PostgresServer.shared().user(), "", 4);
  }

  /**
   * A database made before the slots (migration V6) with trials running: the migration gives each
   * job its slots and puts the running trials in them, so the limit holds across the upgrade.
   */
  @org.junit.jupiter.api.Test
  void anUpgradedDatabaseKeepsItsRunningTrialsInSlots() throws Exception {
    PostgresServer server = PostgresServer.shared();
    String old = server.newDatabase();
    try (Database d = Database.postgres(old, server.user(), "", 2)) {
      org.flywaydb.core.Flyway.configure()
          .dataSource(d.dataSource())
          .locations(TunerSchema.LOCATION)
          .table(TunerSchema.HISTORY_TABLE)
          .placeholders(
              java.util.Map.of(
                  "id_pk",
                  dev.vernier.platform.db.Migrations.idPrimaryKey(d.dialect()),
                  "postgres_only",
                  ""))
          .target("5")
          .load()
          .migrate();
      SqlJobStore j = new SqlJobStore(d);
      SqlFleetStore f = new SqlFleetStore(d, 3);
      StoreContract.job(j, "up", 10, 2);
      // trials as the V5 schema holds them (the store's code reads today's columns)
      for (int n = 1; n <= 3; n++) {
        d.dsl()
            .execute(
                "INSERT INTO trial (job_id, number, state, config_json, created_at)"
                    + " VALUES ('up', ?, 'PENDING', '{\"x\":0.1}', 5)",
                n);
      }
      f.register("w1", "w1", 2, "boot", 10);
      // leased the way the old schema did: nothing knows of slots yet
      d.dsl()
          .execute(
              "UPDATE trial SET state = 'IN_PROGRESS', worker_id = 'w1', started_at = 20"
                  + " WHERE job_id = 'up' AND number = 1");
    }
    try (Database d = TunerSchema.migrate(Database.postgres(old, server.user(), "", 2))) {
      SqlFleetStore f = new SqlFleetStore(d, 3);
      assertEquals(
          java.util.List.of(2L, 1L),
          d
              .dsl()
              .fetch("SELECT count(*), count(trial_id) FROM job_slot WHERE job_id = 'up'")
              .get(0)
              .intoList()
              .stream()
              .map(v -> ((Number) v).longValue())
              .toList());
      assertTrue(f.lease("w1", 30, 60_000).isPresent(), "one slot of two is free");
      assertTrue(f.lease("w1", 31, 60_000).isEmpty(), "both slots held: max parallel 2");
    }
  }
}
