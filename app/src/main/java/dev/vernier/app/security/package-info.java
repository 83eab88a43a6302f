/**
 * Who may do what: {@link dev.vernier.app.security.Role}s, {@link
 * dev.vernier.app.security.AccessRules} (one rule per route, keyed by method and route template;
 * every new route needs one, and {@code AccessMatrixTest} lists them) and the {@link
 * dev.vernier.app.security.TokenStore} contract (only hashes stored; thread-safe).
 */
package dev.vernier.app.security;
