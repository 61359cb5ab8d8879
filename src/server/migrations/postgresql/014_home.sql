-- 014: the fleet's home (issue 16). getting_started: whether the account's Getting started
-- checklist shows on its Overview: NULL (never decided: an established account), 'open' (set
-- once, by the first read of the home of an account without rooms or without a license
-- assigned) or 'dismissed' (an admin hid it). Plain SQL that PostgreSQL speaks too.
ALTER TABLE accounts ADD COLUMN getting_started TEXT
    CHECK (getting_started IS NULL OR getting_started IN ('open', 'dismissed'));
