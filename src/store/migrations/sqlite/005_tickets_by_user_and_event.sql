-- The per-account ticket limit counts one buyer's tickets for one event on every first hold;
-- without this index SQLite picks tickets_by_event and scans every ticket of the event.
CREATE INDEX tickets_by_user_and_event ON tickets (user_id, event_id);
