-- Signed ticket codes, gate check-in and transfers.
-- code_issued_ms is the issue time inside the ticket's current signed code: a transfer issues a
-- new code, and a code with another issue time is refused at the gate.
ALTER TABLE tickets ADD COLUMN code_issued_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN checked_in_at_ms BIGINT;
ALTER TABLE tickets ADD COLUMN checked_in_gate TEXT;
UPDATE tickets SET code_issued_ms = purchased_at * 1000;

-- Ed25519 keys that sign ticket codes; the newest active one signs, all verify (rotation).
CREATE TABLE ticket_keys (
  id             BIGINT PRIMARY KEY,
  public_key     TEXT   NOT NULL,  -- base64url, 32 bytes
  secret_key     TEXT   NOT NULL,  -- base64url, 64 bytes
  created_at_ms  BIGINT NOT NULL
);

CREATE TABLE ticket_transfers (
  ticket_id     TEXT   NOT NULL REFERENCES tickets (id),
  from_user     BIGINT NOT NULL REFERENCES users (id),
  to_user       BIGINT NOT NULL REFERENCES users (id),
  at_ms         BIGINT NOT NULL
);
CREATE INDEX ticket_transfers_by_sender ON ticket_transfers (from_user);
