-- Webhooks (issue 13): integrators' endpoints, each event's delivery to each of them, and every
-- attempt (webhooks/webhook_sender.h).
CREATE TABLE webhooks (
  id            TEXT PRIMARY KEY,
  url           TEXT NOT NULL,
  secret        TEXT NOT NULL,
  types         TEXT NOT NULL,  -- event types, comma-separated
  active        INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
);
CREATE TABLE webhook_deliveries (
  id              TEXT PRIMARY KEY,
  webhook_id      TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  sequence        INTEGER NOT NULL,  -- the event's outbox sequence
  event_id        TEXT NOT NULL,
  type            TEXT NOT NULL,
  body            TEXT NOT NULL,
  state           TEXT NOT NULL,  -- pending, delivered, failed
  attempts        INTEGER NOT NULL,
  next_attempt_ms INTEGER NOT NULL,
  last_status     INTEGER NOT NULL,
  last_error      TEXT NOT NULL,
  created_at_ms   INTEGER NOT NULL,
  updated_at_ms   INTEGER NOT NULL,
  UNIQUE (webhook_id, sequence)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_ms);
CREATE TABLE webhook_attempts (
  delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt     INTEGER NOT NULL,
  at_ms       INTEGER NOT NULL,
  status      INTEGER NOT NULL,  -- the receiver's HTTP status; 0 when none came
  error       TEXT NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
);
