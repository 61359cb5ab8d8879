// Property tests: thousands of random operations (seeded, reproducible on every platform: the
// generator is ours, not the standard library's) keep every invariant of the whole-state check.
// R-ROOM-1 (no license in two rooms, never above purchased, one active license per program and
// room), R-ROOM-4 (moves conserve licenses), R-TERM-2 (nothing active outside its term).
#include <cstdint>
#include <map>
#include <sstream>

#include "world.h"

namespace portal::testing {
namespace {

// splitmix64: tiny, fast, and the same sequence natively and in wasm.
struct Random {
    std::uint64_t state;
    std::uint64_t Next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    int Below(int n) { return static_cast<int>(Next() % static_cast<std::uint64_t>(n)); }
    template <class T>
    const T& Pick(const std::vector<T>& items) {
        return items[static_cast<size_t>(Below(static_cast<int>(items.size())))];
    }
};

// Everything an action may change, as text: equal fingerprints mean an unchanged state.
std::string Fingerprint(const State& state) {
    std::ostringstream out;
    for (const Assignment& a : state.assignments) {
        out << a.id << ':' << a.contract_id << ':' << a.slot << ':' << a.room_id << ':'
            << a.assigned_on.days << ':' << (a.released_on ? a.released_on->days : -1) << ';';
    }
    for (const Contract& c : state.contracts) {
        out << c.id << (c.cancelled ? 'x' : '-') << (c.first_assigned ? c.first_assigned->days : -1)
            << ';';
    }
    for (const Device& d : state.devices) out << d.serial << '@' << d.room_id << ';';
    for (const Order& o : state.orders) out << o.id << static_cast<int>(o.status) << ';';
    return out.str();
}

std::map<Id, int> HeldPerContract(const State& state) {
    std::map<Id, int> held;
    for (const Assignment& a : state.assignments) {
        if (a.held()) ++held[a.contract_id];
    }
    return held;
}

Id RoomOf(const State& state, Random& random, Id account) {
    std::vector<Id> ids;
    for (const Room& room : state.rooms) {
        if (room.account_id == account) ids.push_back(room.id);
    }
    return random.Pick(ids);
}

const Assignment* HeldOne(const State& state, Random& random) {
    std::vector<const Assignment*> held;
    for (const Assignment& a : state.assignments) {
        if (a.held()) held.push_back(&a);
    }
    return held.empty() ? nullptr : random.Pick(held);
}

void RunRandomOperations(std::uint64_t seed, int steps) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Random random{seed};
    World world;
    std::vector<Id> accounts;
    Id northwind = world.Parent("Northwind");
    accounts.push_back(world.Account(northwind));
    accounts.push_back(world.Account(northwind, AccountKind::Site, "US", "Austin", "73301"));
    accounts.push_back(world.Account(world.Parent("Contoso"), AccountKind::Headquarters, "DE"));
    const std::vector<std::string> countries = {"FR", "GB", "US", "DE", "AE", "IN"};
    const std::vector<std::string> skus = {"SELECT-1Y", "SELECT-3Y", "SELECT-5Y", "SYNCPLUS-1Y",
                                           "EXTWARRANTY-2Y"};
    const std::vector<std::string> programs = {"select", "syncplus", "extwarranty"};
    std::vector<Id> rooms;
    for (int i = 0; i < 24; ++i) {
        rooms.push_back(
            world.Room(accounts[i % 3], "", countries[static_cast<size_t>(random.Below(6))]));
    }
    Date today = D("2025-01-01");
    std::vector<Id> orders;
    for (int i = 0; i < 8; ++i) {
        Id account = accounts[static_cast<size_t>(random.Below(3))];
        orders.push_back(world.Order(account, "PO-" + std::to_string(i),
                                     AddDays(today, random.Below(400)),
                                     {{random.Pick(skus), 1 + random.Below(6)}}));
    }
    std::vector<std::string> serials;
    int accepted = 0;

    for (int step = 0; step < steps; ++step) {
        today = AddDays(today, random.Below(3));
        if (random.Below(20) == 0) {  // customers keep buying: fresh contracts to use
            Id account = accounts[static_cast<size_t>(random.Below(3))];
            orders.push_back(world.Order(account, "PO-" + std::to_string(orders.size()),
                                         AddDays(today, -random.Below(40)),
                                         {{random.Pick(skus), 1 + random.Below(6)}}));
        }
        Action action;
        switch (random.Below(8)) {
            case 0:
            case 1: {
                // Mostly recent contracts, which are still usable, and rooms of their account.
                const auto& contracts = world.state.contracts;
                size_t recent = contracts.size() > 6 ? contracts.size() - 6 : 0;
                const Contract& contract =
                    random.Below(3)
                        ? contracts[recent + static_cast<size_t>(random.Below(
                                                 static_cast<int>(contracts.size() - recent)))]
                        : random.Pick(contracts);
                Id room = random.Below(4) ? RoomOf(world.state, random, contract.account_id)
                                          : random.Pick(rooms);
                action = Action::Assign(room, contract.id);
                break;
            }
            case 2:
            case 3: {
                // Mostly rooms that hold a license, so unassign and move have work to do.
                const Assignment* held = HeldOne(world.state, random);
                Id from = held && random.Below(4) ? held->room_id : random.Pick(rooms);
                std::string program = held && random.Below(4)
                                          ? world.state.FindContract(held->contract_id)->program
                                          : random.Pick(programs);
                if (random.Below(2)) {
                    action = Action::Unassign(from, program);
                } else {
                    const Room* room = world.state.FindRoom(from);
                    Id to = random.Below(4) ? RoomOf(world.state, random, room->account_id)
                                            : random.Pick(rooms);
                    action = Action::MoveLicense(from, program, to);
                }
                break;
            }
            case 4: {
                std::string serial = "SN" + std::to_string(random.Below(400));
                Id account = accounts[static_cast<size_t>(random.Below(3))];
                Id room = random.Below(4) == 0 ? 0 : random.Pick(rooms);
                action =
                    Action::PlaceDevice(account, serial, random.Below(10) ? "rally-bar" : "toaster",
                                        room, AddDays(today, -random.Below(3000)));
                break;
            }
            case 5:
            case 6:
                action = Action::MoveDevice("SN" + std::to_string(random.Below(400)),
                                            random.Below(5) == 0 ? 0 : random.Pick(rooms));
                break;
            default: {
                Id order = random.Pick(orders);
                std::string before = Fingerprint(world.state);
                auto cancel = PlanCancelOrder(world.state, world.catalogue, order, today);
                if (cancel.ok()) {
                    Apply(world.state, cancel.value);
                } else {
                    ASSERT_EQ(Fingerprint(world.state), before);
                }
                continue;
            }
        }
        const std::string before = Fingerprint(world.state);
        const std::map<Id, int> held_before = HeldPerContract(world.state);
        Outcome<Change> outcome = world.Do(action, today);
        if (!outcome.ok()) {
            ASSERT_EQ(Fingerprint(world.state), before) << "a refused action changed the state";
            ASSERT_FALSE(outcome.refusal->code.empty());
            continue;
        }
        ++accepted;
        if (action.kind == ActionKind::MoveLicense) {
            ASSERT_EQ(HeldPerContract(world.state), held_before) << "a move lost or made a license";
            ASSERT_EQ(outcome.value.releases.size(), 1u);
            ASSERT_EQ(outcome.value.new_assignments.size(), 1u);
        }
        std::vector<Violation> violations = CheckState(world.state, world.catalogue, today);
        ASSERT_TRUE(violations.empty())
            << "step " << step << ": " << violations[0].rule << " " << violations[0].message;
        // Nothing active outside its term: every held license of an active contract lies
        // within the contract's dates.
        for (const Assignment& a : world.state.assignments) {
            if (!a.held()) continue;
            const Contract& contract = *world.state.FindContract(a.contract_id);
            ASSERT_LE(ContractStart(world.catalogue, contract), a.assigned_on);
        }
    }
    EXPECT_GT(accepted, steps / 5) << "the generator must exercise accepted actions too";
}

TEST(Properties, RandomOperationsKeepEveryInvariant) {
    for (std::uint64_t seed : {1ull, 2ull, 3ull, 42ull, 2026ull}) RunRandomOperations(seed, 1500);
}

}  // namespace
}  // namespace portal::testing

namespace portal::testing {
namespace {

// Preview plans with indexes kept up to date between actions; Perform plans each action by
// scanning the tables. Both must decide every action alike.
TEST(Properties, PreviewDecidesAsPerformingOneByOne) {  // R-ROOM-1, R-ROOM-4
    for (std::uint64_t seed : {7ull, 8ull, 9ull}) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        Random random{seed};
        World world;
        Id parent = world.Parent("Northwind");
        std::vector<Id> accounts = {world.Account(parent),
                                    world.Account(parent, AccountKind::Site, "US", "Austin", "1")};
        std::vector<Id> rooms;
        for (int i = 0; i < 20; ++i)
            rooms.push_back(world.Room(accounts[i % 2], "", i % 7 ? "FR" : "AE"));
        for (int i = 0; i < 6; ++i) {
            world.Contract(accounts[static_cast<size_t>(i % 2)],
                           i % 3 ? "SELECT-1Y" : "SYNCPLUS-1Y", 1 + random.Below(5),
                           D("2026-01-01"));
        }
        const std::vector<std::string> programs = {"select", "syncplus"};
        Date today = D("2026-02-01");
        for (int round = 0; round < 40; ++round) {
            std::vector<Action> batch;
            for (int i = 0; i < 15; ++i) {
                switch (random.Below(5)) {
                    case 0:
                    case 1:
                        batch.push_back(Action::Assign(random.Pick(rooms),
                                                       random.Pick(world.state.contracts).id));
                        break;
                    case 2:
                        batch.push_back(
                            Action::Unassign(random.Pick(rooms), random.Pick(programs)));
                        break;
                    case 3:
                        batch.push_back(Action::MoveLicense(
                            random.Pick(rooms), random.Pick(programs), random.Pick(rooms)));
                        break;
                    default:
                        batch.push_back(
                            random.Below(2)
                                ? Action::PlaceDevice(random.Pick(accounts),
                                                      "SN" + std::to_string(random.Below(30)),
                                                      "tap", random.Pick(rooms), today)
                                : Action::MoveDevice("SN" + std::to_string(random.Below(30)),
                                                     random.Pick(rooms)));
                }
            }
            std::vector<PreviewItem> preview = Preview(world.state, world.catalogue, batch, today);
            State one_by_one = world.state;
            for (size_t i = 0; i < batch.size(); ++i) {
                Outcome<Change> performed = Perform(one_by_one, world.catalogue, batch[i], today);
                ASSERT_EQ(preview[i].ok, performed.ok()) << "round " << round << " action " << i;
                if (!performed.ok()) {
                    ASSERT_EQ(preview[i].refusal->code, performed.refusal->code);
                    continue;
                }
                const Change& a = preview[i].change;
                const Change& b = performed.value;
                ASSERT_EQ(a.new_assignments.size(), b.new_assignments.size());
                for (size_t k = 0; k < a.new_assignments.size(); ++k) {
                    EXPECT_EQ(a.new_assignments[k].slot, b.new_assignments[k].slot);
                    EXPECT_EQ(a.new_assignments[k].room_id, b.new_assignments[k].room_id);
                }
                ASSERT_EQ(a.releases.size(), b.releases.size());
                for (size_t k = 0; k < a.releases.size(); ++k) {
                    EXPECT_EQ(a.releases[k].assignment_id, b.releases[k].assignment_id);
                }
            }
            // Keep some of it: the next round starts from a busier state.
            world.state = std::move(one_by_one);
            today = AddDays(today, random.Below(10));
        }
    }
}

}  // namespace
}  // namespace portal::testing
