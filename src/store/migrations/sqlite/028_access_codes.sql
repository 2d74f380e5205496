-- Presale and access codes (core/access_code.h).
-- The presale's opening, before the public on-sale: NULL when the event has none.
ALTER TABLE events ADD COLUMN presale_at_utc INTEGER;
ALTER TABLE events ADD COLUMN presale_at_offset INTEGER;

-- A batch: the rules its codes share. tiers and sections are JSON arrays of ids ('[]': none).
CREATE TABLE code_batches (
  id             TEXT    PRIMARY KEY,
  event_id       INTEGER NOT NULL REFERENCES events (id),
  label          TEXT    NOT NULL,
  max_uses       INTEGER NOT NULL,
  valid_from_ms  INTEGER NOT NULL,  -- 0: from the presale's opening
  valid_until_ms INTEGER NOT NULL,  -- 0: until the public on-sale
  tiers          TEXT    NOT NULL,
  sections       TEXT    NOT NULL,
  allotment      INTEGER NOT NULL,  -- 0: no cap
  by_user_id     INTEGER NOT NULL,
  created_at_ms  INTEGER NOT NULL
);
CREATE INDEX code_batches_by_event ON code_batches (event_id);

-- One code each; a code is unique within its event.
CREATE TABLE access_codes (
  id             TEXT    PRIMARY KEY,
  batch_id       TEXT    NOT NULL REFERENCES code_batches (id),
  event_id       INTEGER NOT NULL REFERENCES events (id),
  code           TEXT    NOT NULL,
  revoked_at_ms  INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX access_codes_event_code ON access_codes (event_id, code);
CREATE INDEX access_codes_by_batch ON access_codes (batch_id);

-- The code each account redeemed for an event (the latest replaces an earlier one).
CREATE TABLE code_redemptions (
  event_id       INTEGER NOT NULL REFERENCES events (id),
  user_id        INTEGER NOT NULL,
  code_id        TEXT    NOT NULL REFERENCES access_codes (id),
  redeemed_at_ms INTEGER NOT NULL,
  PRIMARY KEY (event_id, user_id)
);
CREATE INDEX code_redemptions_by_code ON code_redemptions (code_id);

-- A hold made with a code: the code, its batch and the seats, so uses and the batch's allotment
-- are counted from the holds themselves (running or sold) in the transaction that adds one.
ALTER TABLE holds ADD COLUMN code_id TEXT;
ALTER TABLE holds ADD COLUMN code_batch_id TEXT;
ALTER TABLE holds ADD COLUMN code_seats INTEGER NOT NULL DEFAULT 0;
CREATE INDEX holds_by_code ON holds (code_id) WHERE code_id IS NOT NULL;
CREATE INDEX holds_by_code_batch ON holds (code_batch_id) WHERE code_batch_id IS NOT NULL;
