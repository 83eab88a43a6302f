-- Webhook posts are signed (Vernier-Signature: HMAC-SHA256 with the secret set at registration) and
-- private or loopback addresses need an explicit allow_private at registration. The secret must be
-- usable to sign, so it is stored as given, in this database. Webhooks registered before this
-- version keep working: allow_private true (they were accepted without the check), no secret (their
-- posts go unsigned, with a warning in the log, until they are registered again with one).
ALTER TABLE webhook ADD COLUMN secret VARCHAR(200);
ALTER TABLE webhook ADD COLUMN allow_private BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE webhook SET allow_private = TRUE;
