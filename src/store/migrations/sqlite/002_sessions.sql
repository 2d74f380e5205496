-- Sign-in sessions. Only a hash of each token is stored, so a copy of the database cannot be
-- used to sign in; every instance can verify and revoke any session.
CREATE TABLE sessions (
  token_hash          TEXT    PRIMARY KEY,       -- hex SHA-256 of the token
  user_id             INTEGER NOT NULL REFERENCES users (id),
  created_at          INTEGER NOT NULL,
  last_seen_at        INTEGER NOT NULL,
  expires_at          INTEGER NOT NULL,          -- sliding
  absolute_expires_at INTEGER NOT NULL,          -- hard cap
  revoked_at          INTEGER
);
CREATE INDEX sessions_by_user ON sessions (user_id);
