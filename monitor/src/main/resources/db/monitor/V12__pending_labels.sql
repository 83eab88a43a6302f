-- Labels that arrived before their prediction (events and labels often come on separate topics, and
-- a label may be read first): each waits here, under its inference id, until its event arrives and
-- joins it, or until the label horizon has passed since it was received (received_at, the service's
-- clock), when it is dropped and counted as unmatched. One row per (monitor, inference id): a second
-- label of an id already waiting is a duplicate.
CREATE TABLE pending_label (
  monitor_id VARCHAR(64) NOT NULL REFERENCES monitor (id) ON DELETE CASCADE,
  inference_id VARCHAR(200) NOT NULL,
  label DOUBLE PRECISION NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (monitor_id, inference_id)
);
CREATE INDEX pending_label_age ON pending_label (monitor_id, received_at);
-- An idempotent labels post replays how many of its labels were kept waiting too.
ALTER TABLE ingest_request ADD COLUMN labels_waiting INTEGER NOT NULL DEFAULT 0;
