-- Idempotency keys are per kind of post (events or labels) and tied to the body they were first
-- sent with: the key is (monitor_id, kind, request_key), body_sha256 is the SHA-256 of the body
-- (a reuse of the key with another body is refused), and rejected is the first answer's list of
-- rejected records (JSON), replayed in full. Rows stored before (kept a day at most) had no kind:
-- a row that joined or matched labels is taken as a labels post, the others as events; their
-- body_sha256 and rejected are null (replayed as before: counts only, any body).
CREATE TABLE ingest_request_v11 (
  monitor_id VARCHAR(64) NOT NULL REFERENCES monitor (id) ON DELETE CASCADE,
  kind VARCHAR(8) NOT NULL,
  request_key VARCHAR(200) NOT NULL,
  body_sha256 VARCHAR(64),
  accepted INTEGER NOT NULL,
  late INTEGER NOT NULL,
  labels_joined INTEGER NOT NULL,
  labels_unmatched INTEGER NOT NULL,
  rejected TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (monitor_id, kind, request_key)
);
INSERT INTO ingest_request_v11
  (monitor_id, kind, request_key, accepted, late, labels_joined, labels_unmatched, created_at)
SELECT monitor_id,
       CASE WHEN labels_joined + labels_unmatched > 0 THEN 'labels' ELSE 'events' END,
       request_key, accepted, late, labels_joined, labels_unmatched, created_at
FROM ingest_request;
DROP TABLE ingest_request;
ALTER TABLE ingest_request_v11 RENAME TO ingest_request;
CREATE INDEX ingest_request_age ON ingest_request (monitor_id, created_at);
