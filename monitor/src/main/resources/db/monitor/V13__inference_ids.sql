-- The inference ids a monitor has counted, so that an event sent again (a Kafka producer's retry, an
-- HTTP client's retry without an Idempotency-Key) counts once: the batch that brings an id claims
-- it here (INSERT ... ON CONFLICT DO NOTHING, in the batch's transaction), and an event whose id
-- was already claimed is a duplicate, counted in events_duplicate and in no window. One row per
-- (monitor, inference id), whichever replica stores the batch. A row is forgotten, by event time as
-- a waiting prediction is, once its event is more than the label horizon older than the newest
-- event of a later batch and, for time windows, its window has closed (a repeat is late then).
CREATE TABLE inference_seen (
  monitor_id VARCHAR(64) NOT NULL REFERENCES monitor (id) ON DELETE CASCADE,
  inference_id VARCHAR(200) NOT NULL,
  event_time BIGINT NOT NULL,
  PRIMARY KEY (monitor_id, inference_id)
);
CREATE INDEX inference_seen_time ON inference_seen (monitor_id, event_time);
-- the predictions waiting for their label were counted: their ids are remembered from the start
INSERT INTO inference_seen (monitor_id, inference_id, event_time)
SELECT monitor_id, inference_id, event_time FROM pending_prediction;
-- an idempotent events post replays how many of its events were duplicates too
ALTER TABLE ingest_request ADD COLUMN duplicates INTEGER NOT NULL DEFAULT 0;
