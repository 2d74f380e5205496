-- Ticket limits are per person (core/mailbox.h): accounts whose emails reach one mailbox
-- (`fan+1@x.org`, `fan+2@x.org`) count together. `mailbox` is that key; `person_id` is the first
-- account of the mailbox, NULL for that first account itself (a person is COALESCE(person_id, id)).
-- Emails are stored lower-cased; the backfill applies core::mailbox_of's rules in SQL.
ALTER TABLE users ADD COLUMN mailbox TEXT, ADD COLUMN person_id BIGINT REFERENCES users (id);

UPDATE users SET mailbox = lower(regexp_replace(email, '^([^@][^+@]*)\+[^@]*@', '\1@'));

UPDATE users SET mailbox = replace(split_part(mailbox, '@', 1), '.', '') || '@gmail.com'
  WHERE split_part(mailbox, '@', 2) IN ('gmail.com', 'googlemail.com');

UPDATE users u SET person_id = m.first
  FROM (SELECT mailbox, MIN(id) AS first FROM users GROUP BY mailbox) m
  WHERE m.mailbox = u.mailbox AND m.first <> u.id;

CREATE INDEX users_by_mailbox ON users (mailbox, id);
