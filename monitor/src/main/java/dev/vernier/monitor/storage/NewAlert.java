package dev.vernier.monitor.storage;

/** An alert to insert when a window closes; {@code wantsRetraining} asks the cool-down gate. */
public record NewAlert(String kind, String summary, String evidenceJson, boolean wantsRetraining) {}
