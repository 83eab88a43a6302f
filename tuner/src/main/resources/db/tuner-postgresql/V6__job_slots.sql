-- A job's parallel slots on PostgreSQL: max_parallel rows per job, each free (trial_id null) or
-- held by one running trial (IN_PROGRESS or STOPPING). A lease takes a free slot with FOR UPDATE
-- SKIP LOCKED in the statement that moves its trial (PostgresLeases), so concurrent leases on any
-- replica never run more than max_parallel trials of a job, and no row is shared by all of them: a
-- lock on the job row, held across the lease's round trips, had been the limit of the whole fleet.
-- A trial that stops running frees its slot through the trigger below, whatever path moved it
-- (report, expiry, stop). SQLite has no such table: its single writer serialises its leases.

-- trial_id has no index of its own, and the pages are half empty: taking and freeing a slot then
-- updates its row in place (a heap-only update), where an index on trial_id made every update add
-- index entries, and a job's few slot rows, updated twice per trial, bloated their indexes until
-- each lease read thousands of dead entries (with one slot, leases/s halved within a run).
CREATE TABLE job_slot (
    job_id   VARCHAR(64) NOT NULL REFERENCES tuning_job (id) ON DELETE CASCADE,
    slot     INT         NOT NULL,
    trial_id BIGINT,
    PRIMARY KEY (job_id, slot)
) WITH (fillfactor = 50);

CREATE FUNCTION job_slot_create() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO job_slot (job_id, slot) SELECT NEW.id, n FROM generate_series(1, NEW.max_parallel) n;
  RETURN NULL;
END $$;

CREATE TRIGGER tuning_job_slots AFTER INSERT ON tuning_job FOR EACH ROW
  EXECUTE FUNCTION job_slot_create();

CREATE FUNCTION job_slot_free() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE job_slot SET trial_id = NULL WHERE job_id = OLD.job_id AND trial_id = OLD.id;
  RETURN NULL;
END $$;

-- the triggers before the rows below: they lock trial against writes until this migration commits,
-- so the slots it hands out match the trials running then, even while another replica runs
CREATE TRIGGER trial_slot_free AFTER UPDATE OF state ON trial FOR EACH ROW
  WHEN (OLD.state IN ('IN_PROGRESS', 'STOPPING') AND NEW.state NOT IN ('IN_PROGRESS', 'STOPPING'))
  EXECUTE FUNCTION job_slot_free();

CREATE TRIGGER trial_slot_free_deleted AFTER DELETE ON trial FOR EACH ROW
  WHEN (OLD.state IN ('IN_PROGRESS', 'STOPPING'))
  EXECUTE FUNCTION job_slot_free();

INSERT INTO job_slot (job_id, slot)
SELECT j.id, n FROM tuning_job j, generate_series(1, j.max_parallel) n;

UPDATE job_slot s SET trial_id = r.id
FROM (SELECT t.id, t.job_id, row_number() OVER (PARTITION BY t.job_id ORDER BY t.id) AS n
      FROM trial t WHERE t.state IN ('IN_PROGRESS', 'STOPPING')) r
WHERE s.job_id = r.job_id AND s.slot = r.n;
