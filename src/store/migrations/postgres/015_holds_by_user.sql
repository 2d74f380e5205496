-- An account's active holds of an event, for every tab and device of that fan to find them (a
-- second tab had shown the fan's own hold as someone else's). Led by the account, so searches by
-- event keep their own index.
CREATE INDEX holds_by_user ON holds (user_id, event_id, status);
