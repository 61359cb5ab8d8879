-- A room's history (GET /accounts/{id}/audit?object=room:12) reads one object's entries,
-- newest first, without scanning the account's whole log.
CREATE INDEX audit_log_object ON audit_log(account_id, object, id);
