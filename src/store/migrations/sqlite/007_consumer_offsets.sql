-- How far each consumer of the event log has read (events/outbox_event_log.h). A consumer
-- commits its offset after handling the events up to it, so one that dies reads them again.
CREATE TABLE consumer_offsets (
  consumer      TEXT    PRIMARY KEY,
  sequence      INTEGER NOT NULL,   -- the last outbox sequence handled
  updated_at_ms INTEGER NOT NULL
);
