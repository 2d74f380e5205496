-- Seats an organiser took off sale (core/seat_block.h), one row per seat while it is blocked:
-- released or issued seats lose their row (the activity log keeps the history).
CREATE TABLE seat_blocks (
  event_id      BIGINT  NOT NULL REFERENCES events (id),
  seat_index    INTEGER NOT NULL,
  seat_id       TEXT    NOT NULL,
  block_id      TEXT    NOT NULL,
  label         TEXT    NOT NULL,
  reason        TEXT    NOT NULL,
  release_at_ms BIGINT  NOT NULL,  -- 0: until released by hand
  by_user_id    BIGINT  NOT NULL,
  created_at_ms BIGINT  NOT NULL,
  PRIMARY KEY (event_id, seat_index)
);
CREATE INDEX seat_blocks_by_block ON seat_blocks (block_id);
CREATE INDEX seat_blocks_due ON seat_blocks (release_at_ms) WHERE release_at_ms > 0;
