/**
 * {@link dev.vernier.app.Main}: the {@code vernier} executable's entry point; quiets libraries'
 * logs and hands the arguments to the CLI.
 */
package dev.vernier.app;
