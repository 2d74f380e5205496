-- A payment's refunds by the payment: the reconciler asks, for each payment it settles, whether
-- the whole charge was refunded already; without it each question read every refund kept.
CREATE INDEX refunds_by_payment ON refunds (payment_id);
