-- An order's tickets by the order (receipts, GET /api/orders/{id}, a repeated checkout, refunds):
-- without it each look-up read every ticket sold. PostgreSQL has had this index from its first
-- migration.
CREATE INDEX tickets_by_order ON tickets (order_id);
