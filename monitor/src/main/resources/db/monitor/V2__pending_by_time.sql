-- Predictions waiting for their label expire by event time once the label horizon has passed.
CREATE INDEX pending_prediction_time ON pending_prediction (monitor_id, event_time);
