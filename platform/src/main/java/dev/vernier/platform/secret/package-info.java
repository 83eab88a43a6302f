/**
 * {@link dev.vernier.platform.secret.Sha256}: how secrets (API tokens, workers' secrets) are kept,
 * as their SHA-256, by every module that checks one.
 */
package dev.vernier.platform.secret;
