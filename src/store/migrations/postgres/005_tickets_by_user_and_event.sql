-- One buyer's tickets for one event (the per-account limit, ticket lists by event).
CREATE INDEX tickets_by_user_and_event ON tickets (user_id, event_id);
