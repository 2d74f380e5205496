-- Payments you can audit. A row per (user, Idempotency-Key), written *before* the payment
-- processor is called and moved by its answers, so no charge can exist without a record here
-- whatever crashes: the reconciler finds rows a crash left open and settles them with the
-- processor (an approved charge whose order never committed is refunded).
CREATE TABLE payments (
  id              TEXT    PRIMARY KEY,           -- ours; the processor's idempotency key too
  user_id         BIGINT  NOT NULL REFERENCES users (id),
  idempotency_key TEXT    NOT NULL,              -- the client's
  hold_id         TEXT    NOT NULL,
  event_id        BIGINT  NOT NULL,
  amount_cents    BIGINT  NOT NULL,
  state           TEXT    NOT NULL CHECK (state IN ('pending', 'approved', 'declined', 'failed', 'refunded')),
  processor_id    TEXT    NOT NULL DEFAULT '',   -- the processor's id for the charge
  decline_code    TEXT    NOT NULL DEFAULT '',
  order_id        TEXT,                          -- set in the transaction that commits the order
  created_at_ms   BIGINT  NOT NULL,
  updated_at_ms   BIGINT  NOT NULL,
  CONSTRAINT payments_user_key UNIQUE (user_id, idempotency_key)
);
CREATE INDEX payments_unsettled ON payments (updated_at_ms)
  WHERE state = 'pending' OR (state = 'approved' AND order_id IS NULL);

-- Money going back: a whole charge that produced no order, or one cancelled ticket. Idempotent
-- by id at the processor, so a retried refund never pays out twice.
CREATE TABLE refunds (
  id                 TEXT    PRIMARY KEY,
  payment_id         TEXT    NOT NULL,
  processor_id       TEXT    NOT NULL,
  ticket_id          TEXT,
  amount_cents       BIGINT  NOT NULL,
  reason             TEXT    NOT NULL,
  state              TEXT    NOT NULL CHECK (state IN ('pending', 'succeeded', 'failed')),
  attempts           INTEGER NOT NULL DEFAULT 0,
  last_error         TEXT    NOT NULL DEFAULT '',
  created_at_ms      BIGINT  NOT NULL,
  updated_at_ms      BIGINT  NOT NULL,
  next_attempt_at_ms BIGINT  NOT NULL DEFAULT 0  -- 0: only an admin retries it
);
CREATE INDEX refunds_due ON refunds (next_attempt_at_ms) WHERE state <> 'succeeded';
CREATE INDEX refunds_by_created ON refunds (created_at_ms);

-- Orders paid before this migration: their charge, as the order recorded it.
INSERT INTO payments (id, user_id, idempotency_key, hold_id, event_id, amount_cents, state, processor_id,
                      order_id, created_at_ms, updated_at_ms)
  SELECT payment_id, user_id, idempotency_key, hold_id, event_id, total_cents, 'approved', payment_id, id,
         created_at * 1000, created_at * 1000
  FROM orders;
