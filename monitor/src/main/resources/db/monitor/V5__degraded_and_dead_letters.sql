-- Why a monitor is DEGRADED (its ingestion keeps failing; it retries with a back-off) and since
-- when; both null while it is ACTIVE.
ALTER TABLE monitor ADD COLUMN state_reason TEXT;
ALTER TABLE monitor ADD COLUMN state_since BIGINT;

-- The dead-letter outbox: each malformed source record, written in the same transaction as the
-- batch's source offsets (so it is recorded exactly once, whatever crashes), then published to the
-- dead-letter topic and deleted. attempt_offset is the dead-letter partition's end offset before
-- the first attempt to publish it: after a crash between publishing and deleting, the partition is
-- read from there and the rows already published are deleted, not published again.
CREATE TABLE dead_letter (
  id ${id_pk},
  monitor_id VARCHAR(64) NOT NULL REFERENCES monitor (id) ON DELETE CASCADE,
  source_topic VARCHAR(249) NOT NULL,
  source_partition INTEGER NOT NULL,
  source_offset BIGINT NOT NULL,
  reason VARCHAR(32) NOT NULL,
  detail TEXT NOT NULL,
  record_key BLOB,
  record_value BLOB,
  attempt_offset BIGINT
);
CREATE UNIQUE INDEX dead_letter_source ON dead_letter (monitor_id, source_topic, source_partition, source_offset);
