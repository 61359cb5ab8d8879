-- 006: how many of a contract's licenses rooms hold now, kept by triggers whoever writes. Read
-- with the highest held slot (an index lookup), it tells in two lookups that a contract's held
-- licenses are exactly slots 0..held-1, so that planning an assignment need not read them all.
ALTER TABLE contracts ADD COLUMN held BIGINT NOT NULL DEFAULT 0 CHECK (held >= 0);
UPDATE contracts SET held =
    (SELECT count(*) FROM assignments a
     WHERE a.contract_id = contracts.id AND a.released_on IS NULL);

-- SQLite's four row triggers, each with its WHEN; `UPDATE OF released_on` fires, in both, when
-- released_on is in the SET list.
CREATE FUNCTION portal_held_increment_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE contracts SET held = held + 1 WHERE id = NEW.contract_id;
    RETURN NULL;
END;
$$;

CREATE FUNCTION portal_held_decrement_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE contracts SET held = held - 1 WHERE id = OLD.contract_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER assignments_insert_held AFTER INSERT ON assignments
    FOR EACH ROW WHEN (NEW.released_on IS NULL)
    EXECUTE FUNCTION portal_held_increment_new();

CREATE TRIGGER assignments_release_held AFTER UPDATE OF released_on ON assignments
    FOR EACH ROW WHEN (OLD.released_on IS NULL AND NEW.released_on IS NOT NULL)
    EXECUTE FUNCTION portal_held_decrement_old();

CREATE TRIGGER assignments_unrelease_held AFTER UPDATE OF released_on ON assignments
    FOR EACH ROW WHEN (OLD.released_on IS NOT NULL AND NEW.released_on IS NULL)
    EXECUTE FUNCTION portal_held_increment_new();

CREATE TRIGGER assignments_delete_held AFTER DELETE ON assignments
    FOR EACH ROW WHEN (OLD.released_on IS NULL)
    EXECUTE FUNCTION portal_held_decrement_old();
