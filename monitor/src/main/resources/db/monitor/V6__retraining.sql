-- An alert's retraining: the windows that raised it (whose labels it waits for, and from which on
-- its captured rows are trained on), how many captured rows it has (labelled so far while it waits;
-- trained on once submitted), until when it waits for labels, and a sentence saying what it waits
-- for or what its job trained on.
ALTER TABLE alert ADD COLUMN retrain_windows TEXT;
ALTER TABLE alert ADD COLUMN retrain_rows BIGINT;
ALTER TABLE alert ADD COLUMN retrain_wait_until BIGINT;
ALTER TABLE alert ADD COLUMN retrain_detail TEXT;
-- A COOLDOWN alert: until when the cool-down holds, and the alert whose retraining claimed it.
ALTER TABLE alert ADD COLUMN cooldown_until BIGINT;
ALTER TABLE alert ADD COLUMN cooldown_alert_id BIGINT;
-- The alert that last claimed the monitor's cool-down (with last_retrain_at).
ALTER TABLE monitor ADD COLUMN last_retrain_alert_id BIGINT;
-- Alerts whose retraining is still moving (waiting, submitted, running) are polled by state.
CREATE INDEX alert_retrain_state ON alert (retrain_state);
-- Captured rows are selected by window: a retraining trains on the windows that raised its alert and
-- later ones.
CREATE INDEX capture_chunk_window ON capture_chunk (monitor_id, window_start);
