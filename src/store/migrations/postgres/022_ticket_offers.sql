-- Tickets sent to an email address with no account: the recipient claims them with an emailed
-- link (only the token's hash is kept). At most one open offer per ticket.
CREATE TABLE ticket_offers (
  token_hash TEXT    PRIMARY KEY,
  ticket_id  TEXT    NOT NULL REFERENCES tickets (id),
  from_user  BIGINT  NOT NULL REFERENCES users (id),
  to_email   TEXT    NOT NULL,
  created_at BIGINT  NOT NULL,
  expires_at BIGINT  NOT NULL,
  state      TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'claimed', 'cancelled')),
  claimed_by BIGINT  REFERENCES users (id),
  closed_at  BIGINT
);
CREATE UNIQUE INDEX ticket_offers_open ON ticket_offers (ticket_id) WHERE state = 'open';
CREATE INDEX ticket_offers_by_sender ON ticket_offers (from_user);
