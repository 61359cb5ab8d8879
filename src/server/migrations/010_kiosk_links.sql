-- 010: kiosk links (issue 7): read access to the dashboard of one account (optionally some of its
-- sites or rooms) or, made by a partner organisation, of every account that delegates to it
-- (recomputed on each request). Never the token: token_hash is the hex SHA-256 of "ksk_...".
CREATE TABLE kiosk_links (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER REFERENCES accounts(id),
    partner_org_id INTEGER REFERENCES partner_orgs(id),
    name           TEXT NOT NULL,
    token_hash     TEXT NOT NULL UNIQUE,
    sites          TEXT NOT NULL DEFAULT '[]',  -- JSON array of site names; empty: every site
    rooms          TEXT NOT NULL DEFAULT '[]',  -- JSON array of room ids; empty: every room
    theme          TEXT NOT NULL DEFAULT 'dark' CHECK (theme IN ('dark', 'light')),
    created_by     INTEGER REFERENCES users(id),
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER,  -- NULL: never
    revoked_at     INTEGER,  -- NULL while the link works
    last_used_at   INTEGER,
    CHECK ((account_id IS NULL) <> (partner_org_id IS NULL))
);
CREATE INDEX kiosk_links_account_id ON kiosk_links(account_id);
CREATE INDEX kiosk_links_partner_org_id ON kiosk_links(partner_org_id);
