-- Cancelling a show: when and why, when every ticket was cancelled and refunded and every
-- person told (the job's end), and who has been told (one email per person, however many
-- tickets, even when the job is resumed after a crash).
ALTER TABLE events ADD COLUMN cancelled_at INTEGER;           -- UTC seconds; NULL: not cancelled
ALTER TABLE events ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN cancellation_done_at INTEGER;   -- UTC seconds; NULL: in progress
CREATE TABLE cancellation_notices (
  event_id INTEGER NOT NULL REFERENCES events (id),
  user_id  INTEGER NOT NULL,
  sent_at  INTEGER NOT NULL,
  PRIMARY KEY (event_id, user_id)
);
CREATE INDEX refunds_by_ticket ON refunds (ticket_id) WHERE ticket_id IS NOT NULL;
