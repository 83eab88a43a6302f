/**
 * The database every service module shares: {@link dev.vernier.platform.db.Database} (the pool, the
 * dialect, the jOOQ context; SQLite with WAL and {@code BEGIN IMMEDIATE} by default, PostgreSQL for
 * replicas) and {@link dev.vernier.platform.db.Migrations}, which runs one module's own migration
 * folder with its own history table. It knows no module's tables; each module's {@code
 * *.storage.sql} does.
 */
package dev.vernier.platform.db;
