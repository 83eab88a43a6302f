package dev.vernier.tuner.service;

import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.ProposedTrial;
import dev.vernier.tuner.storage.TrialStore;
import dev.vernier.tuner.strategy.TrialView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trials of each active job as proposed, for the strategies that ignore results: by {@link
 * dev.vernier.tuner.strategy.SearchStrategy#usesResults()}'s contract they read only the
 * configurations of the trials before, and a trial's configuration never changes. So a tick reads
 * only the trials created since its last read ({@link TrialStore#proposedSince}) instead of every
 * trial of the job (a 4,000-trial job had read its trials 450 times, each up to 4,000 rows). The
 * views carry the state PENDING and no results, which such strategies do not look at. A job is
 * known by its id and its creation time (a name deleted and submitted again is another job).
 */
final class ProposedConfigs {
  private final TrialStore trials;
  private final Map<String, List<TrialView>> byJob = new ConcurrentHashMap<>();

  ProposedConfigs(TrialStore trials) {
    this.trials = trials;
  }

  /** The job's trials in number order, as proposed. */
  List<TrialView> views(JobRecord job) {
    List<TrialView> known = byJob.computeIfAbsent(key(job), k -> new ArrayList<>());
    synchronized (known) {
      for (ProposedTrial t : trials.proposedSince(job.id(), known.size())) {
        known.add(TrialView.of(t.id(), TrialView.State.PENDING, t.config()));
      }
      return List.copyOf(known);
    }
  }

  /** Forgets the jobs that are not in {@code active} (ended or deleted). */
  void retain(List<JobRecord> active) {
    Set<String> keep = new java.util.HashSet<>();
    active.forEach(j -> keep.add(key(j)));
    byJob.keySet().retainAll(keep);
  }

  private static String key(JobRecord job) {
    return job.id() + "@" + job.createdAt();
  }
}
