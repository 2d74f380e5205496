-- A fan whose place ended (their pass ran out, they left, or they bought) may queue again: one
-- live place per account and room, not one ever. The ended place stays (it may be in a draw's
-- published order).
ALTER TABLE queue_entries DROP CONSTRAINT queue_entries_event_id_user_id_key;
CREATE UNIQUE INDEX queue_entries_live ON queue_entries (event_id, user_id) WHERE state <> 'done';
CREATE INDEX queue_entries_of_event ON queue_entries (event_id, joined_at_ms);
