-- The application's own tables: API tokens (only their SHA-256 hashes are stored).
CREATE TABLE api_token (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    token_hash  VARCHAR(64)  NOT NULL UNIQUE,
    role        VARCHAR(16)  NOT NULL,
    description TEXT,
    created_at  BIGINT       NOT NULL,
    revoked_at  BIGINT
);
