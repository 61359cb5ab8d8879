// Demo data: JSON -> DemoData (with every problem named by its path), then into the Store through
// the engine: orders are validated and matched as order intake would, and every device and
// license action is planned on its day, in date order, and recorded with ApplyChange.
#include "server/demo_data.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/engine.h"
#include "server/alerts/alerts_store.h"
#include "server/files.h"
#include "server/log.h"
#include "server/store.h"

namespace portal::server {

using api::FieldError;
using api::FieldReader;
using api::IndexPath;
using api::Json;

// ---------------------------------------------------------------------------------------------
// [SECTION] Reading the file

namespace {

void DaysAgo(FieldReader& reader, const char* key, int& out) {
    if (reader.Int(key, out) && out < 0) reader.Fail(key, "must not be negative");
}

// Reads a JSON array member, calling read(element, path) for each element.
template <class Read>
void ForEach(FieldReader& reader, const char* key, bool required, Read read) {
    const Json* array = reader.Array(key, required);
    if (!array) return;
    for (size_t i = 0; i < array->size(); ++i) read((*array)[i], IndexPath(reader.PathOf(key), i));
}

void ReadParty(const Json& json, const std::string& path, Party& party, bool address,
               std::vector<FieldError>& errors) {
    FieldReader reader(json, path, errors);
    reader.String("name", party.name);
    reader.String("email", party.email);
    if (!address) return;
    if (const Json* where = reader.Object("address")) {
        FieldReader fields(*where, reader.PathOf("address"), errors);
        fields.String("line1", party.address.line1);
        fields.String("city", party.address.city);
        fields.String("postalCode", party.address.postal_code);
        fields.String("country", party.address.country);
    }
}

void ReadOrder(const Json& json, const std::string& path, DemoOrder& order,
               std::vector<FieldError>& errors) {
    FieldReader reader(json, path, errors);
    reader.String("poNumber", order.po_number);
    DaysAgo(reader, "purchasedDaysAgo", order.purchased_days_ago);
    int cancelled = 0;
    if (reader.Int("cancelledDaysAgo", cancelled, /*required=*/false)) {
        if (cancelled < 0 || cancelled > order.purchased_days_ago) {
            reader.Fail("cancelledDaysAgo", "must be between 0 and purchasedDaysAgo");
        }
        order.cancelled_days_ago = cancelled;
    }
    ForEach(reader, "lines", true, [&](const Json& item, const std::string& at) {
        FieldReader line(item, at, errors);
        OrderLine& out = order.lines.emplace_back();
        line.String("sku", out.sku);
        line.Int("quantity", out.quantity);
    });
    if (const Json* party = reader.Object("endCustomer")) {
        ReadParty(*party, reader.PathOf("endCustomer"), order.end_customer, false, errors);
    }
    if (const Json* party = reader.Object("reseller")) {
        ReadParty(*party, reader.PathOf("reseller"), order.reseller, true, errors);
    }
    if (const Json* party = reader.Object("distributor")) {
        ReadParty(*party, reader.PathOf("distributor"), order.distributor, true, errors);
    }
}

void ReadLicense(const Json& json, const std::string& path, DemoLicense& license,
                 std::vector<FieldError>& errors) {
    FieldReader reader(json, path, errors);
    reader.String("room", license.room);
    DaysAgo(reader, "daysAgo", license.days_ago);
    if (!reader.String("do", license.action)) return;
    if (license.action == "assign") {
        reader.String("poNumber", license.po_number);
        reader.String("sku", license.sku);
    } else if (license.action == "unassign") {
        reader.String("program", license.program);
    } else if (license.action == "move") {
        reader.String("program", license.program);
        reader.String("toRoom", license.to_room);
    } else {
        reader.Fail("do", "must be \"assign\", \"unassign\" or \"move\"");
    }
}

void ReadAccount(const Json& json, const std::string& path, DemoAccount& account,
                 std::vector<FieldError>& errors) {
    FieldReader reader(json, path, errors);
    reader.String("name", account.name);
    if (reader.String("kind", account.kind) && account.kind != "headquarters" &&
        account.kind != "site") {
        reader.Fail("kind", "must be \"headquarters\" or \"site\"");
    }
    reader.String("street", account.street);
    reader.String("city", account.city);
    reader.String("postalCode", account.postal_code);
    reader.String("country", account.country);
    ForEach(reader, "rooms", true, [&](const Json& item, const std::string& at) {
        FieldReader fields(item, at, errors);
        DemoRoom& room = account.rooms.emplace_back();
        fields.String("key", room.key);
        fields.String("name", room.name);
        fields.String("site", room.site);
        fields.String("country", room.country);
        if (fields.Int("capacity", room.capacity) && room.capacity < 0) {
            fields.Fail("capacity", "must not be negative");
        }
        fields.String("timeZone", room.time_zone, /*required=*/false);
    });
    ForEach(reader, "orders", false, [&](const Json& item, const std::string& at) {
        ReadOrder(item, at, account.orders.emplace_back(), errors);
    });
    ForEach(reader, "devices", false, [&](const Json& item, const std::string& at) {
        FieldReader fields(item, at, errors);
        DemoDevice& device = account.devices.emplace_back();
        fields.String("serial", device.serial);
        fields.String("product", device.product);
        fields.String("room", device.room, /*required=*/false);
        DaysAgo(fields, "purchasedDaysAgo", device.purchased_days_ago);
    });
    ForEach(reader, "deviceMoves", false, [&](const Json& item, const std::string& at) {
        FieldReader fields(item, at, errors);
        DemoDeviceMove& move = account.device_moves.emplace_back();
        fields.String("serial", move.serial);
        fields.String("toRoom", move.to_room, /*required=*/false);
        DaysAgo(fields, "daysAgo", move.days_ago);
    });
    ForEach(reader, "licenses", false, [&](const Json& item, const std::string& at) {
        ReadLicense(item, at, account.licenses.emplace_back(), errors);
    });
}

void ReadRoles(FieldReader& reader, const char* key, const char* name_key,
               std::vector<DemoRole>& out, std::vector<FieldError>& errors) {
    ForEach(reader, key, false, [&](const Json& item, const std::string& at) {
        FieldReader fields(item, at, errors);
        DemoRole& role = out.emplace_back();
        fields.String(name_key, role.account);
        if (fields.String("role", role.role) && role.role != "admin" && role.role != "readonly") {
            fields.Fail("role", "must be admin or readonly");
        }
    });
}

void ReadPeople(FieldReader& root, DemoData& out, std::vector<FieldError>& errors) {
    ForEach(root, "users", false, [&](const Json& item, const std::string& at) {
        FieldReader reader(item, at, errors);
        DemoUser& user = out.users.emplace_back();
        reader.String("email", user.email);
        reader.String("name", user.name);
        reader.String("password", user.password);
        user.language_chosen = reader.String("language", user.language, /*required=*/false);
        if (user.language_chosen && user.language != "en" && user.language != "fr") {
            reader.Fail("language", "must be en or fr");
        }
        reader.Bool("operator", user.is_operator, /*required=*/false);
        ReadRoles(reader, "memberships", "account", user.memberships, errors);
    });
    ForEach(root, "partners", false, [&](const Json& item, const std::string& at) {
        FieldReader reader(item, at, errors);
        DemoPartner& partner = out.partners.emplace_back();
        reader.String("name", partner.name);
        ReadRoles(reader, "members", "email", partner.members, errors);
        ReadRoles(reader, "delegations", "account", partner.delegations, errors);
    });
}

}  // namespace

bool DemoFromJson(const Json& json, DemoData& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader root(json, "", errors);
    ForEach(root, "parentEntities", true, [&](const Json& item, const std::string& at) {
        FieldReader reader(item, at, errors);
        DemoParentEntity& parent = out.parent_entities.emplace_back();
        reader.String("name", parent.name);
        ForEach(reader, "accounts", true, [&](const Json& account, const std::string& path) {
            ReadAccount(account, path, parent.accounts.emplace_back(), errors);
        });
    });
    ReadPeople(root, out, errors);
    return errors.size() == before;
}

bool LoadDemoFile(const std::string& path, DemoData& out, std::string& error) {
    std::string text;
    if (!ReadFile(path, text, error)) return false;
    Json json;
    std::string parse_error;
    if (!api::ParseJson(text, json, parse_error)) {
        error = path + ": " + parse_error;
        return false;
    }
    std::vector<FieldError> problems;
    if (!DemoFromJson(json, out, problems)) {
        error = path + " is not valid demo data:";
        for (const FieldError& problem : problems) {
            error += "\n  " + problem.field + ": " + problem.message;
        }
        return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Loading through the engine

namespace {

// One dated step of the demo's history. Steps run in date order; on one day, devices arrive
// before licenses move, and cancellations come last.
struct Step {
    int days_ago = 0;
    int rank = 0;
    Id account_id = 0;
    const DemoDevice* device = nullptr;
    const DemoDeviceMove* device_move = nullptr;
    const DemoLicense* license = nullptr;
    const DemoOrder* cancellation = nullptr;
};

bool RoleOf(const DemoRole& demo, Role& role, std::string& error) {
    if (RoleFrom(demo.role, role)) return true;
    error = "demo data: unknown role " + demo.role;
    return false;
}

bool AccountNamed(const std::map<std::string, Id>& accounts, const std::string& name, Id& id,
                  std::string& error) {
    auto found = accounts.find(name);
    if (found == accounts.end()) {
        error = "demo data names an unknown account " + name;
        return false;
    }
    id = found->second;
    return true;
}

// Users, their memberships (R-ACC-1), operators, partner organisations with their members and
// delegations (R-ACC-6); accounts are named as in the file (name -> id).
bool AddDemoPeople(Store::Writer& writer, const DemoData& demo,
                   const std::map<std::string, Id>& accounts, const std::string& created_at,
                   std::string& error) {
    std::map<std::string, Id> users;  // email -> id
    for (const DemoUser& demo_user : demo.users) {
        UserRecord user;
        user.email = demo_user.email;
        user.name = demo_user.name;
        user.password_hash = demo_user.password_hash;
        user.language = demo_user.language;
        user.language_chosen = demo_user.language_chosen;
        if (!writer.InsertUser(user, created_at, error)) return false;
        users[user.email] = user.id;
        if (demo_user.is_operator && !writer.AddOperator(user.id, error)) return false;
        for (const DemoRole& membership : demo_user.memberships) {
            Id account = 0;
            Role role;
            if (!AccountNamed(accounts, membership.account, account, error) ||
                !RoleOf(membership, role, error) ||
                !writer.InsertMembership(user.id, account, role, error)) {
                return false;
            }
        }
    }
    for (const DemoPartner& partner : demo.partners) {
        Id org = 0;
        if (!writer.InsertPartnerOrg(partner.name, org, error)) return false;
        for (const DemoRole& member : partner.members) {
            auto user = users.find(member.account);
            Role role;
            if (user == users.end()) {
                error = "demo partner " + partner.name + " names an unknown user " + member.account;
                return false;
            }
            if (!RoleOf(member, role, error) ||
                !writer.InsertPartnerMember(user->second, org, role, error)) {
                return false;
            }
        }
        for (const DemoRole& delegation : partner.delegations) {
            Id account = 0;
            Role role;
            if (!AccountNamed(accounts, delegation.account, account, error) ||
                !RoleOf(delegation, role, error) ||
                !writer.InsertDelegation(account, org, role, error)) {
                return false;
            }
        }
    }
    return true;
}

class DemoLoader {
  public:
    DemoLoader(Store::Writer& writer, const Catalogue& catalogue, Date today)
        : writer_(writer), catalogue_(catalogue), today_(today) {}

    bool Load(const DemoData& demo, std::string& error) {
        for (const DemoParentEntity& parent : demo.parent_entities) {
            if (!AddCustomer(parent, error)) return false;
        }
        for (const DemoParentEntity& parent : demo.parent_entities) {
            for (const DemoAccount& account : parent.accounts) {
                if (!AddOrders(parent, account, account_ids_[&account], error)) return false;
            }
        }
        for (const Step& step : Steps(demo)) {
            if (!Run(step, error)) return false;
        }
        std::map<std::string, Id> accounts;
        for (const DemoParentEntity& parent : demo.parent_entities) {
            for (const DemoAccount& account : parent.accounts) {
                accounts[account.name] = account_ids_[&account];
            }
        }
        return AddDemoPeople(writer_, demo, accounts, FormatDate(today_) + "T00:00:00Z", error);
    }

  private:
    Date DaysAgo(int days) const { return AddDays(today_, -days); }

    bool AddCustomer(const DemoParentEntity& demo, std::string& error) {
        ParentEntity parent{0, demo.name};
        if (!writer_.InsertParentEntity(parent, error)) return false;
        state_.parent_entities.push_back(parent);
        for (const DemoAccount& demo_account : demo.accounts) {
            Account account;
            account.parent_entity_id = parent.id;
            account.name = demo_account.name;
            account.kind =
                demo_account.kind == "site" ? AccountKind::Site : AccountKind::Headquarters;
            account.country = demo_account.country;
            account.city = demo_account.city;
            account.postal_code = demo_account.postal_code;
            if (!writer_.InsertAccount(account, error)) return false;
            if (!CreateDefaultAlerting(writer_, account.id, account.country,
                                       int64_t{today_.days} * 86400, error)) {
                return false;
            }
            state_.accounts.push_back(account);
            account_ids_[&demo_account] = account.id;
            for (const DemoRoom& demo_room : demo_account.rooms) {
                Room room;
                room.account_id = account.id;
                room.name = demo_room.name;
                room.site = demo_room.site;
                room.country = demo_room.country;
                room.capacity = demo_room.capacity;
                room.time_zone = demo_room.time_zone;
                if (!writer_.InsertRoom(room, error)) return false;
                if (!rooms_.emplace(demo_room.key, room.id).second) {
                    error = "demo room key " + demo_room.key + " is used twice";
                    return false;
                }
                state_.rooms.push_back(room);
            }
        }
        return true;
    }

    // Each order as order intake takes it: valid (R-ORD-1, R-ORD-2), matched to this very
    // account by its address (R-ORD-3), then its contracts.
    bool AddOrders(const DemoParentEntity& parent, const DemoAccount& demo, Id account_id,
                   std::string& error) {
        for (const DemoOrder& demo_order : demo.orders) {
            Order order;
            order.po_number = demo_order.po_number;
            order.purchase_date = DaysAgo(demo_order.purchased_days_ago);
            order.lines = demo_order.lines;
            order.end_customer = demo_order.end_customer;
            order.end_customer.company = parent.name;
            order.end_customer.address = {
                demo.street, demo.city, demo.postal_code, demo.country,
                demo.kind == "site" ? AccountKind::Site : AccountKind::Headquarters};
            order.reseller = demo_order.reseller;
            order.distributor = demo_order.distributor;
            std::string what = "demo order " + order.po_number;
            OrderCheck check = ValidateOrder(catalogue_, order);
            if (!check.ok()) {
                error = what + " is not valid:";
                for (const FieldProblem& problem : check.missing_or_invalid) {
                    error += " " + problem.field + " " + problem.message.en + ";";
                }
                if (check.refusal)
                    error += " " + check.refusal->rule + " " + check.refusal->message.en;
                return false;
            }
            OrderMatch match = MatchOrder(state_, order);
            if (match.kind != OrderMatch::Kind::ExistingAccount || match.account_id != account_id) {
                error = what + " does not match its account " + demo.name + " (R-ORD-3)";
                return false;
            }
            order.account_id = account_id;
            order.status = OrderStatus::Processed;
            std::vector<Contract> contracts;
            if (!writer_.InsertOrder(catalogue_, order, contracts, error)) return false;
            if (!orders_.emplace(order.po_number, order.id).second) {
                error = what + ": the PO number is used twice";
                return false;
            }
            state_.orders.push_back(order);
            state_.contracts.insert(state_.contracts.end(), contracts.begin(), contracts.end());
        }
        return true;
    }

    std::vector<Step> Steps(const DemoData& demo) {
        std::vector<Step> steps;
        for (const DemoParentEntity& parent : demo.parent_entities) {
            for (const DemoAccount& account : parent.accounts) {
                Id account_id = account_ids_[&account];
                for (const DemoDevice& device : account.devices) {
                    steps.push_back({device.purchased_days_ago, 0, account_id, &device});
                }
                for (const DemoDeviceMove& move : account.device_moves) {
                    steps.push_back({move.days_ago, 1, account_id, nullptr, &move});
                }
                for (const DemoLicense& license : account.licenses) {
                    steps.push_back({license.days_ago, 2, account_id, nullptr, nullptr, &license});
                }
                for (const DemoOrder& order : account.orders) {
                    if (!order.cancelled_days_ago) continue;
                    steps.push_back({*order.cancelled_days_ago, 3, account_id, nullptr, nullptr,
                                     nullptr, &order});
                }
            }
        }
        // Earliest first; the file's order among equals.
        std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) {
            if (a.days_ago != b.days_ago) return a.days_ago > b.days_ago;
            return a.rank < b.rank;
        });
        return steps;
    }

    bool RoomId(const std::string& key, Id& id, std::string& error) {
        if (key.empty()) {
            id = 0;
            return true;
        }
        auto found = rooms_.find(key);
        if (found == rooms_.end()) {
            error = "demo data names an unknown room " + key;
            return false;
        }
        id = found->second;
        return true;
    }

    bool Run(const Step& step, std::string& error) {
        Date day = DaysAgo(step.days_ago);
        Outcome<Change> planned;
        std::string what;
        if (step.device) {
            const DemoDevice& device = *step.device;
            what = "placing device " + device.serial;
            Id room = 0;
            if (!RoomId(device.room, room, error)) return false;
            planned =
                Plan(state_, catalogue_,
                     Action::PlaceDevice(step.account_id, device.serial, device.product, room, day),
                     day);
        } else if (step.device_move) {
            what = "moving device " + step.device_move->serial;
            Id room = 0;
            if (!RoomId(step.device_move->to_room, room, error)) return false;
            planned =
                Plan(state_, catalogue_, Action::MoveDevice(step.device_move->serial, room), day);
        } else if (step.license) {
            const DemoLicense& license = *step.license;
            what = license.action + " license in " + license.room;
            Id room = 0, to_room = 0;
            if (!RoomId(license.room, room, error) || !RoomId(license.to_room, to_room, error)) {
                return false;
            }
            Action action;
            if (license.action == "assign") {
                Id contract = ContractId(license.po_number, license.sku);
                if (contract == 0) {
                    error = "demo data: " + what + ": no contract " + license.sku + " on PO " +
                            license.po_number;
                    return false;
                }
                action = Action::Assign(room, contract);
            } else if (license.action == "unassign") {
                action = Action::Unassign(room, license.program);
            } else {
                action = Action::MoveLicense(room, license.program, to_room);
            }
            planned = Plan(state_, catalogue_, action, day);
        } else {
            what = "cancelling order " + step.cancellation->po_number;
            planned =
                PlanCancelOrder(state_, catalogue_, orders_[step.cancellation->po_number], day);
        }
        if (!planned.ok()) {
            const Refusal& refusal = *planned.refusal;
            error = "demo data: " + what + " on " + FormatDate(day) + " is refused" +
                    (refusal.rule.empty() ? "" : " (" + refusal.rule + ")") + ": " +
                    refusal.message.en;
            return false;
        }
        // Recorded first, then applied in memory with the ids the database gave.
        Change& change = planned.value;
        std::vector<Id> ids;
        if (!writer_.ApplyChange(change, ids, error)) return false;
        for (size_t i = 0; i < ids.size(); ++i) change.new_assignments[i].id = ids[i];
        Apply(state_, change);
        return true;
    }

    Id ContractId(const std::string& po_number, const std::string& sku) const {
        for (const Contract& contract : state_.contracts) {
            if (contract.po_number == po_number && contract.sku == sku) return contract.id;
        }
        return 0;
    }

    Store::Writer& writer_;
    const Catalogue& catalogue_;
    Date today_;
    State state_;  // what has been written so far, as the engine sees it
    std::unordered_map<const DemoAccount*, Id> account_ids_;
    std::map<std::string, Id> rooms_;   // room key -> id
    std::map<std::string, Id> orders_;  // PO number -> order id
};

}  // namespace

bool LoadDemo(Store& store, const Catalogue& catalogue, const DemoData& demo, Date today,
              bool& loaded, std::string& error) {
    bool wrote = false;
    bool ok = store.Write(
        [&](Store::Writer& writer, std::string& write_error) {
            bool empty = false;
            if (!writer.IsEmpty(empty, write_error)) return false;
            if (!empty) return true;  // someone else got there first: leave their data
            DemoLoader loader(writer, catalogue, today);
            if (!loader.Load(demo, write_error)) return false;
            wrote = true;
            return true;
        },
        error);
    loaded = ok && wrote;
    return ok;
}

bool AddDemoSignInsToDemoDatabase(Store& store, DemoData& demo, const PasswordCost& cost,
                                  Date today, bool& added, std::string& error) {
    added = false;
    return store.Write(
        [&](Store::Writer& writer, std::string& e) {
            for (const DemoUser& user : demo.users) {
                UserRecord existing;
                bool found = false;
                if (!writer.FindUserByEmail(user.email, existing, found, e)) return false;
                if (found) return true;  // added before, or someone else's: leave it
            }
            State state;
            if (!writer.LoadState(state, e)) return false;
            std::map<std::string, Id> accounts;
            for (const Account& account : state.accounts) accounts[account.name] = account.id;
            auto known = [&](const std::vector<DemoRole>& roles) {
                return std::all_of(roles.begin(), roles.end(), [&](const DemoRole& role) {
                    return accounts.count(role.account) != 0;
                });
            };
            for (const DemoUser& user : demo.users) {
                if (!known(user.memberships)) return true;  // not the demo's accounts
            }
            for (const DemoPartner& partner : demo.partners) {
                if (!known(partner.delegations)) return true;
            }
            if (!InitCrypto() || !HashDemoPasswords(demo, cost)) {
                e = "cannot hash the demo users' passwords";
                return false;
            }
            added = true;
            return AddDemoPeople(writer, demo, accounts, FormatDate(today) + "T00:00:00Z", e);
        },
        error);
}

bool HashDemoPasswords(DemoData& demo, const PasswordCost& cost) {
    for (DemoUser& user : demo.users) {
        if (!HashPassword(user.password, cost, user.password_hash)) return false;
    }
    return true;
}

bool SeedDemoIfEmpty(Store& store, const Catalogue& catalogue, const std::string& assets_dir,
                     const PasswordCost& password_cost, Date today, Logger& logger,
                     std::string& error) {
    bool empty = false;
    if (!store.IsEmpty(empty, error)) return false;
    DemoData demo;
    std::string path = assets_dir + "/demo/demo.json";
    if (!empty) {
        // A demo database from before sign-in existed (schema 2) gets the demo sign-ins once.
        bool added = false;
        if (!LoadDemoFile(path, demo, error) ||
            !AddDemoSignInsToDemoDatabase(store, demo, password_cost, today, added, error)) {
            return false;
        }
        logger.Info(added ? "demo data: database already populated; demo sign-ins added"
                          : "demo data: database already populated, left as is");
        return true;
    }
    if (!LoadDemoFile(path, demo, error)) return false;
    if (!InitCrypto() || !HashDemoPasswords(demo, password_cost)) {
        error = path + ": cannot hash the demo users' passwords";
        return false;
    }
    bool loaded = false;
    if (!LoadDemo(store, catalogue, demo, today, loaded, error)) {
        error = path + ": " + error;
        return false;
    }
    if (loaded) logger.Info("demo data: loaded " + path + " as of " + FormatDate(today));
    return true;
}

}  // namespace portal::server
