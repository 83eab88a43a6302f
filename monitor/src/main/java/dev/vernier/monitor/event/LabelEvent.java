package dev.vernier.monitor.event;

/** The ground truth of an earlier inference, joined to it by {@code inferenceId}. */
public record LabelEvent(String inferenceId, long eventTime, double label) {}
