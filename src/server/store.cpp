// Store: SQL for the hierarchy; all statements run under the store's mutex.
#include "server/store.h"

#include "server/demo_data.h"

namespace portal::server {

std::unique_ptr<Store> Store::Open(const std::string& path, std::string& error,
                                   std::span<const Migration> migrations) {
    std::unique_ptr<Database> db = Database::Open(path, error);
    if (!db) return nullptr;
    int version = 0;
    if (!Migrate(*db, migrations, version, error)) {
        error = path + ": " + error;
        return nullptr;
    }
    return std::unique_ptr<Store>(new Store(std::move(db), version));
}

bool Store::Ping(int& schema_version, std::string& error) {
    std::lock_guard lock(mutex_);
    int version = AppliedSchemaVersion(*db_);
    if (version < 0) {
        error = db_->SqliteMessage();
        return false;
    }
    schema_version = version;
    return true;
}

bool Store::IsEmpty(bool& empty, std::string& error) {
    std::lock_guard lock(mutex_);
    return IsEmptyLocked(empty, error);
}

bool Store::IsEmptyLocked(bool& empty, std::string& error) {
    Statement query = db_->Prepare("SELECT EXISTS (SELECT 1 FROM parent_entities)");
    if (!query.Valid() || query.Step() != Statement::StepResult::Row) {
        error = "cannot read parent_entities: " + db_->SqliteMessage();
        return false;
    }
    empty = query.ColumnInt(0) == 0;
    return true;
}

bool Store::LoadDemo(const DemoData& demo, bool& loaded, std::string& error) {
    std::lock_guard lock(mutex_);
    loaded = false;
    Transaction transaction(*db_);
    if (!transaction.Began()) {
        error = "cannot begin demo load: " + db_->Error();
        return false;
    }
    bool empty = false;
    if (!IsEmptyLocked(empty, error)) return false;
    if (!empty) return true;

    Statement parent = db_->Prepare("INSERT INTO parent_entities(id, name) VALUES (?, ?)");
    Statement account = db_->Prepare(
        "INSERT INTO accounts(id, parent_entity_id, name, kind, country) VALUES (?, ?, ?, ?, ?)");
    Statement room = db_->Prepare(
        "INSERT INTO rooms(id, account_id, name, site, country, capacity)"
        " VALUES (?, ?, ?, ?, ?, ?)");
    if (!parent.Valid() || !account.Valid() || !room.Valid()) {
        error = "cannot prepare demo load: " + db_->Error();
        return false;
    }
    auto fail = [&](const std::string& what) {
        error = "cannot insert " + what + ": " + db_->SqliteMessage();
        return false;  // the transaction rolls back
    };
    for (const DemoParentEntity& p : demo.parent_entities) {
        parent.Reset();
        parent.Bind(1, p.id);
        parent.Bind(2, p.name);
        if (!parent.Run()) return fail("parent entity " + p.id);
        for (const DemoAccount& a : p.accounts) {
            account.Reset();
            account.Bind(1, a.id);
            account.Bind(2, p.id);
            account.Bind(3, a.name);
            account.Bind(4, a.kind);
            account.Bind(5, a.country);
            if (!account.Run()) return fail("account " + a.id);
            for (const DemoRoom& r : a.rooms) {
                room.Reset();
                room.Bind(1, r.id);
                room.Bind(2, a.id);
                room.Bind(3, r.name);
                room.Bind(4, r.site);
                room.Bind(5, r.country);
                room.Bind(6, int64_t{r.capacity});
                if (!room.Run()) return fail("room " + r.id);
            }
        }
    }
    if (!transaction.Commit()) {
        error = "cannot commit demo data: " + db_->Error();
        return false;
    }
    loaded = true;
    return true;
}

}  // namespace portal::server
