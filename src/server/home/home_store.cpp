#include "server/home/home_store.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/device_table.h"
#include "core/engine.h"
#include "server/api_support.h"
#include "server/sql_helpers.h"
#include "server/support/support_api.h"
#include "server/support/support_store.h"
#include "server/telemetry_store.h"

namespace portal::server {

namespace {

// The support queue reads up to this many open tickets (support_api.cpp's kQueueScanLimit).
constexpr int kTicketScanLimit = 100000;

// "3,4,7": ids for an IN list (numbers only: nothing a user typed reaches the SQL).
std::string IdList(const std::vector<Id>& ids) {
    std::string list;
    for (Id id : ids) {
        if (!list.empty()) list += ',';
        list += std::to_string(id);
    }
    return list;
}

bool Soon(Date date, Date today) {
    return date >= today && date <= AddDays(today, kHomeSoonDays);
}

}  // namespace

void EngineFigures(const State& state, const Catalogue& catalogue, Id account_id, Date today,
                   HomeFigures& out) {
    out.account_id = account_id;
    std::map<std::string, ProgramLicenses> by_program;
    for (const Contract& contract : state.contracts) {
        if (contract.account_id != account_id) continue;
        ContractView view = ViewContract(state, catalogue, contract, today);
        const Program* program = catalogue.FindProgram(contract.program);
        bool assignable = program && program->assignable_to_rooms;  // R-ROOM-6
        if (assignable && view.status != ContractStatus::Cancelled) {
            by_program[contract.program].program = contract.program;
        }
        if (view.status == ContractStatus::Cancelled) continue;
        // R-ORD-7: an order can be cancelled until its deadline, and not once cancelled.
        const Order* order = state.FindOrder(contract.order_id);
        if (order && order->status != OrderStatus::Cancelled &&
            today <= CancellationDeadline(catalogue, *order)) {
            ++out.contracts_cancellable;
        }
        if (view.status == ContractStatus::Expired) continue;
        if (assignable) {
            ProgramLicenses& licenses = by_program[contract.program];
            licenses.free += view.free;
            licenses.assigned += view.assigned;
            licenses.total += view.free + view.assigned;
            out.licenses_free += view.free;
        }
        // R-TERM-1: a term starts at its first assignment or purchase + 60 days.
        if (Soon(view.start, today)) {
            ++out.contracts_starting_soon;
        }
        if (view.days_left <= kHomeSoonDays) ++out.contracts_ending_soon;
    }
    for (const Program& program : catalogue.programs) {
        auto found = by_program.find(program.id);
        if (found != by_program.end()) out.licenses.push_back(found->second);
    }

    std::vector<RoomEntitlements> entitlements = EntitlementsOfRooms(state, catalogue, today);
    for (size_t i = 0; i < state.rooms.size(); ++i) {
        if (state.rooms[i].account_id != account_id) continue;
        ++out.rooms;
        if (!entitlements[i].programs.empty()) ++out.licensed;
    }
    std::unordered_map<Id, Id> room_account;
    for (const Room& room : state.rooms) room_account[room.id] = room.account_id;
    for (const Assignment& assignment : state.assignments) {
        auto room = room_account.find(assignment.room_id);
        if (assignment.held() && room != room_account.end() && room->second == account_id) {
            out.license_assigned = true;
        }
    }
    std::vector<DeviceRow> devices = BuildDeviceRows(state, catalogue, today);
    for (size_t i = 0; i < devices.size() && i < state.devices.size(); ++i) {
        if (state.devices[i].account_id != account_id) continue;
        ++out.devices;
        if (devices[i].room_id != 0) ++out.devices_placed;
        if (devices[i].warranty_end && Soon(*devices[i].warranty_end, today)) {
            ++out.warranty_ending_soon;
        }
    }
}

bool LoadHomeFigures(const ApiContext& ctx, const std::vector<Id>& account_ids,
                     std::vector<HomeFigures>& out, std::string& error) {
    out.clear();
    if (account_ids.empty()) return true;
    Date today = ctx.Today();
    Seconds now = ctx.Now();
    State state;
    if (!ctx.store.LoadAccountsOnly(account_ids, state, error)) return false;

    // The engine's figures, each account's from one pass: every list is split by account first.
    std::unordered_map<Id, size_t> index;
    for (Id id : account_ids) {
        if (!state.FindAccount(id) || index.count(id)) continue;
        index[id] = out.size();
        out.emplace_back().account_id = id;
    }
    if (out.empty()) return true;
    {
        std::unordered_map<Id, State> parts;
        std::unordered_map<Id, const ParentEntity*> entities;
        for (const ParentEntity& entity : state.parent_entities) entities[entity.id] = &entity;
        for (const Account& account : state.accounts) {
            State& part = parts[account.id];
            auto entity = entities.find(account.parent_entity_id);
            if (entity != entities.end()) part.parent_entities.push_back(*entity->second);
            part.accounts.push_back(account);
        }
        for (const Room& room : state.rooms) parts[room.account_id].rooms.push_back(room);
        for (const Device& device : state.devices) {
            parts[device.account_id].devices.push_back(device);
        }
        for (const Order& order : state.orders) parts[order.account_id].orders.push_back(order);
        std::unordered_map<Id, Id> contract_account;
        for (const Contract& contract : state.contracts) {
            parts[contract.account_id].contracts.push_back(contract);
            contract_account[contract.id] = contract.account_id;
        }
        for (const Assignment& assignment : state.assignments) {
            parts[contract_account[assignment.contract_id]].assignments.push_back(assignment);
        }
        for (HomeFigures& figures : out) {
            EngineFigures(parts[figures.account_id], ctx.catalogue, figures.account_id, today,
                          figures);
        }
    }

    // Live status: the room states GET /status shows (R-GATE-1 gates people and meetings).
    std::vector<RoomEntitlements> entitlements = EntitlementsOfRooms(state, ctx.catalogue, today);
    std::map<Id, bool> insights;
    std::unordered_map<Id, Id> room_account;
    for (size_t i = 0; i < state.rooms.size(); ++i) {
        insights[state.rooms[i].id] = entitlements[i].insights;
        room_account[state.rooms[i].id] = state.rooms[i].account_id;
    }
    std::vector<Id> ids;
    for (const HomeFigures& figures : out) ids.push_back(figures.account_id);
    std::vector<RoomStatusRow> rooms;
    std::vector<DeviceStatusRow> devices;
    std::vector<TicketListRow> tickets;
    std::vector<std::pair<Id, int>> firing;
    std::string in = " IN (" + IdList(ids) + ")";
    bool ok = ctx.store.Read(
        [&](Store::Writer& w, std::string& e) {
            TicketQuery query;
            query.account_ids = ids;
            query.status = "open";
            query.limit = kTicketScanLimit;
            // Firing as the alerts page's ?state=firing and GET /status count them.
            std::string alerts_sql =
                "SELECT account_id, COUNT(*) FROM alerts WHERE account_id" + in +
                " AND final = 0 AND state IN ('firing', 'acknowledged') GROUP BY account_id";
            return LoadStatusRowsOf(w, ids, now, rooms, devices, e) &&
                   ListTicketRows(w, query, false, tickets, e) &&
                   sql::Query(
                       w.db(), alerts_sql.c_str(), "cannot count alerts", e, [](Statement&) {},
                       [&](Statement& row) {
                           firing.emplace_back(row.ColumnInt(0),
                                               static_cast<int>(row.ColumnInt(1)));
                       });
        },
        error);
    if (!ok) return false;
    for (const telemetry::RoomStatus& room : LiveRoomStatuses(rooms, devices, insights)) {
        auto account = index.find(room_account[room.room_id]);
        if (account == index.end()) continue;
        HomeFigures& figures = out[account->second];
        if (room.state == telemetry::RoomState::Offline) ++figures.offline;
        if (room.state == telemetry::RoomState::Meeting) ++figures.in_meeting;
    }
    for (const auto& [account_id, count] : firing) {
        auto account = index.find(account_id);
        if (account != index.end()) out[account->second].alerts_firing += count;
    }
    for (const TicketListRow& row : tickets) {
        auto account = index.find(row.ticket.account_id);
        if (account == index.end()) continue;
        HomeFigures& figures = out[account->second];
        ++figures.tickets_open;
        if (TicketDueTimes(ctx, row.ticket, row.changes).breached()) ++figures.tickets_breached;
    }
    return true;
}

bool LoadChecklistFacts(Store& store, Id account_id, bool open_if_unset, ChecklistFacts& out,
                        std::string& error) {
    auto read = [&](Store::Writer& w, std::string& e) {
        if (open_if_unset && !sql::Run(w.db(),
                                       "UPDATE accounts SET getting_started = 'open'"
                                       " WHERE id = ? AND getting_started IS NULL",
                                       "cannot open the checklist", e,
                                       [&](Statement& q) { q.Bind(1, int64_t{account_id}); })) {
            return false;
        }
        return sql::Query(
            w.db(),
            "SELECT (SELECT COUNT(*) FROM memberships WHERE account_id = a.id),"
            " EXISTS (SELECT 1 FROM invitations WHERE account_id = a.id"
            "   AND invited_by IS NOT NULL),"
            " EXISTS (SELECT 1 FROM agent_tokens WHERE account_id = a.id)"
            "   OR EXISTS (SELECT 1 FROM telemetry_batches WHERE account_id = a.id)"
            "   OR EXISTS (SELECT 1 FROM device_status WHERE account_id = a.id),"
            " EXISTS (SELECT 1 FROM alert_rules WHERE account_id = a.id"
            "   AND deleted_at IS NULL AND created_by IS NOT NULL),"
            " EXISTS (SELECT 1 FROM sso_connections WHERE account_id = a.id),"
            " a.getting_started"
            " FROM accounts a WHERE a.id = ?",
            "cannot read the checklist", e, [&](Statement& q) { q.Bind(1, int64_t{account_id}); },
            [&](Statement& row) {
                out.members = static_cast<int>(row.ColumnInt(0));
                out.invited = row.ColumnInt(1) != 0;
                out.agents = row.ColumnInt(2) != 0;
                out.alert_rule = row.ColumnInt(3) != 0;
                out.sso = row.ColumnInt(4) != 0;
                out.getting_started = row.ColumnIsNull(5) ? "" : row.ColumnText(5);
            });
    };
    return open_if_unset ? store.Write(read, error) : store.Read(read, error);
}

bool DismissChecklist(Store::Writer& w, Id account_id, std::string& before, std::string& error) {
    before.clear();
    return sql::Query(
               w.db(), "SELECT getting_started FROM accounts WHERE id = ?",
               "cannot read the checklist", error,
               [&](Statement& q) { q.Bind(1, int64_t{account_id}); },
               [&](Statement& row) {
                   if (!row.ColumnIsNull(0)) before = row.ColumnText(0);
               }) &&
           sql::Run(w.db(), "UPDATE accounts SET getting_started = 'dismissed' WHERE id = ?",
                    "cannot dismiss the checklist", error,
                    [&](Statement& q) { q.Bind(1, int64_t{account_id}); });
}

bool LoadAccountsVia(Store& store, Id user_id, std::vector<AccountVia>& out, std::string& error) {
    out.clear();
    return store.Read(
        [&](Store::Writer& w, std::string& e) {
            return sql::Query(
                w.db(),
                "SELECT account_id, 0, '' FROM memberships WHERE user_id = ?1"
                " UNION ALL"
                " SELECT d.account_id, 1, p.name FROM partner_members m"
                " JOIN delegations d ON d.partner_org_id = m.partner_org_id"
                " JOIN partner_orgs p ON p.id = d.partner_org_id WHERE m.user_id = ?1"
                " ORDER BY 1, 2, 3",
                "cannot read the user's accounts", e,
                [&](Statement& q) { q.Bind(1, int64_t{user_id}); },
                [&](Statement& row) {
                    Id account_id = row.ColumnInt(0);
                    // A membership first, then the partners by name: the first one wins.
                    if (!out.empty() && out.back().account_id == account_id) return;
                    out.push_back({account_id, row.ColumnInt(1) != 0, row.ColumnText(2)});
                });
        },
        error);
}

bool LoadPendingInvitations(Store& store, int64_t now, int limit, int& count,
                            std::vector<PendingInvitation>& out, std::string& error) {
    out.clear();
    count = 0;
    const char* pending =
        " FROM invitations i WHERE i.accepted_at IS NULL AND i.revoked_at IS NULL"
        " AND i.expires_at > ?1";
    std::string count_sql = std::string("SELECT COUNT(*)") + pending;
    std::string list_sql =
        std::string(
            "SELECT i.id, i.account_id, COALESCE(a.name, p.name, ''), i.email,"
            " i.created_at, i.expires_at") +
        " FROM invitations i LEFT JOIN accounts a ON a.id = i.account_id"
        " LEFT JOIN partner_orgs p ON p.id = i.partner_org_id"
        " WHERE i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > ?1"
        " ORDER BY i.created_at, i.id LIMIT ?2";
    return store.Read(
        [&](Store::Writer& w, std::string& e) {
            return sql::Query(
                       w.db(), count_sql.c_str(), "cannot count invitations", e,
                       [&](Statement& q) { q.Bind(1, int64_t{now}); },
                       [&](Statement& row) { count = static_cast<int>(row.ColumnInt(0)); }) &&
                   sql::Query(
                       w.db(), list_sql.c_str(), "cannot list invitations", e,
                       [&](Statement& q) {
                           q.Bind(1, int64_t{now});
                           q.Bind(2, int64_t{limit});
                       },
                       [&](Statement& row) {
                           out.push_back({row.ColumnInt(0), sql::IdOrZero(row, 1),
                                          row.ColumnText(2), row.ColumnText(3), row.ColumnInt(4),
                                          row.ColumnInt(5)});
                       });
        },
        error);
}

}  // namespace portal::server
