package dev.vernier.monitor.storage.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.exception.DataAccessException;

/**
 * A statement built with jOOQ once, rendered for the store's dialect with named parameters, and run
 * through JDBC on the caller's transaction. For the statements every ingested batch runs: building
 * and rendering them with jOOQ's DSL on every batch cost more than SQLite's own work, because code
 * that runs once a batch runs too rarely for the JIT to compile it. Immutable and thread-safe.
 */
final class RenderedSql {
  private final String sql;
  private final String[] names; // the parameter at each position, in order

  private RenderedSql(String sql, String[] names) {
    this.sql = sql;
    this.names = names;
  }

  /** Renders {@code q}, whose bind values are all named {@code DSL.param}s. */
  static RenderedSql of(DSLContext dsl, Query q) {
    String named = dsl.renderNamedParams(q);
    StringBuilder out = new StringBuilder(named.length());
    List<String> names = new ArrayList<>();
    boolean quoted = false;
    for (int i = 0; i < named.length(); i++) {
      char c = named.charAt(i);
      if (c == '\'') {
        quoted = !quoted; // a doubled quote inside a literal toggles twice
      }
      boolean param =
          !quoted
              && c == ':'
              && i + 1 < named.length()
              && Character.isJavaIdentifierStart(named.charAt(i + 1))
              && (i == 0 || named.charAt(i - 1) != ':'); // not PostgreSQL's ::type cast
      if (!param) {
        out.append(c);
        continue;
      }
      int j = i + 1;
      while (j < named.length() && Character.isJavaIdentifierPart(named.charAt(j))) {
        j++;
      }
      names.add(named.substring(i + 1, j));
      out.append('?');
      i = j - 1;
    }
    return new RenderedSql(out.toString(), names.toArray(String[]::new));
  }

  /** The JDBC text ({@code ?} for each parameter). */
  String sql() {
    return sql;
  }

  /** The parameters' names in the order of their positions. */
  List<String> parameters() {
    return List.of(names);
  }

  /**
   * Runs an update on the transaction of {@code tx}; {@code pairs} are parameter names and values,
   * alternating. Returns the number of rows changed.
   */
  int update(DSLContext tx, Object... pairs) {
    return tx.connectionResult(
        c -> {
          try (PreparedStatement ps = prepare(c, pairs)) {
            return ps.executeUpdate();
          }
        });
  }

  /** Reads one row of a result set. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Every row the query selects, read by {@code reader}. */
  <T> List<T> list(DSLContext dsl, RowReader<T> reader, Object... pairs) {
    return dsl.connectionResult(
        c -> {
          List<T> rows = new ArrayList<>();
          try (PreparedStatement ps = prepare(c, pairs);
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              rows.add(reader.read(rs));
            }
          }
          return rows;
        });
  }

  /** Reads the single row the query selects as longs, or null when there is none. */
  long[] longs(DSLContext tx, Object... pairs) {
    return tx.connectionResult(
        c -> {
          try (PreparedStatement ps = prepare(c, pairs);
              ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              return null;
            }
            long[] row = new long[rs.getMetaData().getColumnCount()];
            for (int k = 0; k < row.length; k++) {
              row[k] = rs.getLong(k + 1);
            }
            return row;
          }
        });
  }

  private PreparedStatement prepare(Connection c, Object[] pairs) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      for (int p = 0; p < names.length; p++) {
        ps.setObject(p + 1, value(pairs, names[p]));
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  private Object value(Object[] pairs, String name) {
    for (int k = 0; k + 1 < pairs.length; k += 2) {
      if (name.equals(pairs[k])) {
        return pairs[k + 1];
      }
    }
    throw new DataAccessException("no value for parameter :" + name + " of " + sql);
  }
}
