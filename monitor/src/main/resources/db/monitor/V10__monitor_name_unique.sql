-- A monitor's name is unique: two concurrent creations with one name could both pass the service's
-- check, so the database enforces it. Names already taken twice (stored before this index) keep the
-- oldest monitor's name; each later one is renamed "<name>-<id>" (at most 63 + 1 + 64 characters)
-- so the index can be built. The stored spec keeps the name it was created with.
UPDATE monitor SET name = name || '-' || id
WHERE EXISTS (
  SELECT 1 FROM monitor older
  WHERE older.name = monitor.name
    AND (older.created_at < monitor.created_at
      OR (older.created_at = monitor.created_at AND older.id < monitor.id)));
CREATE UNIQUE INDEX monitor_name ON monitor (name);
