-- 013: single sign-on (issue 15, R-ACC-5): the domains an account proves with a DNS TXT record,
-- its OpenID Connect connections (client secret sealed with the server key), the identities
-- (issuer, subject) linked to users, the short-lived state of a sign-in in progress, the
-- back-channel logout tokens already used, and how each session and user signed in. Times are
-- INTEGER Unix seconds of the server's clock, except users' human-facing TEXT times. Plain SQL
-- that SQLite and PostgreSQL both speak; booleans are 0/1.

-- A domain an account claims. token: random, public (it is what the account publishes in DNS
-- as "portal-verification=<token>"). Several accounts of one parent entity may each hold the
-- same domain; another parent entity may not add or verify one that is verified (checked by the
-- server, R-ACC-5). last_check_outcome: 'verified', 'no_record', 'wrong_value', 'dns_failed'.
CREATE TABLE sso_domains (
    id                 INTEGER PRIMARY KEY,
    account_id         INTEGER NOT NULL REFERENCES accounts(id),
    domain             TEXT NOT NULL,  -- lower-case ASCII, no trailing dot
    token              TEXT NOT NULL,
    verified_at        INTEGER,
    last_check_at      INTEGER,
    last_check_outcome TEXT,
    last_check_message TEXT,
    created_at         INTEGER NOT NULL,
    UNIQUE (account_id, domain)
);
CREATE INDEX sso_domains_domain ON sso_domains(domain);

-- An account's OpenID Connect provider. client_secret_sealed: SecretBox (security/
-- secret_box.h), never in an answer, the audit log or a log line. discovery_json: the
-- provider's discovery document as fetched and checked on save. tested_at: when a Test sign-in
-- through it last succeeded (cleared when issuer, client id or secret change); enforced needs
-- it.
CREATE TABLE sso_connections (
    id                   INTEGER PRIMARY KEY,
    account_id           INTEGER NOT NULL REFERENCES accounts(id),
    name                 TEXT NOT NULL,
    issuer               TEXT NOT NULL,
    client_id            TEXT NOT NULL,
    client_secret_sealed TEXT NOT NULL,
    default_role         TEXT CHECK (default_role IN ('readonly', 'admin')),  -- NULL: invited only
    enforced             INTEGER NOT NULL DEFAULT 0 CHECK (enforced IN (0, 1)),
    tested_at            INTEGER,
    tested_subject       TEXT,
    discovery_json       TEXT NOT NULL DEFAULT '{}',
    discovered_at        INTEGER,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);
CREATE INDEX sso_connections_account_id ON sso_connections(account_id);

-- The verified domains whose addresses a connection signs in.
CREATE TABLE sso_connection_domains (
    connection_id INTEGER NOT NULL REFERENCES sso_connections(id),
    domain_id     INTEGER NOT NULL REFERENCES sso_domains(id),
    UNIQUE (connection_id, domain_id)
);
CREATE INDEX sso_connection_domains_domain_id ON sso_connection_domains(domain_id);

-- A person at a provider is the pair (issuer, subject), never an email (nOAuth).
CREATE TABLE sso_identities (
    id              INTEGER PRIMARY KEY,
    issuer          TEXT NOT NULL,
    subject         TEXT NOT NULL,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    connection_id   INTEGER REFERENCES sso_connections(id),  -- NULL once the connection is gone
    email_at_link   TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    last_sign_in_at INTEGER,
    UNIQUE (issuer, subject)
);
CREATE INDEX sso_identities_user_id ON sso_identities(user_id);

-- A sign-in in progress (10 minutes), single use. state_hash and browser_hash: hex SHA-256 of
-- the state parameter and of the pre-login cookie; neither value itself is stored.
CREATE TABLE sso_login_states (
    id                   INTEGER PRIMARY KEY,
    state_hash           TEXT NOT NULL UNIQUE,
    browser_hash         TEXT NOT NULL,
    connection_id        INTEGER NOT NULL REFERENCES sso_connections(id),
    purpose              TEXT NOT NULL CHECK (purpose IN ('signin', 'test')),
    user_id              INTEGER REFERENCES users(id),  -- the tester, for 'test'
    nonce                TEXT NOT NULL,
    code_verifier_sealed TEXT NOT NULL,
    next                 TEXT NOT NULL DEFAULT '#/',
    email                TEXT NOT NULL DEFAULT '',
    created_at           INTEGER NOT NULL,
    expires_at           INTEGER NOT NULL,
    used_at              INTEGER
);
CREATE INDEX sso_login_states_expires_at ON sso_login_states(expires_at);

-- Back-channel logout tokens already accepted: a replay is refused until it would be too old
-- anyway.
CREATE TABLE sso_logout_jtis (
    issuer     TEXT NOT NULL,
    jti        TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    UNIQUE (issuer, jti)
);
CREATE INDEX sso_logout_jtis_expires_at ON sso_logout_jtis(expires_at);

-- How a session was opened; an 'sso' one remembers its connection, subject and the provider's
-- session id (sid) so that a back-channel logout finds it.
ALTER TABLE sessions ADD COLUMN auth_method TEXT NOT NULL DEFAULT 'password'
    CHECK (auth_method IN ('password', 'sso'));
ALTER TABLE sessions ADD COLUMN sso_connection_id INTEGER REFERENCES sso_connections(id);
ALTER TABLE sessions ADD COLUMN sso_subject TEXT;
ALTER TABLE sessions ADD COLUMN sso_sid TEXT;
CREATE INDEX sessions_sso_connection_id ON sessions(sso_connection_id);

-- An admin who keeps signing in with a password when the account's SSO is enforced.
ALTER TABLE memberships ADD COLUMN break_glass INTEGER NOT NULL DEFAULT 0
    CHECK (break_glass IN (0, 1));

-- 'YYYY-MM-DDTHH:MM:SSZ' of the last password sign-in: who signs in how.
ALTER TABLE users ADD COLUMN last_password_sign_in_at TEXT;
