package dev.vernier.tuner.storage.sql;

import dev.vernier.platform.db.Database;

/**
 * The tuner's tables: its migrations ({@code classpath:db/tuner}) and their history table, whose
 * name every existing database holds and which must therefore never change.
 */
public final class TunerSchema {
  public static final String LOCATION = "classpath:db/tuner";
  public static final String HISTORY_TABLE = "flyway_tuner_history";

  private TunerSchema() {}

  /**
   * Applies the tuner's pending migrations to {@code db} and returns it; call it once at open,
   * before the tuner's stores use the database (on failure the database is closed).
   */
  public static Database migrate(Database db) {
    return db.migrate(LOCATION, HISTORY_TABLE);
  }
}
