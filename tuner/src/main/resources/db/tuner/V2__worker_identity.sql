-- Worker identity (issue 13): a worker id belongs to the API token that registered it first
-- (owner_token; NULL for a worker registered before this migration: the next token to register it
-- owns it), and each registration gets a new secret, of which only the SHA-256 (hex) is kept.
ALTER TABLE worker ADD COLUMN owner_token VARCHAR(64);
ALTER TABLE worker ADD COLUMN secret_sha256 VARCHAR(64);

-- The model files a lease uploaded: a report may name only one of its own lease's uploads.
CREATE TABLE lease_artifact (
    lease_id        VARCHAR(64)   NOT NULL REFERENCES lease (id) ON DELETE CASCADE,
    path            VARCHAR(1024) NOT NULL,
    uploaded_at     BIGINT        NOT NULL,
    PRIMARY KEY (lease_id, path)
);
