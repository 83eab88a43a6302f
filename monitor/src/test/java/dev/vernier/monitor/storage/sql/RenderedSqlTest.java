package dev.vernier.monitor.storage.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * Every batch and window statement renders with one {@code ?} per named parameter, in both
 * dialects.
 */
class RenderedSqlTest {
  @Test
  void batchStatementsRenderForSqliteAndPostgres() {
    for (SQLDialect d : List.of(SQLDialect.SQLITE, SQLDialect.POSTGRES)) {
      BatchSql sql = new BatchSql(DSL.using(d));
      WindowSql w = new WindowSql(DSL.using(d));
      for (RenderedSql s :
          List.of(
              sql.monitorCounts,
              sql.addWindowEvents,
              sql.insertWindow,
              sql.insertChunk,
              sql.setCountWindow,
              sql.positionWithEvents,
              sql.positionOnly,
              sql.insertPosition,
              sql.addCounter,
              sql.insertCounter,
              w.openWindows,
              w.recentWindows,
              w.closedUpTo,
              w.chunks,
              w.close,
              w.deleteChunks,
              w.closedThrough)) {
        long marks = s.sql().chars().filter(c -> c == '?').count();
        assertEquals(s.parameters().size(), marks, d + ": " + s.sql());
        assertFalse(s.sql().matches(".*[^:]:[a-z].*"), d + " left a named parameter: " + s.sql());
      }
      assertEquals(
          List.of("next", "time", "monitor", "topic", "part"),
          sql.positionWithEvents.parameters(),
          d + ": " + sql.positionWithEvents.sql());
    }
  }

  @Test
  void castsAndQuotedTextAreNotParameters() {
    var dsl = DSL.using(SQLDialect.POSTGRES);
    RenderedSql s =
        RenderedSql.of(
            dsl,
            dsl.query("select 'a:b', x::bigint from t where y = {0}", DSL.param("v", Long.class)));
    assertEquals(List.of("v"), s.parameters());
    assertTrue(s.sql().contains("'a:b'") && s.sql().contains("x::bigint"), s.sql());
  }
}
