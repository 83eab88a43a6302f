-- The scheduling lease on a job: which service replica makes its scheduling decisions, and until
-- when (epoch millis) unless it renews. Null: nobody holds it; an expired lease is anyone's to take
-- (JobStore.claimScheduling).
ALTER TABLE tuning_job ADD COLUMN scheduler_replica VARCHAR(128);
ALTER TABLE tuning_job ADD COLUMN scheduler_until BIGINT;
