-- How many joined labels a closed window's model quality was computed from: labels joined later
-- (within the horizon) make the window's model quality be evaluated again.
ALTER TABLE monitor_window ADD COLUMN labels_evaluated BIGINT NOT NULL DEFAULT 0;
