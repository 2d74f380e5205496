-- TicketWar schema, version 1, for PostgreSQL (the same tables as the SQLite schema of the same
-- version). Times are UTC seconds unless a column says _ms. Amounts are integer cents.

CREATE TABLE users (
  id            BIGSERIAL PRIMARY KEY,
  email         TEXT    NOT NULL UNIQUE,
  name          TEXT    NOT NULL,
  password_hash TEXT    NOT NULL,
  role          TEXT    NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'staff', 'admin')),
  disabled      BOOLEAN NOT NULL DEFAULT FALSE,
  created_at    BIGINT  NOT NULL,
  updated_at    BIGINT  NOT NULL
);

CREATE TABLE venue_layouts (
  id          BIGSERIAL PRIMARY KEY,
  name        TEXT    NOT NULL,
  layout_json TEXT    NOT NULL,
  seat_count  INTEGER NOT NULL,
  created_at  BIGINT  NOT NULL
);

CREATE TABLE events (
  id                BIGSERIAL PRIMARY KEY,
  slug              TEXT    NOT NULL UNIQUE,
  name              TEXT    NOT NULL,
  artist            TEXT    NOT NULL,
  venue             TEXT    NOT NULL,
  starts_at         TEXT    NOT NULL,           -- ISO-8601 as the organiser wrote it
  starts_at_utc     BIGINT  NOT NULL,
  starts_at_offset  INTEGER NOT NULL,           -- minutes east of UTC
  description       TEXT    NOT NULL DEFAULT '',
  image             TEXT    NOT NULL DEFAULT '',
  color             TEXT    NOT NULL,
  on_sale_at_utc    BIGINT,
  on_sale_at_offset INTEGER,
  is_active         BOOLEAN NOT NULL DEFAULT TRUE,
  ticket_limit      INTEGER NOT NULL DEFAULT 8,
  hold_seconds      INTEGER,
  layout_id         BIGINT  NOT NULL REFERENCES venue_layouts (id),
  total_seats       INTEGER NOT NULL,
  price_from_cents  BIGINT  NOT NULL,
  created_at        BIGINT  NOT NULL,
  updated_at        BIGINT  NOT NULL
);
CREATE INDEX events_by_start ON events (starts_at_utc, id);

CREATE TABLE seats (
  event_id    BIGINT  NOT NULL REFERENCES events (id),
  seat_index  INTEGER NOT NULL,
  seat_id     TEXT    NOT NULL,
  section     TEXT    NOT NULL,
  row_label   TEXT    NOT NULL,
  number      INTEGER NOT NULL,
  tier        TEXT    NOT NULL,
  price_cents BIGINT  NOT NULL,
  PRIMARY KEY (event_id, seat_index),
  UNIQUE (event_id, seat_id)
);

CREATE TABLE holds (
  id            TEXT    PRIMARY KEY,
  event_id      BIGINT  NOT NULL REFERENCES events (id),
  user_id       BIGINT  NOT NULL REFERENCES users (id),
  seat_ids      TEXT    NOT NULL,                 -- JSON array of seat ids
  status        TEXT    NOT NULL CHECK (status IN ('active', 'released', 'expired', 'sold')),
  renewals      INTEGER NOT NULL DEFAULT 0,
  created_at_ms BIGINT  NOT NULL,
  expires_at_ms BIGINT  NOT NULL
);
CREATE INDEX holds_by_event ON holds (event_id, status);

CREATE TABLE orders (
  id              TEXT    PRIMARY KEY,
  user_id         BIGINT  NOT NULL REFERENCES users (id),
  event_id        BIGINT  NOT NULL REFERENCES events (id),
  hold_id         TEXT    NOT NULL,
  idempotency_key TEXT    NOT NULL,
  subtotal_cents  BIGINT  NOT NULL,
  fee_cents       BIGINT  NOT NULL,
  total_cents     BIGINT  NOT NULL,
  payment_id      TEXT    NOT NULL,
  status          TEXT    NOT NULL CHECK (status IN ('confirmed', 'refunded')),
  created_at      BIGINT  NOT NULL,
  CONSTRAINT orders_user_key UNIQUE (user_id, idempotency_key)
);

CREATE TABLE tickets (
  id           TEXT    PRIMARY KEY,             -- UUID
  order_id     TEXT    NOT NULL REFERENCES orders (id),
  user_id      BIGINT  NOT NULL REFERENCES users (id),
  event_id     BIGINT  NOT NULL,
  seat_index   INTEGER NOT NULL,
  seat_id      TEXT    NOT NULL,
  price_cents  BIGINT  NOT NULL,
  fee_cents    BIGINT  NOT NULL,
  total_cents  BIGINT  NOT NULL,
  status       TEXT    NOT NULL CHECK (status IN ('confirmed', 'cancelled', 'used')),
  purchased_at BIGINT  NOT NULL,
  issued_seq   BIGINT  GENERATED ALWAYS AS IDENTITY,  -- insertion order (SQLite's rowid)
  FOREIGN KEY (event_id, seat_index) REFERENCES seats (event_id, seat_index)
);
-- The final guard against overselling: one live ticket per seat, whatever the inventory says.
CREATE UNIQUE INDEX tickets_one_live_per_seat ON tickets (event_id, seat_index)
  WHERE status IN ('confirmed', 'used');
CREATE INDEX tickets_by_user ON tickets (user_id, purchased_at);
CREATE INDEX tickets_by_order ON tickets (order_id);

-- Transactional outbox: written in the same transaction as the change it describes.
CREATE TABLE outbox (
  sequence      BIGSERIAL PRIMARY KEY,
  id            TEXT    NOT NULL UNIQUE,           -- UUID of the event message
  type          TEXT    NOT NULL,                  -- seat_locked, seat_released, ticket_sold, ...
  key           TEXT    NOT NULL,                  -- partition key, e.g. "<eventId>-<seatId>"
  payload       TEXT    NOT NULL,                  -- JSON
  created_at_ms BIGINT  NOT NULL
);
