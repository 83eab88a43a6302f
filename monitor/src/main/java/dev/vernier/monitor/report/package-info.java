/**
 * Offline drift reports ({@code vernier monitor drift}): every applicable method on every feature
 * of a dataset against a baseline, with a multiple-testing correction, written as JSON, CSV, HTML
 * (self-contained, nothing fetched) or text. Plain Java, no server.
 */
package dev.vernier.monitor.report;
