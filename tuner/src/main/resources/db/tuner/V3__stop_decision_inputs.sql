-- The figures each early-stopping decision was made from, as a JSON object
-- ({"epoch": 3, "value": 0.81, "percentileValue": 0.84, "comparedWith": 7, ...}).
ALTER TABLE stop_decision ADD COLUMN inputs TEXT NOT NULL DEFAULT '{}';
