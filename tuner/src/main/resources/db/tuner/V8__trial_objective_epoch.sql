-- The epoch a trial's objective comes from: under the objective's aggregation `best`, the best
-- epoch; under `latest`, the last one the trial reported. NULL while the trial has no objective,
-- and for a trial whose worker reported an objective without epochs. Trials ended before this
-- migration keep NULL (under `best` their state_reason names the epoch).
ALTER TABLE trial ADD COLUMN objective_epoch INTEGER;
