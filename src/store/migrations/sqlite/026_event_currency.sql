-- The ISO 4217 currency of every amount of the event (core/currency.h). Events made before
-- events had one sold in USD.
ALTER TABLE events ADD COLUMN currency TEXT NOT NULL DEFAULT 'USD';
