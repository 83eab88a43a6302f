-- A job's pending trials in queue order, on PostgreSQL only. Each lease finds the job's oldest
-- pending trial. Through trial_job_state (job_id, state) that read every index entry a trial of the
-- job had ever had while PENDING: an UPDATE in PostgreSQL leaves the old row version and its index
-- entries behind until vacuum, and the lookup was a bitmap scan, which never marks entries dead.
-- At 3,000 trials a lease read 2,148 entries and 75 pages for 21 pending trials, twice, and took
-- 0.27-0.5 ms, growing with the job. This index holds only rows whose state is PENDING, in the
-- order a lease wants, so the lookup is an ordered index scan that stops at the first live row and
-- marks the dead entries it passes, which later scans skip. SQLite updates rows in place and
-- keeps trial_job_state.
CREATE INDEX trial_pending ON trial (job_id, created_at, id) WHERE state = 'PENDING';
