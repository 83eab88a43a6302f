package dev.vernier.tuner.api;

import dev.vernier.core.InvalidInputException;
import dev.vernier.tuner.job.TrialRecord;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A page of a job's trials, as {@code GET /api/v1/tuning-jobs/{id}/trials?after=&limit=&numbers=}
 * answers it: the first {@code limit} trials numbered above {@code after} (a cursor: trial numbers
 * only grow, so a client that passes each page's {@link Page#nextAfter} as the next {@code after}
 * sees every trial once, new ones included), together with the trials named in {@code numbers}
 * whatever their place (a poll names the trials it last saw running, since only those can still
 * change: an ended trial never changes again).
 *
 * <p>Plain Java over the list the store returned; the controller parses and checks the query with
 * {@link #limit}, {@link #after} and {@link #numbers}.
 */
final class TrialPages {
  /** The page size when a paging parameter is given without {@code limit}. */
  static final int DEFAULT_LIMIT = 100;

  /** The largest page, and the most trials {@code numbers} may name. */
  static final int MAX_LIMIT = 1000;

  /**
   * The largest trial number a job can have (the largest {@code maxTrials}); a larger one named in
   * {@code numbers} is refused, not set in the bit set (2,000,000,000 would take 250 MB, and
   * Integer.MAX_VALUE overflowed the set's bound into a 500).
   */
  static final int MAX_NUMBER = 10_000;

  private TrialPages() {}

  /**
   * @param trials the trials of the page, in number order: those named, and the run after {@code
   *     after}
   * @param total how many trials the job has
   * @param nextAfter the last number of the run above {@code after} ({@code after} when the run is
   *     empty): the {@code after} of the next page, or of the next poll
   * @param hasMore whether trials numbered above {@code nextAfter} exist
   */
  record Page(
      List<TrialRecord> trials, int total, int after, int limit, int nextAfter, boolean hasMore) {}

  /**
   * @param all the job's trials in number order
   * @param named the numbers a poll asks for besides the run (may be empty)
   */
  static Page page(List<TrialRecord> all, int after, int limit, BitSet named) {
    List<TrialRecord> out = new ArrayList<>();
    int run = 0;
    int next = after;
    boolean more = false;
    for (TrialRecord t : all) {
      if (t.number() > after) {
        if (run < limit) {
          out.add(t);
          run++;
          next = t.number();
          continue;
        }
        more = true;
      }
      if (named.get(t.number())) {
        out.add(t);
      }
    }
    out.sort(java.util.Comparator.comparingInt(TrialRecord::number));
    return new Page(out, all.size(), after, limit, next, more);
  }

  /** {@code limit}: absent is {@link #DEFAULT_LIMIT}; 1 to {@link #MAX_LIMIT}. */
  static int limit(Integer limit) {
    if (limit == null) {
      return DEFAULT_LIMIT;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidInputException(
          "limit", "must be between 1 and " + MAX_LIMIT + " trials a page", limit);
    }
    return limit;
  }

  /** {@code after}: absent is 0 (from the first trial); never negative. */
  static int after(Integer after) {
    if (after == null) {
      return 0;
    }
    if (after < 0) {
      throw new InvalidInputException(
          "after", "must be a trial number (0 or more): the nextAfter of the page before", after);
    }
    return after;
  }

  /**
   * {@code numbers}: trial numbers and ranges separated by commas ({@code 3,7,10-12}), at most
   * {@link #MAX_LIMIT} numbers in all; absent or empty names none.
   */
  static BitSet numbers(String numbers) {
    BitSet out = new BitSet();
    if (numbers == null || numbers.isBlank()) {
      return out;
    }
    String rule =
        "must be trial numbers (1 to "
            + MAX_NUMBER
            + ") and ranges separated by commas (3,7,10-12), at most "
            + MAX_LIMIT
            + " numbers in all";
    long count = 0;
    for (String part : numbers.split(",", -1)) {
      String p = part.strip();
      int dash = p.indexOf('-', 1);
      int lo;
      int hi;
      try {
        lo = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
        hi = dash < 0 ? lo : Integer.parseInt(p.substring(dash + 1));
      } catch (NumberFormatException e) {
        throw new InvalidInputException("numbers", rule, numbers);
      }
      if (lo < 1 || hi < lo || hi > MAX_NUMBER) {
        throw new InvalidInputException("numbers", rule, numbers);
      }
      count += (long) hi - lo + 1;
      if (count > MAX_LIMIT) {
        throw new InvalidInputException("numbers", rule, numbers);
      }
      out.set(lo, hi + 1);
    }
    return out;
  }
}
