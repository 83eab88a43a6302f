package dev.vernier.tuner.job;

import java.util.List;

/**
 * Earlier jobs whose completed trials seed this one.
 *
 * @param parents up to 5 job ids
 */
public record WarmStart(List<String> parents, Type type) {
  /** How parents' trials count. */
  public enum Type {
    /** Same data and objective: the parents' trials are observations. */
    IDENTICAL_DATA,
    /** Different data: the parents' trials are a prior that this job's own trials overrule. */
    TRANSFER
  }

  public static final WarmStart NONE = new WarmStart(List.of(), Type.IDENTICAL_DATA);

  public WarmStart {
    parents = List.copyOf(parents);
  }
}
