/**
 * The tuner's repositories as interfaces: {@link dev.vernier.tuner.storage.JobStore}, {@link
 * dev.vernier.tuner.storage.TrialStore}, {@link dev.vernier.tuner.storage.FleetStore}. Each method
 * is one transaction, each is thread-safe and safe across service replicas sharing one database;
 * the interfaces say who calls them and what they raise, and an abstract contract test checks every
 * implementation.
 */
package dev.vernier.tuner.storage;
