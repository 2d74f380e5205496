-- The audit trail (events/audit_trail.h): one entry per event of the log, never changed. Its
-- sequence is the outbox's, so copying an event twice leaves one entry.
CREATE TABLE audit_log (
  sequence   INTEGER PRIMARY KEY,
  id         TEXT    NOT NULL,
  type       TEXT    NOT NULL,
  event_id INTEGER NOT NULL,   -- the show it concerns; 0 for none
  user_id  INTEGER NOT NULL,   -- the account it concerns; 0 for none
  actor      TEXT    NOT NULL,   -- user, admin, system or gate:<name>
  at_ms      INTEGER NOT NULL,
  payload    TEXT    NOT NULL
);
CREATE INDEX audit_log_by_event ON audit_log (event_id, sequence);
CREATE INDEX audit_log_by_user ON audit_log (user_id, sequence);

-- Each event's sales per minute (events/sales_figures.h), kept as the log goes by.
CREATE TABLE sales_minutes (
  event_id      INTEGER NOT NULL,
  minute_ms     INTEGER NOT NULL,
  held          INTEGER NOT NULL,
  released      INTEGER NOT NULL,
  sold          INTEGER NOT NULL,
  cancelled     INTEGER NOT NULL,
  revenue_cents INTEGER NOT NULL,
  PRIMARY KEY (event_id, minute_ms)
);
-- The last outbox sequence added into sales_minutes, written in the same transaction, so an
-- event offered twice counts once. One row.
CREATE TABLE sales_progress (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  sequence INTEGER NOT NULL
);
INSERT INTO sales_progress (id, sequence) VALUES (1, 0);
