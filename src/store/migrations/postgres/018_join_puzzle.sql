-- A waiting room may ask a fan to solve a small puzzle to join (core/join_puzzle.h): how many
-- leading zero bits; 0 asks none.
ALTER TABLE waiting_rooms ADD COLUMN proof_of_work INTEGER NOT NULL DEFAULT 0;
