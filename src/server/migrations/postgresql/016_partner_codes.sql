-- 016: partner codes and ids that are never reused (issue 16).
--
-- A partner organisation's public code (R-ACC-6): a customer delegates to the organisation that
-- gave them its code, never to one picked by id. 'P-XXXX-XXXX' from an alphabet without 0/O and
-- 1/I; the server generates one for each new organisation, this migration one for each
-- existing organisation (one random draw per character, 0..31).
ALTER TABLE partner_orgs ADD COLUMN code TEXT;
UPDATE partner_orgs SET code = 'P-' ||
    substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + floor(random() * 32)::integer, 1) ||
    substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + floor(random() * 32)::integer, 1) ||
    substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + floor(random() * 32)::integer, 1) ||
    substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + floor(random() * 32)::integer, 1) || '-' ||
    substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + floor(random() * 32)::integer, 1) ||
    substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + floor(random() * 32)::integer, 1) ||
    substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + floor(random() * 32)::integer, 1) ||
    substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + floor(random() * 32)::integer, 1);
CREATE UNIQUE INDEX partner_orgs_code ON partner_orgs(code);

-- SQLite rebuilds rooms, alerts, sso_domains and sso_connections here to add AUTOINCREMENT, so
-- that a deleted row's id is never given to another row. Nothing to do in PostgreSQL: every id
-- has been an identity since its table was made, and a sequence never goes back.

-- SQLite gives a row an id when the INSERT names the id column with NULL (INTEGER PRIMARY KEY);
-- PostgreSQL's identity columns only when the column is left out. The store binds NULL for "a
-- new id" on both: this trigger gives such a row the identity's next value, before the NOT NULL
-- check (which runs after BEFORE triggers).
CREATE FUNCTION portal_default_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := nextval(TG_ARGV[0]::regclass);
    END IF;
    RETURN NEW;
END $$;

-- One trigger per table whose id is an identity column (every table with its own ids).
CREATE FUNCTION portal_add_default_id_triggers() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT c.table_name, pg_get_serial_sequence(quote_ident(c.table_name), 'id') AS seq
        FROM information_schema.columns c
        WHERE c.table_schema = current_schema() AND c.column_name = 'id'
          AND c.is_identity = 'YES'
          AND NOT EXISTS (SELECT 1 FROM pg_trigger g
                          WHERE g.tgrelid = quote_ident(c.table_name)::regclass
                            AND g.tgname = c.table_name || '_default_id')
    LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW'
                       ' EXECUTE FUNCTION portal_default_id(%L)',
                       t.table_name || '_default_id', t.table_name, t.seq);
    END LOOP;
END $$;
SELECT portal_add_default_id_triggers();
