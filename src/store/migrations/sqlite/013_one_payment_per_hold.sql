-- At most one payment of a hold may be pending or approved: a second checkout of the same hold
-- with another Idempotency-Key is refused before its card is charged. Eight concurrent checkouts
-- of one hold had each charged the card, and seven were then refunded.
CREATE UNIQUE INDEX payments_one_open_per_hold ON payments (hold_id) WHERE state IN ('pending', 'approved');
