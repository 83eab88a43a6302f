package dev.vernier.tuner.api;

import dev.vernier.core.InvalidInputException;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobState;
import dev.vernier.tuner.service.TuningService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The jobs list's {@code parent} filter: the jobs warm-started from one job (it is among their
 * {@code warmStart.parents}), newest first, a page at a time, with {@code total} counting the
 * matches. Before it, a page that wanted a job's children read the newest 500 jobs and missed older
 * children.
 *
 * <p>It reads every job through {@link TuningService#jobs} (pages of {@value #SCAN}, newest first)
 * and keeps the children: the service has no query by parent. A job listed twice because a newer
 * one was stored during the scan counts once.
 */
final class ChildJobs {
  /** The page size of the scan: the largest the service lists. */
  static final int SCAN = 500;

  private ChildJobs() {}

  static TuningService.Page page(
      TuningService service, JobState state, String parent, int offset, int limit) {
    if (offset < 0) {
      throw new InvalidInputException("offset", "must be >= 0", offset);
    }
    if (limit < 1 || limit > SCAN) {
      throw new InvalidInputException("limit", "must be between 1 and " + SCAN, limit);
    }
    Map<String, JobRecord> children = new LinkedHashMap<>();
    for (int at = 0; ; at += SCAN) {
      TuningService.Page p = service.jobs(state, at, SCAN);
      for (JobRecord j : p.jobs()) {
        if (j.spec().warmStart() != null && j.spec().warmStart().parents().contains(parent)) {
          children.putIfAbsent(j.id(), j);
        }
      }
      if (p.jobs().size() < SCAN || at + SCAN >= p.total()) {
        break;
      }
    }
    List<JobRecord> all = new ArrayList<>(children.values());
    List<JobRecord> page =
        all.subList(
            Math.min(offset, all.size()),
            Math.min(all.size(), (int) Math.min((long) offset + limit, all.size())));
    return new TuningService.Page(List.copyOf(page), all.size(), offset, limit);
  }
}
