/**
 * Label joins as plain Java: {@link dev.vernier.monitor.label.LabelJoinRules} decides which waiting
 * predictions a batch of ground-truth labels joins (by inference id, within the horizon); the store
 * only reads and writes the rows these rules choose.
 */
package dev.vernier.monitor.label;
