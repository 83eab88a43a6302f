/**
 * The CLI (picocli): {@code serve}, {@code worker}, {@code train}, {@code tune}, {@code monitor},
 * {@code token}, {@code demo} and the rest under {@link dev.vernier.app.cli.VernierCommand}, whose
 * exit codes are 0, 1 failed, 2 bad input, 3 not found, 4 not authorised. The root command holds
 * the streams and the clock every command takes (the CLI's wiring reads the wall clock there only);
 * commands talking to a service go through the REST API.
 */
package dev.vernier.app.cli;
