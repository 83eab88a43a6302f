/**
 * The monitor's repositories on SQLite or PostgreSQL through jOOQ classes generated from {@code
 * db/monitor} (history table {@code flyway_monitor_history}): per-batch statements rendered once
 * per dialect and run on the caller's transaction, one writer at a time on SQLite. The only monitor
 * package that sees {@code org.jooq}; reads only the monitor's tables.
 */
package dev.vernier.monitor.storage.sql;
