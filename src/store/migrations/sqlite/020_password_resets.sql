-- Password reset links: only the token's hash is kept; a link works once, for 30 minutes.
CREATE TABLE password_resets (
  token_hash TEXT    PRIMARY KEY,  -- hex SHA-256 of the token in the emailed link
  user_id    INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
);
CREATE INDEX password_resets_by_user ON password_resets (user_id);
