package dev.vernier.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** The test PostgreSQL server: a real server, a database per test, the pool and dialect on it. */
class PostgresServerTest {
  @Test
  void eachTestGetsAnEmptyDatabaseOnARealServer() {
    PostgresServer server = PostgresServer.shared();
    String a = server.newDatabase();
    String b = server.newDatabase();
    assertNotEquals(a, b);
    try (Database db = Database.postgres(a, server.user(), "", 2)) {
      assertEquals(SQLDialect.POSTGRES, db.dialect());
      String version = String.valueOf(db.dsl().fetchValue("select version()"));
      assertTrue(version.startsWith("PostgreSQL "), version);
      db.dsl().execute("create table t (id bigint primary key)");
      db.dsl().insertInto(DSL.table("t"), DSL.field("id")).values(1L).execute();
      assertEquals(1, db.dsl().fetchCount(DSL.table("t")));
    }
    try (Database other = Database.postgres(b, server.user(), "", 2)) {
      assertEquals(
          0,
          other
              .dsl()
              .fetchCount(
                  DSL.table("information_schema.tables"), DSL.field("table_schema").eq("public")),
          "a new database holds no table of another");
    }
  }
}
