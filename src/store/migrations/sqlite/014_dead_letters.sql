-- Events a consumer of the event log kept failing on, set aside so it could go on with the
-- others (one buyer's transferred ticket had stopped every receipt for every buyer), until an
-- admin retries or dismisses them.
CREATE TABLE dead_letters (
  id            INTEGER PRIMARY KEY,
  consumer      TEXT    NOT NULL,
  sequence      INTEGER  NOT NULL,
  event_id      TEXT    NOT NULL,
  type          TEXT    NOT NULL,
  payload       TEXT    NOT NULL,
  last_error    TEXT    NOT NULL,
  attempts      INTEGER NOT NULL,
  state         TEXT    NOT NULL CHECK (state IN ('open', 'resolved', 'dismissed')),
  created_at_ms INTEGER  NOT NULL,
  updated_at_ms INTEGER  NOT NULL,
  UNIQUE (consumer, event_id)
);
CREATE INDEX dead_letters_open ON dead_letters (consumer) WHERE state = 'open';
