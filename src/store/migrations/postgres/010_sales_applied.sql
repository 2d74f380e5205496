-- The sequences the sales figures have counted, one row each, so an event handed over again
-- counts once even when events arrive out of log order (servers sharing the Redis streams'
-- consumer group each take some). Replaces sales_progress as the guard; sales_progress stays as
-- the furthest sequence counted, for the report. What the progress row covered is carried over.
CREATE TABLE sales_applied (
  sequence BIGINT PRIMARY KEY
);
INSERT INTO sales_applied (sequence)
  SELECT sequence FROM outbox
  WHERE sequence <= (SELECT sequence FROM sales_progress WHERE id = 1)
    AND type IN ('seat_locked', 'seat_released', 'ticket_sold', 'ticket_cancelled');
