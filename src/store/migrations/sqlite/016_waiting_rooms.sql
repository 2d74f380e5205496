-- Waiting rooms in front of hot sales (docs/waiting-room.md): a room's settings and draw (the
-- seed stays secret until the opening; its SHA-256 is published before), and every place in it,
-- so a restart keeps them all.
CREATE TABLE waiting_rooms (
  event_id         INTEGER PRIMARY KEY REFERENCES events (id),
  enabled          INTEGER NOT NULL,
  admit_per_minute INTEGER NOT NULL,
  max_active       INTEGER NOT NULL,
  pass_minutes     INTEGER NOT NULL,
  seed             TEXT    NOT NULL,
  commitment       TEXT    NOT NULL,
  pass_key         TEXT    NOT NULL,
  drawn_at_ms      INTEGER  NOT NULL DEFAULT 0,
  paused           INTEGER NOT NULL DEFAULT 0,
  closing          INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE queue_entries (
  id              TEXT    PRIMARY KEY,
  event_id        INTEGER  NOT NULL REFERENCES events (id),
  user_id         INTEGER  NOT NULL REFERENCES users (id),
  joined_at_ms    INTEGER  NOT NULL,
  turn            INTEGER  NOT NULL DEFAULT 0,
  state           TEXT    NOT NULL CHECK (state IN ('waiting', 'admitted', 'done')),
  admitted_at_ms  INTEGER  NOT NULL DEFAULT 0,
  pass_expires_ms INTEGER  NOT NULL DEFAULT 0,
  UNIQUE (event_id, user_id)
);
