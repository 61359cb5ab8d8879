-- Issue 16: a user's language is theirs only once they chose it (the language switch, PATCH
-- /api/v1/me, or the invitation page). Until then users.language is a default the portal made
-- up, and mails to the user speak the language of the account's country instead; GET /me says
-- null. Existing users never chose: 0.
ALTER TABLE users ADD COLUMN language_chosen BIGINT NOT NULL DEFAULT 0
    CHECK (language_chosen IN (0, 1));
