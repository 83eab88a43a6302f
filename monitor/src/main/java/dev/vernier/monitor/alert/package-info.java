/**
 * Alert rules as plain Java: when a window's violations become an incident and an alert ({@link
 * dev.vernier.monitor.alert.AlertRule}: k of the last n windows), the {@link
 * dev.vernier.monitor.alert.ViolationKind}s, and the retraining cool-down ({@link
 * dev.vernier.monitor.alert.RetrainGate}). Pure functions of what the caller passes in; tested
 * without a database.
 */
package dev.vernier.monitor.alert;
