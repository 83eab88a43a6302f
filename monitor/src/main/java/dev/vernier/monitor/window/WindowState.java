package dev.vernier.monitor.window;

/**
 * Where a window stands: OPEN while it collects events; CLOSED once evaluated, with its result;
 * FAILED when its evaluation failed (its result holds the error). CLOSED and FAILED are final.
 * Stored by name.
 */
public enum WindowState {
  OPEN,
  CLOSED,
  FAILED
}
