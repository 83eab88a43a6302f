-- HTTP ingestion requests made with an Idempotency-Key: what the first one did, so a client's retry
-- of the same request is answered with it instead of counting its events twice. Kept a day.
CREATE TABLE ingest_request (
  monitor_id VARCHAR(64) NOT NULL REFERENCES monitor (id) ON DELETE CASCADE,
  request_key VARCHAR(200) NOT NULL,
  accepted INTEGER NOT NULL,
  late INTEGER NOT NULL,
  labels_joined INTEGER NOT NULL,
  labels_unmatched INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (monitor_id, request_key)
);
CREATE INDEX ingest_request_age ON ingest_request (monitor_id, created_at);
