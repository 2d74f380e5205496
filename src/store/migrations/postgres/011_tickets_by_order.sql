-- SQLite's migration 011 adds this index; PostgreSQL has had it from its first migration. Kept so
-- both databases number their migrations alike.
CREATE INDEX IF NOT EXISTS tickets_by_order ON tickets (order_id);
