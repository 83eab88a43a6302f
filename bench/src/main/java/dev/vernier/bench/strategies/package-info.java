/**
 * The strategy benchmark: each search strategy on known test functions over seeds, and its report
 * table. Prints figures; asserts nothing about speed.
 */
package dev.vernier.bench.strategies;
