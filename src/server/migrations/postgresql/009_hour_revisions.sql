-- 009: a revision per room's stored hours, so that a reader can tell whether the hours it holds
-- in memory (hour_cache.h) are still the ones its snapshot sees. Ingestion takes a new value from
-- room_hours_revision for every batch that rewrites a room's hours: the counter never goes back,
-- so a room deleted and its id reused can never meet its predecessor's revision.
ALTER TABLE room_hours_state ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;

CREATE TABLE room_hours_revision (
    id    BIGINT PRIMARY KEY CHECK (id = 1),
    value BIGINT NOT NULL
);
INSERT INTO room_hours_revision(id, value) VALUES (1, 0);
