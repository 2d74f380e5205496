-- Verified addresses and the account page's device list.
-- Accounts from before verification existed have bought with their address already: they count
-- as verified.
ALTER TABLE users ADD COLUMN email_verified BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE users SET email_verified = TRUE;

-- A link proving an address is the fan's: the account's own, or the new one of a change of
-- address (which takes effect when the link is followed). Only the token's hash is kept.
CREATE TABLE email_verifications (
  token_hash TEXT    PRIMARY KEY,
  user_id    BIGINT  NOT NULL REFERENCES users (id),
  email      TEXT    NOT NULL,
  created_at BIGINT  NOT NULL,
  expires_at BIGINT  NOT NULL,
  used_at    BIGINT
);
CREATE INDEX email_verifications_by_user ON email_verifications (user_id);

-- What the account page shows of each signed-in device.
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN client_ip TEXT NOT NULL DEFAULT '';
