-- 003: people, sign-in and sessions. Users sign in with an email and a password (Argon2id, the
-- encoded hash string with its parameters); a membership gives a user a role in an account
-- (R-ACC-1); partner organisations have partner users, and a delegation gives a partner
-- organisation a role in a customer account (R-ACC-6); operators are the vendor's staff.
-- Times here are TEXT 'YYYY-MM-DDTHH:MM:SSZ' for people and INTEGER Unix seconds for sessions,
-- whose expiry is compared on every request.

-- R-ACC-4: one login is one person; an email is one user, whatever its letter case.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,  -- '$argon2id$v=19$m=...,t=...,p=1$salt$hash'; '' = cannot sign in
    language      TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr')),
    created_at    TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
);

CREATE TABLE operators (
    user_id INTEGER PRIMARY KEY REFERENCES users(id)
);

CREATE TABLE memberships (
    user_id    INTEGER NOT NULL REFERENCES users(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    role       TEXT NOT NULL CHECK (role IN ('admin', 'readonly')),
    UNIQUE (user_id, account_id)
);
CREATE INDEX memberships_account_id ON memberships(account_id);

CREATE TABLE partner_orgs (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);

-- A partner user's role within the partner organisation: a read-only partner user gets at most
-- read-only access through any delegation.
CREATE TABLE partner_members (
    user_id        INTEGER NOT NULL REFERENCES users(id),
    partner_org_id INTEGER NOT NULL REFERENCES partner_orgs(id),
    role           TEXT NOT NULL CHECK (role IN ('admin', 'readonly')),
    UNIQUE (user_id, partner_org_id)
);
CREATE INDEX partner_members_partner_org_id ON partner_members(partner_org_id);

CREATE TABLE delegations (
    account_id     INTEGER NOT NULL REFERENCES accounts(id),
    partner_org_id INTEGER NOT NULL REFERENCES partner_orgs(id),
    role           TEXT NOT NULL CHECK (role IN ('admin', 'readonly')),
    UNIQUE (account_id, partner_org_id)
);
CREATE INDEX delegations_partner_org_id ON delegations(partner_org_id);

-- The token itself is never stored: token_hash is the hex SHA-256 of the cookie's value.
CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,  -- the absolute end; the idle timeout runs from last_seen_at
    last_seen_at INTEGER NOT NULL,
    revoked_at   INTEGER            -- NULL while the session lives
);
CREATE INDEX sessions_user_id ON sessions(user_id);
