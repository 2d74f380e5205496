-- Ticket limits are per person (core/mailbox.h): accounts whose emails reach one mailbox
-- (`fan+1@x.org`, `fan+2@x.org`) count together. `mailbox` is that key; `person_id` is the first
-- account of the mailbox, NULL for that first account itself (a person is COALESCE(person_id, id)).
-- Emails are stored lower-cased; the backfill applies core::mailbox_of's rules in SQL.
ALTER TABLE users ADD COLUMN mailbox TEXT;
ALTER TABLE users ADD COLUMN person_id INTEGER REFERENCES users (id);

UPDATE users SET mailbox = lower(
  CASE WHEN instr(substr(email, 2, instr(email, '@') - 2), '+') > 0
       THEN substr(email, 1, instr(substr(email, 2, instr(email, '@') - 2), '+'))
       ELSE substr(email, 1, instr(email, '@') - 1) END
  || substr(email, instr(email, '@')));

UPDATE users SET mailbox = replace(substr(mailbox, 1, instr(mailbox, '@') - 1), '.', '') || '@gmail.com'
  WHERE substr(mailbox, instr(mailbox, '@') + 1) IN ('gmail.com', 'googlemail.com');

UPDATE users SET person_id = (SELECT MIN(o.id) FROM users o WHERE o.mailbox = users.mailbox)
  WHERE id <> (SELECT MIN(o.id) FROM users o WHERE o.mailbox = users.mailbox);

CREATE INDEX users_by_mailbox ON users (mailbox, id);
