/**
 * The one place a closed window's {@link dev.vernier.monitor.evaluate.WindowResult} and an alert's
 * evidence become JSON and back: what is stored in {@code monitor_window.result} and served by the
 * REST API. Writing keeps the bytes the earlier {@code ObjectNode} code wrote (golden documents in
 * the tests); reading accepts every shape a release has stored. Stateless and thread-safe; knows
 * Jackson, not the database.
 */
package dev.vernier.monitor.storage.codec;
