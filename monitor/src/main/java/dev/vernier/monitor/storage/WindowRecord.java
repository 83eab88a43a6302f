package dev.vernier.monitor.storage;

import dev.vernier.monitor.window.WindowState;

/**
 * A window of a monitor: OPEN while it collects events, CLOSED with its result (JSON) once
 * evaluated, FAILED (with {@code {"error": ...}} as its result) when its evaluation failed. For
 * count windows start is the window's sequence number.
 */
public record WindowRecord(
    long start, long end, WindowState state, long events, Long closedAt, String resultJson) {}
