-- 005: a version of who may do what, moved by triggers on every change to users, roles,
-- delegations and sessions, whoever makes it (this server, a script, an operator with sqlite3).
-- The server caches resolved sessions for a moment and reads this one row to know whether a
-- cached session and its roles may still be used.
CREATE TABLE access_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO access_version(id, version) VALUES (1, 0);

CREATE TRIGGER users_insert_access AFTER INSERT ON users
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER users_update_access AFTER UPDATE ON users
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER users_delete_access AFTER DELETE ON users
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER operators_insert_access AFTER INSERT ON operators
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER operators_update_access AFTER UPDATE ON operators
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER operators_delete_access AFTER DELETE ON operators
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER memberships_insert_access AFTER INSERT ON memberships
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER memberships_update_access AFTER UPDATE ON memberships
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER memberships_delete_access AFTER DELETE ON memberships
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER partner_orgs_insert_access AFTER INSERT ON partner_orgs
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER partner_orgs_update_access AFTER UPDATE ON partner_orgs
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER partner_orgs_delete_access AFTER DELETE ON partner_orgs
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER partner_members_insert_access AFTER INSERT ON partner_members
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER partner_members_update_access AFTER UPDATE ON partner_members
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER partner_members_delete_access AFTER DELETE ON partner_members
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER delegations_insert_access AFTER INSERT ON delegations
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER delegations_update_access AFTER UPDATE ON delegations
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER delegations_delete_access AFTER DELETE ON delegations
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER sessions_insert_access AFTER INSERT ON sessions
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER sessions_update_access AFTER UPDATE ON sessions
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER sessions_delete_access AFTER DELETE ON sessions
BEGIN UPDATE access_version SET version = version + 1; END;
