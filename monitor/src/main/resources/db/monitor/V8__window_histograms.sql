-- A closed window's counts per feature over the baseline's histogram bins (WindowHistograms'
-- encoding: per feature a varint length, then that many varint counts: underflow, one per bin,
-- overflow). Windows closed before this version have none (NULL).
ALTER TABLE monitor_window ADD COLUMN histograms BLOB;
