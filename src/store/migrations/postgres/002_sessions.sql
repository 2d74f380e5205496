-- Sign-in sessions. Only a hash of each token is stored, so a copy of the database cannot be
-- used to sign in; every instance can verify and revoke any session.
CREATE TABLE sessions (
  token_hash          TEXT   PRIMARY KEY,       -- hex SHA-256 of the token
  user_id             BIGINT NOT NULL REFERENCES users (id),
  created_at          BIGINT NOT NULL,
  last_seen_at        BIGINT NOT NULL,
  expires_at          BIGINT NOT NULL,          -- sliding
  absolute_expires_at BIGINT NOT NULL,          -- hard cap
  revoked_at          BIGINT
);
CREATE INDEX sessions_by_user ON sessions (user_id);
