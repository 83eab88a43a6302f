/**
 * {@link dev.vernier.app.security.storage.SqlTokenStore}: API tokens in the application's own table
 * ({@code db/app}, history table {@code flyway_app_history}), with a lookup cache that expires by
 * the injected clock.
 */
package dev.vernier.app.security.storage;
