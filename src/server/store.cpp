// Store: the entitlement model in SQL. Rows <-> the structs of core/model.h, and an engine Change
// -> the statements that record it. Every public method runs under the store's mutex.
#include "server/store.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "server/sql_helpers.h"

namespace portal::server {

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Ids and dates as the schema holds them (enums: core/model.h's spellings)

// An id binds as NULL for 0 ("none" in the model).
using sql::BindIdOrNull;

void BindDate(Statement& statement, int index, const std::optional<Date>& date) {
    if (date) {
        statement.Bind(index, FormatDate(*date));
    } else {
        statement.BindNull(index);
    }
}

// Reads one row's columns into the model, collecting the first problem with the row's name.
class RowReader {
  public:
    RowReader(const Statement& row, std::string& error) : row_(row), error_(error) {}

    Id IdAt(int column) const { return sql::IdOrZero(row_, column); }
    std::string TextAt(int column) const { return row_.ColumnText(column); }
    int IntAt(int column) const { return static_cast<int>(row_.ColumnInt(column)); }

    // what: the column's name, for the message.
    void DateAt(int column, Date& out, const char* what) {
        std::string text = row_.ColumnText(column);
        if (!ParseDate(text, out))
            Fail(std::string(what) + " '" + text + "' is not a YYYY-MM-DD date");
    }
    void OptionalDateAt(int column, std::optional<Date>& out, const char* what) {
        if (row_.ColumnIsNull(column)) {
            out.reset();
            return;
        }
        DateAt(column, out.emplace(), what);
    }
    template <class T>
    void EnumAt(int column, T& out, bool (*from)(const std::string&, T&), const char* what) {
        std::string text = row_.ColumnText(column);
        if (!from(text, out)) Fail(std::string(what) + " '" + text + "' is not a known value");
    }

    void Fail(const std::string& message) {
        if (ok_) error_ = message;
        ok_ = false;
    }
    bool ok() const { return ok_; }

  private:
    const Statement& row_;
    std::string& error_;
    bool ok_ = true;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Reading the model

// Which rows a read takes: everything, one parent entity's (its accounts' rows), or one
// account's (with its parent entity's row).
struct Scope {
    enum class Kind { Whole, ParentEntity, Account, Accounts };
    Kind kind = Kind::Whole;
    Id id = 0;             // the parent entity or the account
    bool orders = true;    // false: no orders nor order lines (pages that show none)
    std::string ids = "";  // Accounts: "3,4,7", the ids (numbers only, never user text)
    bool whole() const { return kind == Kind::Whole; }
    bool bound() const { return kind == Kind::ParentEntity || kind == Kind::Account; }
};

// The tables a scope filters, each by its own column.
enum class Table { ParentEntities, Accounts, Owned, OrderLines };

std::string Where(const Scope& scope, Table table) {
    if (scope.whole()) return {};
    if (scope.kind == Scope::Kind::Accounts) {
        std::string in = " IN (" + scope.ids + ")";
        switch (table) {
            case Table::ParentEntities:
                return " WHERE id IN (SELECT parent_entity_id FROM accounts WHERE id" + in + ")";
            case Table::Accounts:
                return " WHERE id" + in;
            case Table::Owned:
                return " WHERE account_id" + in;
            case Table::OrderLines:
                return " WHERE order_id IN (SELECT id FROM orders WHERE account_id" + in + ")";
        }
        return {};
    }
    bool parent = scope.kind == Scope::Kind::ParentEntity;
    switch (table) {
        case Table::ParentEntities:
            return parent ? " WHERE id = ?1"
                          : " WHERE id = (SELECT parent_entity_id FROM accounts WHERE id = ?1)";
        case Table::Accounts:
            return parent ? " WHERE parent_entity_id = ?1" : " WHERE id = ?1";
        case Table::Owned:  // rooms, devices, orders, contracts, assignments
            return parent ? " WHERE account_id IN"
                            " (SELECT id FROM accounts WHERE parent_entity_id = ?1)"
                          : " WHERE account_id = ?1";
        case Table::OrderLines:
            return parent ? " WHERE order_id IN (SELECT id FROM orders WHERE account_id IN"
                            " (SELECT id FROM accounts WHERE parent_entity_id = ?1))"
                          : " WHERE order_id IN (SELECT id FROM orders WHERE account_id = ?1)";
    }
    return {};
}

// Steps through a prepared query, calling read per row; a row the model cannot hold fails.
template <class ReadRow>
bool StepRows(Database& db, Statement& query, const char* table, std::string& error, ReadRow read) {
    while (true) {
        Statement::StepResult step = query.Step();
        if (step == Statement::StepResult::Done) return true;
        if (step == Statement::StepResult::Error) {
            error = std::string("cannot read ") + table + ": " + db.LastMessage();
            return false;
        }
        std::string row_error;
        RowReader row(query, row_error);
        read(row);
        if (!row.ok()) {
            // Named by the row's first column: its id (a device's serial).
            error = std::string(table) + " " + query.ColumnText(0) + ": " + row_error;
            return false;
        }
    }
}

// Steps through `sql` (bound to the scope's id when scoped), calling read per row.
template <class ReadRow>
bool ForEachRow(Database& db, const std::string& sql, const Scope& scope, const char* table,
                std::string& error, ReadRow read) {
    Statement query = db.Prepare(sql);
    if (!query.Valid()) {
        error = std::string("cannot read ") + table + ": " + db.Error();
        return false;
    }
    if (scope.bound()) query.Bind(1, int64_t{scope.id});
    return StepRows(db, query, table, error, read);
}

// The rows of `sql` with ?1 bound to `key` (an id, or a serial).
template <class Key, class ReadRow>
bool ForEachRowOf(Database& db, const std::string& sql, const Key& key, const char* table,
                  std::string& error, ReadRow read) {
    Statement query = db.Prepare(sql);
    if (!query.Valid()) {
        error = std::string("cannot read ") + table + ": " + db.Error();
        return false;
    }
    if constexpr (std::is_same_v<Key, std::string>) {
        query.Bind(1, key);
    } else {
        query.Bind(1, int64_t{key});
    }
    return StepRows(db, query, table, error, read);
}

void ReadParty(RowReader& row, int first, Party& party, bool company) {
    int column = first;
    party.name = row.TextAt(column++);
    party.email = row.TextAt(column++);
    if (company) party.company = row.TextAt(column++);
    party.address.line1 = row.TextAt(column++);
    party.address.city = row.TextAt(column++);
    party.address.postal_code = row.TextAt(column++);
    party.address.country = row.TextAt(column++);
    row.EnumAt(column, party.address.kind, AccountKindFrom, "address kind");
}

// The model's tables as the engine's rows: each SELECT's columns, and its reader.
constexpr const char* kSelectParentEntities = "SELECT id, name FROM parent_entities";
void AddParentEntity(RowReader& row, State& out) {
    out.parent_entities.push_back({row.IdAt(0), row.TextAt(1)});
}

constexpr const char* kSelectAccounts =
    "SELECT id, parent_entity_id, name, kind, country, city, postal_code FROM accounts";
void AddAccount(RowReader& row, State& out) {
    Account& account = out.accounts.emplace_back();
    account.id = row.IdAt(0);
    account.parent_entity_id = row.IdAt(1);
    account.name = row.TextAt(2);
    row.EnumAt(3, account.kind, AccountKindFrom, "kind");
    account.country = row.TextAt(4);
    account.city = row.TextAt(5);
    account.postal_code = row.TextAt(6);
}

constexpr const char* kSelectRooms =
    "SELECT id, account_id, name, site, country, capacity, version, time_zone FROM rooms";
void AddRoom(RowReader& row, State& out) {
    Room& room = out.rooms.emplace_back();
    room.id = row.IdAt(0);
    room.account_id = row.IdAt(1);
    room.name = row.TextAt(2);
    room.site = row.TextAt(3);
    room.country = row.TextAt(4);
    room.capacity = row.IntAt(5);
    room.version = row.IntAt(6);
    room.time_zone = row.TextAt(7);  // NULL: UTC, read as ""
}

constexpr const char* kSelectDevices =
    "SELECT serial, account_id, product, room_id, purchase_date FROM devices";
void AddDevice(RowReader& row, State& out) {
    Device& device = out.devices.emplace_back();
    device.serial = row.TextAt(0);
    device.account_id = row.IdAt(1);
    device.product = row.TextAt(2);
    device.room_id = row.IdAt(3);
    row.DateAt(4, device.purchase_date, "purchase_date");
}

constexpr const char* kSelectContracts =
    "SELECT id, order_id, account_id, po_number, sku, program, quantity, term_years,"
    " purchase_date, first_assigned, cancelled FROM contracts";
void AddContract(RowReader& row, State& out) {
    Contract& contract = out.contracts.emplace_back();
    contract.id = row.IdAt(0);
    contract.order_id = row.IdAt(1);
    contract.account_id = row.IdAt(2);
    contract.po_number = row.TextAt(3);
    contract.sku = row.TextAt(4);
    contract.program = row.TextAt(5);
    contract.quantity = row.IntAt(6);
    contract.term_years = row.IntAt(7);
    row.DateAt(8, contract.purchase_date, "purchase_date");
    row.OptionalDateAt(9, contract.first_assigned, "first_assigned");
    contract.cancelled = row.IntAt(10) != 0;
}

constexpr const char* kSelectAssignments =
    "SELECT id, contract_id, slot, room_id, assigned_on, released_on, release_reason"
    " FROM assignments";
void AddAssignment(RowReader& row, State& out) {
    Assignment& assignment = out.assignments.emplace_back();
    assignment.id = row.IdAt(0);
    assignment.contract_id = row.IdAt(1);
    assignment.slot = row.IntAt(2);
    assignment.room_id = row.IdAt(3);
    row.DateAt(4, assignment.assigned_on, "assigned_on");
    row.OptionalDateAt(5, assignment.released_on, "released_on");
    if (assignment.released_on) {
        row.EnumAt(6, assignment.release_reason, ReleaseReasonFrom, "release_reason");
    }
}

bool ReadState(Database& db, const Scope& scope, State& out, std::string& error) {
    out = State();
    ReadTransaction snapshot(db);
    if (!snapshot.Began()) {
        error = "cannot begin a read: " + db.Error();
        return false;
    }
    bool ok =
        ForEachRow(db, kSelectParentEntities + Where(scope, Table::ParentEntities) + " ORDER BY id",
                   scope, "parent_entities", error,
                   [&](RowReader& row) { AddParentEntity(row, out); }) &&
        ForEachRow(db, kSelectAccounts + Where(scope, Table::Accounts) + " ORDER BY id", scope,
                   "accounts", error, [&](RowReader& row) { AddAccount(row, out); }) &&
        // Rooms by id: CheckState indexes dense ids with a plain array.
        ForEachRow(db, kSelectRooms + Where(scope, Table::Owned) + " ORDER BY id", scope, "rooms",
                   error, [&](RowReader& row) { AddRoom(row, out); }) &&
        // Devices by serial: CheckState then finds a repeated serial among neighbours.
        ForEachRow(db, kSelectDevices + Where(scope, Table::Owned) + " ORDER BY serial", scope,
                   "devices", error, [&](RowReader& row) { AddDevice(row, out); }) &&
        (!scope.orders ||
         ForEachRow(
             db,
             "SELECT id, po_number, purchase_date, status, account_id, cancelled_on,"
             " end_customer_name, end_customer_email, end_customer_company, end_customer_line1,"
             " end_customer_city, end_customer_postal_code, end_customer_country,"
             " end_customer_kind,"
             " reseller_name, reseller_email, reseller_line1, reseller_city,"
             " reseller_postal_code, reseller_country, reseller_kind,"
             " distributor_name, distributor_email, distributor_line1, distributor_city,"
             " distributor_postal_code, distributor_country, distributor_kind"
             " FROM orders" +
                 Where(scope, Table::Owned) + " ORDER BY id",
             scope, "orders", error, [&](RowReader& row) {
                 Order& order = out.orders.emplace_back();
                 order.id = row.IdAt(0);
                 order.po_number = row.TextAt(1);
                 row.DateAt(2, order.purchase_date, "purchase_date");
                 row.EnumAt(3, order.status, OrderStatusFrom, "status");
                 order.account_id = row.IdAt(4);
                 row.OptionalDateAt(5, order.cancelled_on, "cancelled_on");
                 ReadParty(row, 6, order.end_customer, /*company=*/true);
                 ReadParty(row, 14, order.reseller, /*company=*/false);
                 ReadParty(row, 21, order.distributor, /*company=*/false);
             }));
    if (!ok) return false;

    std::unordered_map<Id, size_t> order_at;
    for (size_t i = 0; i < out.orders.size(); ++i) order_at[out.orders[i].id] = i;
    ok = (!scope.orders ||
          ForEachRow(db,
                     "SELECT order_id, sku, quantity FROM order_lines" +
                         Where(scope, Table::OrderLines) + " ORDER BY order_id, line_no",
                     scope, "order_lines", error,
                     [&](RowReader& row) {
                         auto at = order_at.find(row.IdAt(0));
                         if (at == order_at.end()) {
                             row.Fail("a line of order #" + std::to_string(row.IdAt(0)) +
                                      " that was not read");
                             return;
                         }
                         out.orders[at->second].lines.push_back({row.TextAt(1), row.IntAt(2)});
                     })) &&
         ForEachRow(db, kSelectContracts + Where(scope, Table::Owned) + " ORDER BY id", scope,
                    "contracts", error, [&](RowReader& row) { AddContract(row, out); }) &&
         ForEachRow(db, kSelectAssignments + Where(scope, Table::Owned) + " ORDER BY id", scope,
                    "assignments", error, [&](RowReader& row) { AddAssignment(row, out); });
    return ok;
}

// What one action touches (see Store::ActionScope), read row by row through the indexes: the
// cost of planning an assignment does not grow with the account's size. A partial State (see
// model.h): the contracts' licenses held in other rooms come as their slots only.
bool ReadActionState(Database& db, Id account_id, const Store::ActionScope& scope, State& out,
                     std::string& error) {
    out = State();
    ReadTransaction snapshot(db);
    if (!snapshot.Began()) {
        error = "cannot begin a read: " + db.Error();
        return false;
    }
    auto add = [&out](void (*reader)(RowReader&, State&)) {
        return [&out, reader](RowReader& row) { reader(row, out); };
    };
    const std::string by_id = " WHERE id = ?1";
    if (!ForEachRowOf(db, kSelectAccounts + by_id, account_id, "accounts", error,
                      add(AddAccount))) {
        return false;
    }
    if (out.accounts.empty()) return true;  // no such account: an empty state
    if (!ForEachRowOf(db, kSelectParentEntities + by_id, out.accounts[0].parent_entity_id,
                      "parent_entities", error, add(AddParentEntity))) {
        return false;
    }
    std::unordered_set<Id> seen_assignments;
    auto add_held = [&](RowReader& row) {
        if (seen_assignments.insert(row.IdAt(0)).second) AddAssignment(row, out);
    };
    std::unordered_set<Id> rooms;
    for (Id room : scope.rooms) {
        if (room == 0 || !rooms.insert(room).second) continue;
        if (!ForEachRowOf(db, kSelectRooms + by_id, room, "rooms", error, add(AddRoom)) ||
            !ForEachRowOf(db,
                          kSelectAssignments + std::string(" WHERE room_id = ?1 AND released_on"
                                                           " IS NULL"),
                          room, "assignments", error, add_held)) {
            return false;
        }
    }
    for (const std::string& serial : scope.serials) {
        if (!ForEachRowOf(db, kSelectDevices + std::string(" WHERE serial = ?1"), serial, "devices",
                          error, add(AddDevice))) {
            return false;
        }
    }
    // The contracts named, and those of the licenses the rooms hold (one active license per
    // program, R-ROOM-1); each with its other held licenses as slots only: a count when they
    // are dense, else read from the index of held licenses (id and slot are in it).
    std::unordered_set<Id> contracts(scope.contracts.begin(), scope.contracts.end());
    for (const Assignment& assignment : out.assignments) contracts.insert(assignment.contract_id);
    contracts.erase(0);
    std::vector<Id> ordered(contracts.begin(), contracts.end());
    std::sort(ordered.begin(), ordered.end());
    for (Id contract : ordered) {
        if (!ForEachRowOf(db, kSelectContracts + by_id, contract, "contracts", error,
                          add(AddContract))) {
            return false;
        }
        HeldSlots elsewhere{contract, {}, 0};
        // Held licenses that are exactly slots 0..held-1 (the engine takes the lowest free
        // slot, so a contract is so until a license in the middle leaves): two lookups.
        int held = -1, highest = -1;
        if (!ForEachRowOf(db,
                          std::string("SELECT held, (SELECT max(slot) FROM assignments"
                                      " WHERE contract_id = ?1 AND released_on IS NULL)"
                                      " FROM contracts WHERE id = ?1"),
                          contract, "contracts", error, [&](RowReader& row) {
                              held = row.IntAt(0);
                              highest = row.IntAt(1);  // NULL reads as 0
                          })) {
            return false;
        }
        if (held == 0) continue;
        if (held > 0 && highest + 1 == held) {
            elsewhere.dense = held;
            out.held_elsewhere.push_back(std::move(elsewhere));
            continue;
        }
        if (!ForEachRowOf(db,
                          std::string("SELECT id, slot FROM assignments"
                                      " WHERE contract_id = ?1 AND released_on IS NULL"),
                          contract, "assignments", error, [&](RowReader& row) {
                              if (!seen_assignments.count(row.IdAt(0))) {
                                  elsewhere.slots.push_back(row.IntAt(1));
                              }
                          })) {
            return false;
        }
        if (!elsewhere.slots.empty()) out.held_elsewhere.push_back(std::move(elsewhere));
    }
    std::sort(out.assignments.begin(), out.assignments.end(),
              [](const Assignment& a, const Assignment& b) { return a.id < b.id; });
    return true;
}

bool ReadIsEmpty(Database& db, bool& empty, std::string& error) {
    Statement query = db.Prepare("SELECT EXISTS (SELECT 1 FROM parent_entities)");
    if (!query.Valid() || query.Step() != Statement::StepResult::Row) {
        error = "cannot read parent_entities: " + db.LastMessage();
        return false;
    }
    empty = query.ColumnInt(0) == 0;
    return true;
}

bool ReadAccountState(Database& db, Id account_id, State& out, std::string& error) {
    out = State();
    Statement query = db.Prepare("SELECT parent_entity_id FROM accounts WHERE id = ?");
    if (!query.Valid()) {
        error = "cannot read accounts: " + db.Error();
        return false;
    }
    query.Bind(1, int64_t{account_id});
    switch (query.Step()) {
        case Statement::StepResult::Done:
            return true;  // no such account: an empty state
        case Statement::StepResult::Error:
            error = "cannot read accounts: " + db.LastMessage();
            return false;
        case Statement::StepResult::Row:
            break;
    }
    Scope scope{Scope::Kind::ParentEntity, query.ColumnInt(0)};
    // A parent entity of 0 would read as "everything": never widen a tenant's view.
    if (scope.whole()) return true;
    return ReadState(db, scope, out, error);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Writing the model

// Why a write failed, in words an operator (or a 409 body) can use.
std::string WriteError(Database& db, const std::string& what) {
    switch (db.LastConstraint()) {
        case Constraint::Unique:
        case Constraint::PrimaryKey:
            return what + ": already exists (" + db.LastMessage() + ")";
        case Constraint::ForeignKey:
            return what + ": refers to a missing row or to another account's row";
        case Constraint::Check:
        case Constraint::NotNull:
            return what + ": a value the schema refuses (" + db.LastMessage() + ")";
        case Constraint::None:
            break;
    }
    return what + ": " + db.LastMessage();
}

// Runs an INSERT ... RETURNING id and stores the id.
bool InsertReturningId(Database& db, Statement& insert, Id& id, const std::string& what,
                       std::string& error) {
    if (!insert.Valid()) {
        error = "cannot prepare " + what + ": " + db.Error();
        return false;
    }
    if (insert.Step() != Statement::StepResult::Row) {
        error = WriteError(db, "cannot insert " + what);
        return false;
    }
    id = insert.ColumnInt(0);
    if (insert.Step() != Statement::StepResult::Done) {
        error = WriteError(db, "cannot insert " + what);
        return false;
    }
    return true;
}

bool WriteParentEntity(Database& db, ParentEntity& entity, std::string& error) {
    Statement insert =
        db.Prepare("INSERT INTO parent_entities(id, name) VALUES (?, ?) RETURNING id");
    BindIdOrNull(insert, 1, entity.id);
    insert.Bind(2, entity.name);
    return InsertReturningId(db, insert, entity.id, "parent entity " + entity.name, error);
}

bool WriteAccount(Database& db, Account& account, std::string& error) {
    Statement insert = db.Prepare(
        "INSERT INTO accounts(id, parent_entity_id, name, kind, country, city, postal_code)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    BindIdOrNull(insert, 1, account.id);
    BindIdOrNull(insert, 2, account.parent_entity_id);
    insert.Bind(3, account.name);
    insert.Bind(4, AccountKindId(account.kind));
    insert.Bind(5, account.country);
    insert.Bind(6, account.city);
    insert.Bind(7, account.postal_code);
    return InsertReturningId(db, insert, account.id, "account " + account.name, error);
}

bool WriteRoom(Database& db, Room& room, std::string& error) {
    Statement insert = db.Prepare(
        "INSERT INTO rooms(id, account_id, name, site, country, capacity, version, time_zone)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    BindIdOrNull(insert, 1, room.id);
    BindIdOrNull(insert, 2, room.account_id);
    insert.Bind(3, room.name);
    insert.Bind(4, room.site);
    insert.Bind(5, room.country);
    insert.Bind(6, int64_t{room.capacity});
    insert.Bind(7, int64_t{room.version});
    if (room.time_zone.empty()) {
        insert.BindNull(8);
    } else {
        insert.Bind(8, room.time_zone);
    }
    return InsertReturningId(db, insert, room.id, "room " + room.name, error);
}

void BindParty(Statement& statement, int first, const Party& party, bool company) {
    int index = first;
    statement.Bind(index++, party.name);
    statement.Bind(index++, party.email);
    if (company) statement.Bind(index++, party.company);
    statement.Bind(index++, party.address.line1);
    statement.Bind(index++, party.address.city);
    statement.Bind(index++, party.address.postal_code);
    statement.Bind(index++, party.address.country);
    statement.Bind(index, AccountKindId(party.address.kind));
}

bool WriteContract(Database& db, Contract& contract, std::string& error) {
    Statement insert = db.Prepare(
        "INSERT INTO contracts(id, order_id, account_id, po_number, sku, program, quantity,"
        " term_years, purchase_date, first_assigned, cancelled)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    BindIdOrNull(insert, 1, contract.id);
    BindIdOrNull(insert, 2, contract.order_id);
    BindIdOrNull(insert, 3, contract.account_id);
    insert.Bind(4, contract.po_number);
    insert.Bind(5, contract.sku);
    insert.Bind(6, contract.program);
    insert.Bind(7, int64_t{contract.quantity});
    insert.Bind(8, int64_t{contract.term_years});
    insert.Bind(9, FormatDate(contract.purchase_date));
    BindDate(insert, 10, contract.first_assigned);
    insert.Bind(11, int64_t{contract.cancelled ? 1 : 0});
    return InsertReturningId(db, insert, contract.id,
                             "contract " + contract.sku + " of PO " + contract.po_number, error);
}

bool WriteOrder(Database& db, const Catalogue& catalogue, Order& order,
                std::vector<Contract>& contracts, std::string& error) {
    contracts.clear();
    std::string what = "order " + order.po_number;
    Statement insert = db.Prepare(
        "INSERT INTO orders(id, po_number, purchase_date, status, account_id, cancelled_on,"
        " end_customer_name, end_customer_email, end_customer_company, end_customer_line1,"
        " end_customer_city, end_customer_postal_code, end_customer_country,"
        " end_customer_kind,"
        " reseller_name, reseller_email, reseller_line1, reseller_city,"
        " reseller_postal_code, reseller_country, reseller_kind,"
        " distributor_name, distributor_email, distributor_line1, distributor_city,"
        " distributor_postal_code, distributor_country, distributor_kind)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, ?) RETURNING id");
    BindIdOrNull(insert, 1, order.id);
    insert.Bind(2, order.po_number);
    insert.Bind(3, FormatDate(order.purchase_date));
    insert.Bind(4, OrderStatusId(order.status));
    BindIdOrNull(insert, 5, order.account_id);
    BindDate(insert, 6, order.cancelled_on);
    BindParty(insert, 7, order.end_customer, /*company=*/true);
    BindParty(insert, 15, order.reseller, /*company=*/false);
    BindParty(insert, 22, order.distributor, /*company=*/false);
    if (!InsertReturningId(db, insert, order.id, what, error)) return false;

    Statement line =
        db.Prepare("INSERT INTO order_lines(order_id, line_no, sku, quantity) VALUES (?, ?, ?, ?)");
    if (!line.Valid()) {
        error = "cannot prepare order lines: " + db.Error();
        return false;
    }
    for (size_t i = 0; i < order.lines.size(); ++i) {
        line.Reset();
        line.Bind(1, int64_t{order.id});
        line.Bind(2, static_cast<int64_t>(i));
        line.Bind(3, order.lines[i].sku);
        line.Bind(4, int64_t{order.lines[i].quantity});
        if (!line.Run()) {
            error = WriteError(db, "cannot insert line " + std::to_string(i) + " of " + what);
            return false;
        }
    }

    if (order.status == OrderStatus::Unmatched) return true;  // contracts come with the match
    contracts = ContractsForOrder(catalogue, order);
    if (contracts.size() != order.lines.size()) {
        error = "cannot insert " + what + ": a line names a SKU the catalogue does not know";
        return false;
    }
    for (Contract& contract : contracts) {
        contract.cancelled = order.status == OrderStatus::Cancelled;
        if (!WriteContract(db, contract, error)) return false;
    }
    return true;
}

bool WriteChange(Database& db, const Change& change, std::vector<Id>& new_assignment_ids,
                 std::string& error) {
    new_assignment_ids.clear();
    const std::string on = FormatDate(change.on);

    // Releases first: a moved license leaves its room before it enters the next one, which the
    // held-license index would otherwise refuse.
    Statement release = db.Prepare(
        "UPDATE assignments SET released_on = ?, release_reason = ?"
        " WHERE id = ? AND released_on IS NULL");
    Statement assign = db.Prepare(
        "INSERT INTO assignments(account_id, contract_id, slot, room_id, assigned_on)"
        " SELECT account_id, id, ?, ?, ? FROM contracts WHERE id = ? RETURNING id");
    Statement start = db.Prepare(
        "UPDATE contracts SET first_assigned = ? WHERE id = ? AND first_assigned IS NULL");
    Statement add_device = db.Prepare(
        "INSERT INTO devices(serial, account_id, product, room_id, purchase_date)"
        " VALUES (?, ?, ?, ?, ?)");
    Statement move_device = db.Prepare("UPDATE devices SET room_id = ? WHERE serial = ?");
    Statement cancel_order = db.Prepare(
        "UPDATE orders SET status = 'cancelled', cancelled_on = ?"
        " WHERE id = ? AND status <> 'cancelled'");
    Statement cancel_contracts =
        db.Prepare("UPDATE contracts SET cancelled = 1 WHERE order_id = ?");
    for (const Statement* statement :
         {&release, &assign, &start, &add_device, &move_device, &cancel_order, &cancel_contracts}) {
        if (!statement->Valid()) {
            error = "cannot prepare the change: " + db.Error();
            return false;
        }
    }

    for (const Release& item : change.releases) {
        std::string what = "assignment #" + std::to_string(item.assignment_id);
        release.Reset();
        release.Bind(1, on);
        release.Bind(2, ReleaseReasonId(item.reason));
        release.Bind(3, int64_t{item.assignment_id});
        if (!release.Run()) {
            error = WriteError(db, "cannot release " + what);
            return false;
        }
        if (db.Changes() != 1) {
            error = "cannot release " + what + ": it is not held (any more)";
            return false;
        }
    }
    for (const Assignment& item : change.new_assignments) {
        std::string what = "license " + std::to_string(item.slot) + " of contract #" +
                           std::to_string(item.contract_id) + " to room #" +
                           std::to_string(item.room_id);
        assign.Reset();
        assign.Bind(1, int64_t{item.slot});
        assign.Bind(2, int64_t{item.room_id});
        assign.Bind(3, FormatDate(item.assigned_on));
        assign.Bind(4, int64_t{item.contract_id});
        switch (assign.Step()) {
            case Statement::StepResult::Row:
                new_assignment_ids.push_back(assign.ColumnInt(0));
                break;
            case Statement::StepResult::Done:
                error = "cannot assign " + what + ": there is no such contract";
                return false;
            case Statement::StepResult::Error:
                // R-ROOM-1: the held-license index refuses a license already held by a room.
                error = db.LastConstraint() == Constraint::Unique
                            ? "cannot assign " + what +
                                  ": that license is already held by a room (R-ROOM-1)"
                            : WriteError(db, "cannot assign " + what);
                return false;
        }
        if (assign.Step() != Statement::StepResult::Done) {
            error = WriteError(db, "cannot assign " + what);
            return false;
        }
    }
    for (Id contract_id : change.contracts_started) {
        start.Reset();
        start.Bind(1, on);
        start.Bind(2, int64_t{contract_id});
        if (!start.Run()) {
            error = WriteError(db, "cannot start contract #" + std::to_string(contract_id));
            return false;
        }
    }
    for (const Device& device : change.new_devices) {
        add_device.Reset();
        add_device.Bind(1, device.serial);
        BindIdOrNull(add_device, 2, device.account_id);
        add_device.Bind(3, device.product);
        BindIdOrNull(add_device, 4, device.room_id);
        add_device.Bind(5, FormatDate(device.purchase_date));
        if (!add_device.Run()) {
            // R-ROOM-3: the serial is the primary key.
            error = db.LastConstraint() == Constraint::PrimaryKey
                        ? "cannot add device " + device.serial +
                              ": that serial is registered already (R-ROOM-3)"
                        : WriteError(db, "cannot add device " + device.serial);
            return false;
        }
    }
    for (const DevicePlacement& move : change.device_moves) {
        move_device.Reset();
        BindIdOrNull(move_device, 1, move.room_id);
        move_device.Bind(2, move.serial);
        if (!move_device.Run()) {
            error = WriteError(db, "cannot move device " + move.serial);
            return false;
        }
        if (db.Changes() != 1) {
            error = "cannot move device " + move.serial + ": there is no such device";
            return false;
        }
    }
    for (Id order_id : change.cancelled_orders) {
        std::string what = "order #" + std::to_string(order_id);
        cancel_order.Reset();
        cancel_order.Bind(1, on);
        cancel_order.Bind(2, int64_t{order_id});
        if (!cancel_order.Run()) {
            error = WriteError(db, "cannot cancel " + what);
            return false;
        }
        if (db.Changes() != 1) {
            error = "cannot cancel " + what + ": it is missing or cancelled already";
            return false;
        }
        cancel_contracts.Reset();
        cancel_contracts.Bind(1, int64_t{order_id});
        if (!cancel_contracts.Run()) {
            error = WriteError(db, "cannot cancel the contracts of " + what);
            return false;
        }
    }
    return true;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Store

// Enough for the 2-core machines this runs on, and for reads to wait on I/O in parallel.
constexpr int kReadConnections = 4;

std::unique_ptr<Store> Store::Open(const std::string& target, std::string& error,
                                   std::span<const Migration> migrations) {
    std::unique_ptr<Database> db = Database::Open(target, error);
    if (!db) return nullptr;
    if (migrations.empty()) migrations = EmbeddedMigrations(db->backend());
    int version = 0;
    if (!Migrate(*db, migrations, version, error)) {
        // Never the URL itself: it may hold a password.
        error = (IsPostgresUrl(target) ? std::string("PostgreSQL") : target) + ": " + error;
        return nullptr;
    }
    std::unique_ptr<Store> store(new Store(std::move(db), version));
    if (target != ":memory:" && !target.empty()) {
        for (int i = 0; i < kReadConnections; ++i) {
            auto reader = std::make_unique<ReadConnection>();
            reader->db = Database::Open(target, error);
            if (!reader->db) return nullptr;
            store->readers_.push_back(std::move(reader));
        }
    }
    return store;
}

Store::ReadLease Store::LeaseReader() {
    if (readers_.empty()) return {std::unique_lock(mutex_), db_.get()};
    // The first free one from a rotating start; all busy: wait for the next in turn.
    size_t start = next_reader_.fetch_add(1, std::memory_order_relaxed);
    for (size_t i = 0; i < readers_.size(); ++i) {
        ReadConnection& reader = *readers_[(start + i) % readers_.size()];
        std::unique_lock lock(reader.mutex, std::try_to_lock);
        if (lock.owns_lock()) return {std::move(lock), reader.db.get()};
    }
    ReadConnection& reader = *readers_[start % readers_.size()];
    return {std::unique_lock(reader.mutex), reader.db.get()};
}

bool Store::Ping(int& schema_version, std::string& error) {
    ReadLease reader = LeaseReader();
    int version = AppliedSchemaVersion(*reader.db);
    if (version < 0) {
        error = reader.db->LastMessage();
        return false;
    }
    schema_version = version;
    return true;
}

bool Store::IsEmpty(bool& empty, std::string& error) {
    ReadLease reader = LeaseReader();
    return ReadIsEmpty(*reader.db, empty, error);
}

bool Store::LoadState(State& out, std::string& error) {
    ReadLease reader = LeaseReader();
    return ReadState(*reader.db, Scope{}, out, error);
}

bool Store::LoadAccountState(Id account_id, State& out, std::string& error) {
    ReadLease reader = LeaseReader();
    ReadTransaction snapshot(*reader.db);  // the account's parent and its rows, as of one moment
    return ReadAccountState(*reader.db, account_id, out, error);
}

// Group commit: writes that arrive while another batch is being written queue up, and the
// first of them then writes them all in one transaction, each inside its own savepoint (a body
// that fails is rolled back alone), with one COMMIT, so one fsync for the lot. Nobody hears
// "done" before that COMMIT: each write is as durable as if it had been alone, and the bodies
// still run one after the other, each seeing what the ones before it wrote.
bool Store::Write(const std::function<bool(Writer&, std::string&)>& body, std::string& error) {
    PendingWrite mine;
    mine.body = &body;
    std::unique_lock queue_lock(queue_mutex_);
    queue_.push_back(&mine);
    queue_changed_.wait(queue_lock, [&] { return mine.done || !batch_running_; });
    if (!mine.done) {
        // This thread writes the batch: whatever is queued now, its own write among them.
        batch_running_ = true;
        std::vector<PendingWrite*> batch;
        batch.swap(queue_);
        queue_lock.unlock();
        WriteBatch(batch);
        queue_lock.lock();
        for (PendingWrite* write : batch) write->done = true;
        batch_running_ = false;
        queue_changed_.notify_all();
    }
    if (!mine.ok) error = mine.error;
    // The batch may have been written on another thread: its outage is this request's too.
    if (mine.outage) NoteStorageOutage();
    return mine.ok;
}

void Store::WriteBatch(const std::vector<PendingWrite*>& batch) {
    std::lock_guard lock(mutex_);
    // Whatever failed in a batch during which the storage failed gets the outage: a write
    // refused for its own reasons answers its refusal, never this.
    uint64_t outages_before = StorageOutages();
    struct MarkOutages {
        const std::vector<PendingWrite*>& batch;
        uint64_t before;
        ~MarkOutages() {
            if (StorageOutages() == before) return;
            for (PendingWrite* write : batch) write->outage = !write->ok;
        }
    } mark_outages{batch, outages_before};
    Transaction transaction(*db_);
    auto fail_all = [&](const std::string& why) {
        for (PendingWrite* write : batch) {
            write->ok = false;
            if (write->error.empty()) write->error = why;
        }
    };
    if (!transaction.Began()) {
        fail_all("cannot begin a write: " + db_->Error());
        return;
    }
    // A write alone in its batch needs no savepoint: if it fails, the whole transaction is its
    // own to roll back (two statements fewer, round trips on PostgreSQL).
    bool alone = batch.size() == 1;
    for (PendingWrite* write : batch) {
        if (!alone && !db_->Exec("SAVEPOINT write")) {
            write->ok = false;
            write->error = "cannot begin a write: " + db_->Error();
            continue;
        }
        Writer writer(*db_);
        try {
            write->ok = (*write->body)(writer, write->error);
        } catch (const std::exception& thrown) {
            // One body's bug must not leave the others of its batch waiting forever.
            write->ok = false;
            write->error = std::string("a write failed: ") + thrown.what();
        }
        if (alone) break;
        if (!write->ok) db_->Exec("ROLLBACK TO write");
        db_->Exec("RELEASE write");
    }
    if (alone && !batch.front()->ok) return;  // rolled back as the transaction ends
    if (!transaction.Commit()) {
        std::string why = "cannot commit: " + db_->Error();
        for (PendingWrite* write : batch) {
            if (write->ok) {
                write->ok = false;
                write->error = why;
            }
        }
    }
}

bool Store::AccessVersion(int64_t& version, std::string& error) {
    ReadLease reader = LeaseReader();
    Statement query = reader.db->Prepare("SELECT version FROM access_version WHERE id = 1");
    if (!query.Valid() || query.Step() != Statement::StepResult::Row) {
        error = "cannot read the access version: " + reader.db->LastMessage();
        return false;
    }
    version = query.ColumnInt(0);
    return true;
}

bool Store::LoadAccountOnly(Id account_id, State& out, std::string& error, bool with_orders) {
    ReadLease reader = LeaseReader();
    return ReadState(*reader.db, Scope{Scope::Kind::Account, account_id, with_orders}, out, error);
}

bool Store::LoadAccountsOnly(const std::vector<Id>& account_ids, State& out, std::string& error,
                             bool with_orders) {
    if (account_ids.empty()) {
        out = State();
        return true;
    }
    Scope scope{Scope::Kind::Accounts, 0, with_orders, {}};
    for (Id id : account_ids) {
        if (!scope.ids.empty()) scope.ids += ',';
        scope.ids += std::to_string(id);
    }
    ReadLease reader = LeaseReader();
    return ReadState(*reader.db, scope, out, error);
}

bool Store::Read(const std::function<bool(Writer&, std::string&)>& body, std::string& error) {
    ReadLease lease = LeaseReader();
    ReadTransaction snapshot(*lease.db);
    if (!snapshot.Began()) {
        error = "cannot begin a read: " + lease.db->Error();
        return false;
    }
    Writer reader(*lease.db);
    return body(reader, error);
}

bool Store::ApplyChange(const Change& change, std::vector<Id>& new_assignment_ids,
                        std::string& error) {
    std::vector<Id> ids;
    bool ok =
        Write([&](Writer& w, std::string& e) { return w.ApplyChange(change, ids, e); }, error);
    // Ids of a rolled-back change were never given.
    new_assignment_ids = ok ? std::move(ids) : std::vector<Id>();
    return ok;
}

namespace {

// One Writer insert in its own transaction, on a copy: the ids the database gives reach the
// caller only if the write committed.
template <class Row>
bool InsertCommitted(Store& store, Row& row, bool (Store::Writer::*insert)(Row&, std::string&),
                     std::string& error) {
    Row copy = row;
    if (!store.Write([&](Store::Writer& w, std::string& e) { return (w.*insert)(copy, e); },
                     error)) {
        return false;
    }
    row = std::move(copy);
    return true;
}

}  // namespace

bool Store::InsertParentEntity(ParentEntity& entity, std::string& error) {
    return InsertCommitted(*this, entity, &Writer::InsertParentEntity, error);
}

bool Store::InsertAccount(Account& account, std::string& error) {
    return InsertCommitted(*this, account, &Writer::InsertAccount, error);
}

bool Store::InsertRoom(Room& room, std::string& error) {
    return InsertCommitted(*this, room, &Writer::InsertRoom, error);
}

bool Store::InsertOrder(const Catalogue& catalogue, Order& order, std::vector<Contract>& contracts,
                        std::string& error) {
    // Work on copies: ids of a rolled-back insert were never given.
    Order copy = order;
    std::vector<Contract> made;
    if (!Write([&](Writer& w, std::string& e) { return w.InsertOrder(catalogue, copy, made, e); },
               error)) {
        return false;
    }
    order = std::move(copy);
    contracts = std::move(made);
    return true;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Writer: the same, inside the transaction Write opened

bool Store::Writer::IsEmpty(bool& empty, std::string& error) {
    return ReadIsEmpty(db_, empty, error);
}

bool Store::Writer::LoadState(State& out, std::string& error) {
    return ReadState(db_, Scope{}, out, error);
}

bool Store::Writer::LoadAccountState(Id account_id, State& out, std::string& error) {
    return ReadAccountState(db_, account_id, out, error);
}

bool Store::Writer::LoadAccountOnly(Id account_id, State& out, std::string& error) {
    return ReadState(db_, Scope{Scope::Kind::Account, account_id}, out, error);
}

bool Store::Writer::LoadActionState(Id account_id, const ActionScope& scope, State& out,
                                    std::string& error) {
    return ReadActionState(db_, account_id, scope, out, error);
}

bool Store::Writer::ApplyChange(const Change& change, std::vector<Id>& new_assignment_ids,
                                std::string& error) {
    return WriteChange(db_, change, new_assignment_ids, error);
}

bool Store::Writer::InsertParentEntity(ParentEntity& entity, std::string& error) {
    return WriteParentEntity(db_, entity, error);
}

bool Store::Writer::InsertAccount(Account& account, std::string& error) {
    return WriteAccount(db_, account, error);
}

bool Store::Writer::InsertRoom(Room& room, std::string& error) {
    return WriteRoom(db_, room, error);
}

bool Store::Writer::InsertOrder(const Catalogue& catalogue, Order& order,
                                std::vector<Contract>& contracts, std::string& error) {
    return WriteOrder(db_, catalogue, order, contracts, error);
}

}  // namespace portal::server
