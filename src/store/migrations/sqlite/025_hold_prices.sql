-- Each held seat's price when it was held, cents, comma-separated in seat_ids order: an
-- organiser's price change after the hold leaves what the fan was shown. '' for holds recorded
-- before this column (priced by the show's layout, as then).
ALTER TABLE holds ADD COLUMN seat_prices TEXT NOT NULL DEFAULT '';
