/**
 * A monitor as submitted: {@link dev.vernier.monitor.spec.MonitorSpec}, made only by {@link
 * dev.vernier.monitor.spec.MonitorSpecParser}, whose errors name the JSON path; its {@link
 * dev.vernier.monitor.spec.WindowSpec} and the Kafka topics an administrator allows ({@link
 * dev.vernier.monitor.spec.TopicAllowList}). Immutable records; holders of a MonitorSpec may trust
 * it.
 */
package dev.vernier.monitor.spec;
