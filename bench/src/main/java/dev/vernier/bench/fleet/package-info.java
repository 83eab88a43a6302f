/**
 * The fleet benchmark: trials leased, heartbeated and reported per second on a SQLite service, in
 * process and over HTTP. Wires its own server, so it takes the system clock from {@code
 * platform.time} once.
 */
package dev.vernier.bench.fleet;
