// The entitlement model in the database (SQLite or PostgreSQL): what the engine plans is what
// the database records, the database refuses a license held twice on its own, writes are all or
// nothing, and an account's state holds its customer's rows and nobody else's.
#include "server/store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "model_fixture.h"
#include "server_fixture.h"

namespace portal::server {
namespace {

using testing::AddCustomer;
using testing::Customer;
using testing::Describe;
using testing::MakeOrder;
using testing::OpenRaw;
using testing::ShippedCatalogue;
using testing::TempDir;
using testing::TestDatabase;

const Date kPurchase = DateFromYmd(2025, 2, 1);
const Date kToday = DateFromYmd(2025, 2, 10);  // inside the 30-day cancellation window

class ModelStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string error;
        ASSERT_TRUE(database_.Create(dir_ / "p.db", config_, error)) << error;
        store_ = Store::Open(target(), error);
        ASSERT_TRUE(store_) << error;
        a_ = AddCustomer(*store_, "Alpha Corp", "FR", kPurchase);
        b_ = AddCustomer(*store_, "Beta GmbH", "DE", kPurchase);
    }

    // The SQLite file, or the PostgreSQL database of the run.
    const std::string& target() const { return database_.target(); }

    State Load() {
        State state;
        std::string error;
        EXPECT_TRUE(store_->LoadState(state, error)) << error;
        return state;
    }

    // Plans `action` on the stored state, records it, and checks that the database now holds
    // exactly what the engine's Apply makes of the same state in memory, and nothing wrong.
    void PerformAndCompare(const Action& action) {
        State before = Load();
        Outcome<Change> planned = Plan(before, ShippedCatalogue(), action, kToday);
        ASSERT_TRUE(planned.ok()) << planned.refusal->code << ": " << planned.refusal->message.en;
        std::vector<Id> ids;
        std::string error;
        ASSERT_TRUE(store_->ApplyChange(planned.value, ids, error)) << error;
        ASSERT_EQ(ids.size(), planned.value.new_assignments.size());
        State expected = before;
        Apply(expected, planned.value);  // gives new assignments max id + 1, ...
        State loaded = Load();
        EXPECT_EQ(Describe(loaded), Describe(expected));
        for (size_t i = 0; i < ids.size(); ++i) {
            auto held =
                std::find_if(loaded.assignments.begin(), loaded.assignments.end(),
                             [&](const Assignment& assignment) { return assignment.id == ids[i]; });
            ASSERT_NE(held, loaded.assignments.end());
            EXPECT_EQ(held->contract_id, planned.value.new_assignments[i].contract_id);
            EXPECT_EQ(held->slot, planned.value.new_assignments[i].slot);
        }
        std::vector<Violation> violations = CheckState(loaded, ShippedCatalogue(), kToday);
        for (const Violation& violation : violations) {
            ADD_FAILURE() << violation.rule << " " << violation.message;
        }
    }

    TempDir dir_;
    Config config_;  // what TestDatabase points at the database; no server runs
    TestDatabase database_;
    std::unique_ptr<Store> store_;
    Customer a_, b_;
};

TEST_F(ModelStoreTest, InsertsGiveIdsAndLoadStateReadsEveryField) {
    EXPECT_GT(a_.parent.id, 0);
    EXPECT_GT(a_.site_room.id, a_.hq_room_a.id);
    EXPECT_GT(a_.select.id, 0);
    EXPECT_EQ(a_.select.order_id, a_.select_order.id);
    EXPECT_EQ(a_.select.account_id, a_.hq.id);
    EXPECT_EQ(a_.select.program, "select");
    EXPECT_EQ(a_.select.term_years, 3);
    EXPECT_EQ(a_.select.quantity, 2);

    State state = Load();
    EXPECT_EQ(state.parent_entities.size(), 2u);
    EXPECT_EQ(state.accounts.size(), 4u);
    EXPECT_EQ(state.rooms.size(), 6u);
    EXPECT_EQ(state.orders.size(), 4u);
    EXPECT_EQ(state.contracts.size(), 4u);
    const Order* order = state.FindOrder(a_.select_order.id);
    ASSERT_TRUE(order);
    State expected;
    expected.orders = {a_.select_order};
    State got;
    got.orders = {*order};
    EXPECT_EQ(Describe(got), Describe(expected));  // parties, lines, dates, status
    const Account* site = state.FindAccount(a_.site.id);
    ASSERT_TRUE(site);
    EXPECT_EQ(site->kind, AccountKind::Site);
    EXPECT_EQ(site->postal_code, "20002");
    EXPECT_TRUE(CheckState(state, ShippedCatalogue(), kToday).empty());
}

TEST_F(ModelStoreTest, AnUnmatchedOrderIsKeptWithoutContracts) {
    // R-ORD-4: kept for operators, no account and so no contracts yet.
    Order order = MakeOrder(a_.hq, "Nobody Known", "UNMATCHED-1", "SELECT-1Y", 5, kPurchase);
    order.account_id = 0;
    order.status = OrderStatus::Unmatched;
    std::vector<Contract> contracts;
    std::string error;
    ASSERT_TRUE(store_->InsertOrder(ShippedCatalogue(), order, contracts, error)) << error;
    EXPECT_GT(order.id, 0);
    EXPECT_TRUE(contracts.empty());
    State state = Load();
    const Order* stored = state.FindOrder(order.id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->status, OrderStatus::Unmatched);
    EXPECT_EQ(stored->account_id, 0);
    ASSERT_EQ(stored->lines.size(), 1u);
    EXPECT_EQ(stored->lines[0].quantity, 5);
    // A processed order must have an account; an unknown SKU makes no contract and is refused.
    Order processed = MakeOrder(a_.hq, "Alpha Corp", "P-1", "SELECT-1Y", 1, kPurchase);
    processed.account_id = 0;
    EXPECT_FALSE(store_->InsertOrder(ShippedCatalogue(), processed, contracts, error));
    Order unknown = MakeOrder(a_.hq, "Alpha Corp", "P-2", "TOASTER-9Y", 1, kPurchase);
    EXPECT_FALSE(store_->InsertOrder(ShippedCatalogue(), unknown, contracts, error));
    EXPECT_NE(error.find("SKU"), std::string::npos) << error;
    EXPECT_EQ(unknown.id, 0) << "a rolled-back insert gives no id";
    EXPECT_EQ(Load().orders.size(), 5u);
}

TEST_F(ModelStoreTest, ApplyChangeRecordsWhatTheEngineApplies) {
    // R-ROOM-3, R-ROOM-4, R-TERM-1: each action planned on the stored state, then compared.
    PerformAndCompare(Action::PlaceDevice(a_.hq.id, "RB-0001", "rally-bar", a_.hq_room_a.id,
                                          DateFromYmd(2024, 6, 1)));
    PerformAndCompare(Action::PlaceDevice(a_.hq.id, "AA-0001", "tap", 0, DateFromYmd(2024, 6, 1)));
    PerformAndCompare(Action::Assign(a_.hq_room_a.id, a_.select.id));  // starts the contract
    PerformAndCompare(Action::Assign(a_.hq_room_b.id, a_.select.id));
    PerformAndCompare(Action::Assign(a_.hq_room_a.id, a_.syncplus.id));
    PerformAndCompare(Action::MoveDevice("RB-0001", a_.hq_room_b.id));
    PerformAndCompare(Action::MoveDevice("AA-0001", a_.hq_room_a.id));
    PerformAndCompare(Action::Unassign(a_.hq_room_b.id, "select"));
    PerformAndCompare(Action::MoveLicense(a_.hq_room_a.id, "select", a_.hq_room_b.id));
    PerformAndCompare(Action::MoveDevice("RB-0001", 0));

    State state = Load();
    const Contract* select = state.FindContract(a_.select.id);
    ASSERT_TRUE(select);
    EXPECT_EQ(select->first_assigned, kToday);
    // R-ORD-7: the cancellation releases the held licenses and cancels the contracts.
    Outcome<Change> cancel =
        PlanCancelOrder(state, ShippedCatalogue(), a_.syncplus_order.id, kToday);
    ASSERT_TRUE(cancel.ok());
    ASSERT_EQ(cancel.value.releases.size(), 1u);
    std::vector<Id> ids;
    std::string error;
    ASSERT_TRUE(store_->ApplyChange(cancel.value, ids, error)) << error;
    Apply(state, cancel.value);
    State loaded = Load();
    EXPECT_EQ(Describe(loaded), Describe(state));
    EXPECT_EQ(loaded.FindOrder(a_.syncplus_order.id)->status, OrderStatus::Cancelled);
    EXPECT_EQ(loaded.FindOrder(a_.syncplus_order.id)->cancelled_on, kToday);
    EXPECT_TRUE(loaded.FindContract(a_.syncplus.id)->cancelled);
    EXPECT_TRUE(CheckState(loaded, ShippedCatalogue(), kToday).empty());
}

TEST_F(ModelStoreTest, TheDatabaseRefusesOneLicenseHeldTwice) {
    // R-ROOM-1: whatever planned it, a (contract, slot) is held by one room at a time; the
    // partial unique index refuses a second holder and allows it once the first is released.
    auto db = OpenRaw(target());
    std::string insert =
        "INSERT INTO assignments(account_id, contract_id, slot, room_id, assigned_on) VALUES (" +
        std::to_string(a_.hq.id) + ", " + std::to_string(a_.select.id) + ", 0, ";
    ASSERT_TRUE(db->Exec((insert + std::to_string(a_.hq_room_a.id) + ", '2025-02-02')").c_str()))
        << db->Error();
    EXPECT_FALSE(db->Exec((insert + std::to_string(a_.hq_room_b.id) + ", '2025-02-03')").c_str()));
    EXPECT_EQ(db->LastConstraint(), Constraint::Unique) << db->Error();
    // Another slot of the same contract is another license.
    EXPECT_TRUE(db->Exec(("INSERT INTO assignments(account_id, contract_id, slot, room_id,"
                          " assigned_on) VALUES (" +
                          std::to_string(a_.hq.id) + ", " + std::to_string(a_.select.id) + ", 1, " +
                          std::to_string(a_.hq_room_b.id) + ", '2025-02-03')")
                             .c_str()))
        << db->Error();
    ASSERT_TRUE(
        db->Exec("UPDATE assignments SET released_on = '2025-02-04',"
                 " release_reason = 'unassigned' WHERE slot = 0"))
        << db->Error();
    EXPECT_TRUE(db->Exec((insert + std::to_string(a_.hq_room_b.id) + ", '2025-02-04')").c_str()))
        << db->Error();
}

TEST_F(ModelStoreTest, AStaleChangeIsRefusedAndWritesNothing) {
    State state = Load();
    Outcome<Change> first =
        Plan(state, ShippedCatalogue(), Action::Assign(a_.hq_room_a.id, a_.syncplus.id), kToday);
    ASSERT_TRUE(first.ok());
    std::vector<Id> ids;
    std::string error;
    ASSERT_TRUE(store_->ApplyChange(first.value, ids, error)) << error;
    ASSERT_EQ(ids.size(), 1u);
    State before = Load();

    // Planned on the state before the first change: the same license (syncplus has one) for
    // another room, together with a new device. R-ROOM-1: the whole change is refused.
    Change stale =
        Plan(state, ShippedCatalogue(), Action::Assign(a_.hq_room_b.id, a_.syncplus.id), kToday)
            .value;
    stale.new_devices.push_back(
        {"NEW-0001", a_.hq.id, "tap", a_.hq_room_b.id, DateFromYmd(2024, 1, 1)});
    std::vector<Id> more = {99};
    EXPECT_FALSE(store_->ApplyChange(stale, more, error));
    EXPECT_NE(error.find("R-ROOM-1"), std::string::npos) << error;
    EXPECT_TRUE(more.empty());
    EXPECT_EQ(Describe(Load()), Describe(before));

    // A release of a license that is not held any more (released twice) fails the change too,
    // after a device was already written in it: rolled back.
    Change twice;
    twice.on = kToday;
    twice.new_devices.push_back(
        {"NEW-0002", a_.hq.id, "tap", a_.hq_room_b.id, DateFromYmd(2024, 1, 1)});
    twice.releases.push_back({ids[0], ReleaseReason::Unassigned});
    ASSERT_TRUE(store_->ApplyChange(
        [&] {
            Change once;
            once.on = kToday;
            once.releases.push_back({ids[0], ReleaseReason::Unassigned});
            return once;
        }(),
        more, error))
        << error;
    before = Load();
    EXPECT_FALSE(store_->ApplyChange(twice, more, error));
    EXPECT_NE(error.find("not held"), std::string::npos) << error;
    EXPECT_EQ(Describe(Load()), Describe(before));

    // R-ROOM-3: a serial registered already; R-ROOM-2: a license into another account's room.
    Change serial;
    serial.on = kToday;
    serial.new_devices.push_back({"NEW-0003", a_.hq.id, "tap", 0, DateFromYmd(2024, 1, 1)});
    serial.new_devices.push_back({"NEW-0003", a_.hq.id, "tap", 0, DateFromYmd(2024, 1, 1)});
    EXPECT_FALSE(store_->ApplyChange(serial, more, error));
    EXPECT_NE(error.find("R-ROOM-3"), std::string::npos) << error;
    Change foreign;
    foreign.on = kToday;
    foreign.new_assignments.push_back({0, a_.select.id, 0, b_.hq_room_a.id, kToday, {}, {}});
    EXPECT_FALSE(store_->ApplyChange(foreign, more, error));
    EXPECT_NE(error.find("another account"), std::string::npos) << error;
    EXPECT_EQ(Describe(Load()), Describe(before));
}

TEST_F(ModelStoreTest, WriteRollsBackWhenTheBodyFails) {
    std::string error;
    EXPECT_FALSE(store_->Write(
        [&](Store::Writer& writer, std::string& body_error) {
            ParentEntity parent{0, "Gamma"};
            if (!writer.InsertParentEntity(parent, body_error)) return false;
            body_error = "changed my mind";
            return false;
        },
        error));
    EXPECT_EQ(error, "changed my mind");
    EXPECT_EQ(Load().parent_entities.size(), 2u);
}

// Group commit: writes racing each other share transactions, yet each one commits or rolls
// back alone, and each sees what was written before it.
TEST_F(ModelStoreTest, ConcurrentWritesCommitOrRollBackEachOnItsOwn) {
    constexpr int kWriters = 48;
    std::vector<std::thread> writers;
    std::atomic<int> succeeded{0};
    for (int i = 0; i < kWriters; ++i) {
        writers.emplace_back([&, i] {
            std::string error;
            bool ok = store_->Write(
                [&](Store::Writer& writer, std::string& body_error) {
                    ParentEntity parent{0, "Writer " + std::to_string(i)};
                    if (!writer.InsertParentEntity(parent, body_error)) return false;
                    if (i % 3 == 0) {
                        body_error = "refused " + std::to_string(i);
                        return false;
                    }
                    return true;
                },
                error);
            if (ok) {
                ++succeeded;
            } else {
                EXPECT_EQ(error, "refused " + std::to_string(i));
            }
        });
    }
    for (std::thread& writer : writers) writer.join();
    EXPECT_EQ(succeeded, kWriters - kWriters / 3);
    std::set<std::string> names;
    for (const ParentEntity& parent : Load().parent_entities) names.insert(parent.name);
    for (int i = 0; i < kWriters; ++i) {
        EXPECT_EQ(names.count("Writer " + std::to_string(i)), i % 3 == 0 ? 0u : 1u) << i;
    }
}

TEST_F(ModelStoreTest, AnAccountStateHoldsItsCustomerAndNobodyElse) {
    // R-SPARE-1: the parent entity's accounts together (spares are counted over all of them);
    // another customer's rows never come along.
    std::string error;
    for (const Customer* c : {&a_, &b_}) {
        Change change;
        change.on = kToday;
        change.new_devices.push_back({c->parent.name.substr(0, 4) + "-SITE", c->site.id, "tap",
                                      c->site_room.id, DateFromYmd(2024, 1, 1)});
        change.new_assignments.push_back(
            {0, c->select.id, 0, c->hq_room_a.id, kToday, std::nullopt, {}});
        change.contracts_started.push_back(c->select.id);
        std::vector<Id> ids;
        ASSERT_TRUE(store_->ApplyChange(change, ids, error)) << error;
    }
    State state;
    ASSERT_TRUE(store_->LoadAccountState(a_.site.id, state, error)) << error;
    ASSERT_EQ(state.parent_entities.size(), 1u);
    EXPECT_EQ(state.parent_entities[0].id, a_.parent.id);
    ASSERT_EQ(state.accounts.size(), 2u);
    auto ours = [&](Id account) { return account == a_.hq.id || account == a_.site.id; };
    EXPECT_EQ(state.rooms.size(), 3u);
    for (const Room& room : state.rooms) EXPECT_TRUE(ours(room.account_id)) << room.name;
    ASSERT_EQ(state.devices.size(), 1u);
    EXPECT_EQ(state.devices[0].serial, "Alph-SITE");
    EXPECT_EQ(state.orders.size(), 2u);
    for (const Order& order : state.orders) {
        EXPECT_TRUE(ours(order.account_id)) << order.po_number;
        EXPECT_EQ(order.lines.size(), 1u);
    }
    EXPECT_EQ(state.contracts.size(), 2u);
    for (const Contract& contract : state.contracts) EXPECT_TRUE(ours(contract.account_id));
    ASSERT_EQ(state.assignments.size(), 1u);
    EXPECT_EQ(state.assignments[0].contract_id, a_.select.id);
    EXPECT_TRUE(CheckState(state, ShippedCatalogue(), kToday).empty());
    // The account's state is enough to plan with: the other license of the contract is free.
    EXPECT_TRUE(
        Plan(state, ShippedCatalogue(), Action::Assign(a_.hq_room_b.id, a_.select.id), kToday)
            .ok());

    State unknown;
    unknown.rooms.push_back({});
    ASSERT_TRUE(store_->LoadAccountState(987654, unknown, error)) << error;
    EXPECT_TRUE(unknown.accounts.empty());
    EXPECT_TRUE(unknown.rooms.empty());
}

TEST_F(ModelStoreTest, LoadStateRefusesARowTheModelCannotHold) {
    auto db = OpenRaw(target());
    ASSERT_TRUE(db->Exec(("INSERT INTO devices VALUES ('BAD-DATE', " + std::to_string(a_.hq.id) +
                          ", 'tap', NULL, '2024-13-45')")
                             .c_str()))
        << db->Error();
    State state;
    std::string error;
    EXPECT_FALSE(store_->LoadState(state, error));
    EXPECT_NE(error.find("BAD-DATE"), std::string::npos) << error;
    EXPECT_NE(error.find("2024-13-45"), std::string::npos) << error;
}

TEST_F(ModelStoreTest, DevicesComeInSerialOrderAndRoomsInIdOrder) {
    // CheckState's fast paths rely on both orders (see engine.h).
    Change change;
    change.on = kToday;
    for (const char* serial : {"ZZ-0001", "AA-0001", "MM-0001"}) {
        change.new_devices.push_back({serial, b_.hq.id, "tap", 0, DateFromYmd(2024, 1, 1)});
    }
    std::vector<Id> ids;
    std::string error;
    ASSERT_TRUE(store_->ApplyChange(change, ids, error)) << error;
    State state = Load();
    ASSERT_EQ(state.devices.size(), 3u);
    EXPECT_TRUE(
        std::is_sorted(state.devices.begin(), state.devices.end(),
                       [](const Device& a, const Device& b) { return a.serial < b.serial; }));
    EXPECT_TRUE(std::is_sorted(state.rooms.begin(), state.rooms.end(),
                               [](const Room& a, const Room& b) { return a.id < b.id; }));
}

}  // namespace
}  // namespace portal::server
