-- A fan whose place ended (their pass ran out, they left, or they bought) may queue again: one
-- live place per account and room, not one ever. The ended place stays (it may be in a draw's
-- published order). SQLite cannot drop a table constraint, so the table is copied.
CREATE TABLE queue_entries_new (
  id              TEXT    PRIMARY KEY,
  event_id        INTEGER  NOT NULL REFERENCES events (id),
  user_id         INTEGER  NOT NULL REFERENCES users (id),
  joined_at_ms    INTEGER  NOT NULL,
  turn            INTEGER  NOT NULL DEFAULT 0,
  state           TEXT    NOT NULL CHECK (state IN ('waiting', 'admitted', 'done')),
  admitted_at_ms  INTEGER  NOT NULL DEFAULT 0,
  pass_expires_ms INTEGER  NOT NULL DEFAULT 0
);
INSERT INTO queue_entries_new SELECT id, event_id, user_id, joined_at_ms, turn, state, admitted_at_ms, pass_expires_ms
  FROM queue_entries;
DROP TABLE queue_entries;
ALTER TABLE queue_entries_new RENAME TO queue_entries;
CREATE UNIQUE INDEX queue_entries_live ON queue_entries (event_id, user_id) WHERE state <> 'done';
CREATE INDEX queue_entries_of_event ON queue_entries (event_id, joined_at_ms);
