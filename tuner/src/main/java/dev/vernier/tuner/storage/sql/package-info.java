/**
 * The tuner's repositories on SQLite or PostgreSQL through jOOQ classes generated from its
 * migrations ({@code classpath:db/tuner}, history table {@code flyway_tuner_history}, see {@link
 * dev.vernier.tuner.storage.sql.TunerSchema}). The only tuner package that sees {@code org.jooq};
 * reads only the tuner's own tables.
 */
package dev.vernier.tuner.storage.sql;
