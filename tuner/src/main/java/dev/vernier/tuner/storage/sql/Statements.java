package dev.vernier.tuner.storage.sql;

import dev.vernier.tuner.job.ConfigJson;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobSpecCodec;
import dev.vernier.tuner.job.JobState;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.TrialState;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * The fleet's hottest statements run as constant SQL through JDBC on the transaction's connection.
 * jOOQ renders every query it runs, plain-SQL templates included, and that rendering was the
 * largest share of the service's CPU per trial in {@code vernier bench fleet}; these statements
 * never change, so they are written once here (the JDBC driver prepares each once per connection).
 */
final class Statements {
  private Statements() {}

  /** Maps one row of a result. */
  @FunctionalInterface
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /**
   * The first row of {@code sql} with {@code binds}, in {@code ctx}'s transaction; a {@code
   * String[]} bind is a varchar array.
   */
  static <T> Optional<T> first(DSLContext ctx, String sql, Row<T> row, Object... binds) {
    return ctx.connectionResult(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, binds);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.ofNullable(row.map(rs)) : Optional.<T>empty();
            }
          }
        });
  }

  /** The first rows of the two results of a query of two statements. */
  record Both<A, B>(Optional<A> first, Optional<B> second) {}

  /**
   * {@code sql} of two statements separated by {@code ;}, sent as one query with {@code binds} (the
   * first statement's, then the second's): the first row of each one's result. Outside a
   * transaction both run in one implicit transaction: they commit together, or neither does.
   */
  static <A, B> Both<A, B> firstOfBoth(
      DSLContext ctx, String sql, Row<A> first, Row<B> second, Object... binds) {
    return ctx.connectionResult(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, binds);
            if (!ps.execute()) {
              throw new SQLException("the first statement answered no rows: " + sql);
            }
            Optional<A> a;
            try (ResultSet rs = ps.getResultSet()) {
              a = rs.next() ? Optional.ofNullable(first.map(rs)) : Optional.empty();
            }
            if (!ps.getMoreResults()) {
              throw new SQLException("the second statement answered no rows: " + sql);
            }
            try (ResultSet rs = ps.getResultSet()) {
              return new Both<>(
                  a, rs.next() ? Optional.ofNullable(second.map(rs)) : Optional.empty());
            }
          }
        });
  }

  /** Every row of {@code sql} with {@code binds}, in {@code ctx}'s transaction. */
  static <T> List<T> list(DSLContext ctx, String sql, Row<T> row, Object... binds) {
    return ctx.connectionResult(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, binds);
            try (ResultSet rs = ps.executeQuery()) {
              return all(rs, row);
            }
          }
        });
  }

  /** Every row of a query jOOQ built (its shape varies), mapped by {@code row}. */
  static <T> List<T> rows(org.jooq.ResultQuery<?> query, Row<T> row) {
    try (ResultSet rs = query.fetchResultSet()) {
      return all(rs, row);
    } catch (SQLException e) {
      throw new org.jooq.exception.DataAccessException(e.getMessage(), e);
    }
  }

  private static <T> List<T> all(ResultSet rs, Row<T> row) throws SQLException {
    List<T> out = new ArrayList<>();
    while (rs.next()) {
      out.add(row.map(rs));
    }
    return out;
  }

  /** Runs {@code sql} with {@code binds}, in {@code ctx}'s transaction; answers the row count. */
  static int update(DSLContext ctx, String sql, Object... binds) {
    return ctx.connectionResult(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, binds);
            return ps.executeUpdate();
          }
        });
  }

  /** Runs {@code sql} once per bind row as one JDBC batch, in {@code ctx}'s transaction. */
  static void batch(DSLContext ctx, String sql, List<Object[]> rows) {
    ctx.connection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] binds : rows) {
              bind(c, ps, binds);
              ps.addBatch();
            }
            ps.executeBatch();
          }
        });
  }

  private static void bind(Connection c, PreparedStatement ps, Object[] binds) throws SQLException {
    for (int i = 0; i < binds.length; i++) {
      Object b = binds[i];
      if (b instanceof String[] a) {
        Array arr = c.createArrayOf("varchar", a);
        ps.setArray(i + 1, arr);
      } else {
        ps.setObject(i + 1, b);
      }
    }
  }

  /** The trial columns of a row ({@code trial.*} or a select of the same names). */
  static TrialRecord trial(ResultSet rs) throws SQLException {
    return new TrialRecord(
        rs.getLong("id"),
        rs.getString("job_id"),
        rs.getInt("number"),
        TrialState.valueOf(rs.getString("state")),
        rs.getString("state_reason"),
        ConfigJson.read(rs.getString("config_json")),
        rs.getInt("attempt"),
        nullable(rs, rs.getDouble("objective")),
        rs.getInt("epochs"),
        nullable(rs, rs.getInt("objective_epoch")),
        rs.getBoolean("stop_requested"),
        rs.getString("artifact_path"),
        rs.getString("worker_id"),
        rs.getLong("created_at"),
        nullable(rs, rs.getLong("started_at")),
        nullable(rs, rs.getLong("ended_at")));
  }

  /** A job of a row ({@code tuning_job.*}): the one mapping of the table to a {@link JobRecord}. */
  static JobRecord job(ResultSet rs) throws SQLException {
    return new JobRecord(
        rs.getString("id"),
        JobSpecCodec.read(rs.getString("spec_json")),
        JobState.valueOf(rs.getString("state")),
        rs.getString("state_reason"),
        rs.getInt("trials_created"),
        nullable(rs, rs.getLong("best_trial_id")),
        nullable(rs, rs.getDouble("best_objective")),
        rs.getBoolean("stop_requested"),
        rs.getLong("created_at"),
        rs.getLong("updated_at"),
        nullable(rs, rs.getLong("ended_at")),
        rs.getString("scheduler_replica"),
        nullable(rs, rs.getLong("scheduler_until")));
  }

  private static <T> T nullable(ResultSet rs, T value) throws SQLException {
    return rs.wasNull() ? null : value;
  }
}
