-- Admin and gate staff list the tickets of one event (cancelled and used ones included).
CREATE INDEX tickets_by_event ON tickets (event_id, seat_index);
