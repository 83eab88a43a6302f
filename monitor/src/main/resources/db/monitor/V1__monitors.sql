-- The monitor module's tables. Nobody else reads them.

CREATE TABLE monitor (
  id VARCHAR(64) PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  spec JSON NOT NULL,
  state VARCHAR(16) NOT NULL,
  created_at BIGINT NOT NULL,
  last_retrain_at BIGINT,
  open_count_window BIGINT NOT NULL DEFAULT 0,
  open_count_events BIGINT NOT NULL DEFAULT 0,
  -- every window ending at or before this instant is closed: later events for them are late
  closed_through BIGINT NOT NULL DEFAULT -9223372036854775808
);

CREATE TABLE baseline (
  monitor_id VARCHAR(64) PRIMARY KEY REFERENCES monitor (id) ON DELETE CASCADE,
  dataset_sha256 VARCHAR(64) NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- Consumed positions: the next offset to read per partition (-1: from the beginning), the highest
-- event time seen there (the smallest long when none yet), and whether the partition is idle (caught
-- up without ever delivering an event, so it does not hold the watermark back). Written in the same
-- transaction as the window chunks those records produced.
CREATE TABLE source_offset (
  monitor_id VARCHAR(64) NOT NULL REFERENCES monitor (id) ON DELETE CASCADE,
  topic VARCHAR(249) NOT NULL,
  part INTEGER NOT NULL,
  next_offset BIGINT NOT NULL,
  max_event_time BIGINT NOT NULL,
  idle BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (monitor_id, topic, part)
);

CREATE TABLE monitor_window (
  monitor_id VARCHAR(64) NOT NULL REFERENCES monitor (id) ON DELETE CASCADE,
  window_start BIGINT NOT NULL,
  window_end BIGINT NOT NULL,
  state VARCHAR(16) NOT NULL,
  events BIGINT NOT NULL,
  closed_at BIGINT,
  result TEXT,
  PRIMARY KEY (monitor_id, window_start)
);

-- Rows of an open window, appended one chunk per consumed batch: float32 little-endian features
-- (rows x features), float32 predictions, and the (row, feature) pairs whose value had the wrong type.
CREATE TABLE window_chunk (
  id ${id_pk},
  monitor_id VARCHAR(64) NOT NULL,
  window_start BIGINT NOT NULL,
  rows_count INTEGER NOT NULL,
  features BLOB NOT NULL,
  predictions BLOB NOT NULL,
  mismatches BLOB NOT NULL,
  FOREIGN KEY (monitor_id, window_start) REFERENCES monitor_window (monitor_id, window_start) ON DELETE CASCADE
);
CREATE INDEX window_chunk_window ON window_chunk (monitor_id, window_start);

-- Predictions awaiting their ground truth (only for monitors with a labels topic).
CREATE TABLE pending_prediction (
  monitor_id VARCHAR(64) NOT NULL REFERENCES monitor (id) ON DELETE CASCADE,
  inference_id VARCHAR(200) NOT NULL,
  window_start BIGINT NOT NULL,
  event_time BIGINT NOT NULL,
  prediction DOUBLE PRECISION NOT NULL,
  features BLOB,
  PRIMARY KEY (monitor_id, inference_id)
);

-- Captured rows (features with their joined label), the "fresher data" retraining trains on.
CREATE TABLE capture_chunk (
  id ${id_pk},
  monitor_id VARCHAR(64) NOT NULL REFERENCES monitor (id) ON DELETE CASCADE,
  window_start BIGINT NOT NULL,
  rows_count INTEGER NOT NULL,
  features BLOB NOT NULL,
  labels BLOB NOT NULL
);
CREATE INDEX capture_chunk_monitor ON capture_chunk (monitor_id, id);

-- Joined (prediction, label) pairs per window, for model quality.
CREATE TABLE window_labels (
  monitor_id VARCHAR(64) NOT NULL,
  window_start BIGINT NOT NULL,
  joined BIGINT NOT NULL,
  state BLOB NOT NULL,
  PRIMARY KEY (monitor_id, window_start)
);

CREATE TABLE monitor_counter (
  monitor_id VARCHAR(64) NOT NULL REFERENCES monitor (id) ON DELETE CASCADE,
  name VARCHAR(100) NOT NULL,
  value BIGINT NOT NULL,
  PRIMARY KEY (monitor_id, name)
);

CREATE TABLE alert (
  id ${id_pk},
  monitor_id VARCHAR(64) NOT NULL REFERENCES monitor (id) ON DELETE CASCADE,
  kind VARCHAR(32) NOT NULL,
  window_start BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  summary TEXT NOT NULL,
  evidence TEXT NOT NULL,
  retrain_state VARCHAR(16) NOT NULL,
  retrain_job_id VARCHAR(64),
  retrain_error TEXT
);
CREATE INDEX alert_monitor ON alert (monitor_id, created_at);

CREATE TABLE webhook (
  id VARCHAR(64) PRIMARY KEY,
  url VARCHAR(2000) NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);

CREATE TABLE alert_delivery (
  alert_id BIGINT NOT NULL REFERENCES alert (id) ON DELETE CASCADE,
  target VARCHAR(2000) NOT NULL,
  status VARCHAR(16) NOT NULL,
  attempts INTEGER NOT NULL,
  last_error TEXT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (alert_id, target)
);
