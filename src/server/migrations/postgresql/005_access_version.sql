-- 005: a version of who may do what, moved by triggers on every change to users, roles,
-- delegations and sessions, whoever makes it (this server, a script, an operator with psql).
-- The server caches resolved sessions for a moment and reads this one row to know whether a
-- cached session and its roles may still be used.
CREATE TABLE access_version (
    id      BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO access_version(id, version) VALUES (1, 0);

-- One bump per row changed, as SQLite's (row) triggers do.
CREATE FUNCTION portal_bump_access_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE access_version SET version = version + 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER users_insert_access AFTER INSERT ON users
    FOR EACH ROW EXECUTE FUNCTION portal_bump_access_version();
CREATE TRIGGER users_update_access AFTER UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION portal_bump_access_version();
CREATE TRIGGER users_delete_access AFTER DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION portal_bump_access_version();
CREATE TRIGGER operators_insert_access AFTER INSERT ON operators
    FOR EACH ROW EXECUTE FUNCTION portal_bump_access_version();
CREATE TRIGGER operators_update_access AFTER UPDATE ON operators
    FOR EACH ROW EXECUTE FUNCTION portal_bump_access_version();
CREATE TRIGGER operators_delete_access AFTER DELETE ON operators
    FOR EACH ROW EXECUTE FUNCTION portal_bump_access_version();
CREATE TRIGGER memberships_insert_access AFTER INSERT ON memberships
    FOR EACH ROW EXECUTE FUNCTION portal_bump_access_version();
CREATE TRIGGER memberships_update_access AFTER UPDATE ON memberships
    FOR EACH ROW EXECUTE FUNCTION portal_bump_access_version();
CREATE TRIGGER memberships_delete_access AFTER DELETE ON memberships
    FOR EACH ROW EXECUTE FUNCTION portal_bump_access_version();
CREATE TRIGGER partner_orgs_insert_access AFTER INSERT ON partner_orgs
    FOR EACH ROW EXECUTE FUNCTION portal_bump_access_version();
CREATE TRIGGER partner_orgs_update_access AFTER UPDATE ON partner_orgs
    FOR EACH ROW EXECUTE FUNCTION portal_bump_access_version();
CREATE TRIGGER partner_orgs_delete_access AFTER DELETE ON partner_orgs
    FOR EACH ROW EXECUTE FUNCTION portal_bump_access_version();
CREATE TRIGGER partner_members_insert_access AFTER INSERT ON partner_members
    FOR EACH ROW EXECUTE FUNCTION portal_bump_access_version();
CREATE TRIGGER partner_members_update_access AFTER UPDATE ON partner_members
    FOR EACH ROW EXECUTE FUNCTION portal_bump_access_version();
CREATE TRIGGER partner_members_delete_access AFTER DELETE ON partner_members
    FOR EACH ROW EXECUTE FUNCTION portal_bump_access_version();
CREATE TRIGGER delegations_insert_access AFTER INSERT ON delegations
    FOR EACH ROW EXECUTE FUNCTION portal_bump_access_version();
CREATE TRIGGER delegations_update_access AFTER UPDATE ON delegations
    FOR EACH ROW EXECUTE FUNCTION portal_bump_access_version();
CREATE TRIGGER delegations_delete_access AFTER DELETE ON delegations
    FOR EACH ROW EXECUTE FUNCTION portal_bump_access_version();
CREATE TRIGGER sessions_insert_access AFTER INSERT ON sessions
    FOR EACH ROW EXECUTE FUNCTION portal_bump_access_version();
CREATE TRIGGER sessions_update_access AFTER UPDATE ON sessions
    FOR EACH ROW EXECUTE FUNCTION portal_bump_access_version();
CREATE TRIGGER sessions_delete_access AFTER DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION portal_bump_access_version();
