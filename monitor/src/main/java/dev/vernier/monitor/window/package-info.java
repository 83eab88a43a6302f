/**
 * Windows as plain Java: where an event falls and when a window may close ({@link
 * dev.vernier.monitor.window.Windowing}, {@link dev.vernier.monitor.window.WindowAssignment}), the
 * event-time {@link dev.vernier.monitor.window.Watermark} over partitions, which events of a batch
 * repeat an inference id already counted ({@link dev.vernier.monitor.window.RepeatedIds}), and a
 * window's rows as encoded chunks. Pure: the state they read is passed in and the next state
 * returned, for the caller to store in one transaction.
 */
package dev.vernier.monitor.window;
