-- WAITING_FOR_LABELS (18 characters) outgrew alert.retrain_state's VARCHAR(16). SQLite never
-- enforced the length; PostgreSQL does, so the column is widened there. The placeholder is empty
-- on PostgreSQL and a comment marker on SQLite (Migrations.run).
${postgres_only}ALTER TABLE alert ALTER COLUMN retrain_state TYPE VARCHAR(32);
