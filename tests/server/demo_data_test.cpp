// Demo data: the shipped file parses, loads through the engine into a state that breaks no rule
// and shows every contract status, loads once, and a demo the engine refuses writes nothing.
#include "server/demo_data.h"

#include <gtest/gtest.h>

#include <set>

#include "model_fixture.h"
#include "server/log.h"
#include "server/store.h"
#include "server_fixture.h"

namespace portal::server {
namespace {

using testing::OpenRaw;
using testing::ShippedCatalogue;
using testing::TempDir;
using testing::TestDatabase;

const PasswordCost kTestCost = PasswordCost::TestOnlyMinimum();

std::string ShippedDemoPath() {
    return std::string(PORTAL_TEST_ASSETS_DIR) + "/demo/demo.json";
}

DemoData ShippedDemo() {
    DemoData demo;
    std::string error;
    EXPECT_TRUE(LoadDemoFile(ShippedDemoPath(), demo, error)) << error;
    return demo;
}

// A fresh database of the run's backend (a SQLite file in dir, or a PostgreSQL database).
struct FreshDatabase {
    FreshDatabase() {
        Config config;
        std::string error;
        EXPECT_TRUE(database.Create(dir / "p.db", config, error)) << error;
    }
    const std::string& target() const { return database.target(); }

    TempDir dir;
    TestDatabase database;
};

int64_t Count(Database& db, const std::string& table) {
    Statement query = db.Prepare("SELECT COUNT(*) FROM " + table);
    EXPECT_EQ(query.Step(), Statement::StepResult::Row) << db.Error();
    return query.ColumnInt(0);
}

TEST(DemoDataTest, TheShippedFileParses) {
    DemoData demo = ShippedDemo();
    ASSERT_EQ(demo.parent_entities.size(), 2u);
    EXPECT_EQ(demo.parent_entities[0].name, "Northwind Traders");
    ASSERT_EQ(demo.parent_entities[0].accounts.size(), 2u);
    EXPECT_EQ(demo.parent_entities[0].accounts[0].kind, "headquarters");
    EXPECT_EQ(demo.parent_entities[0].accounts[0].country, "FR");
    EXPECT_EQ(demo.parent_entities[0].accounts[1].kind, "site");
    EXPECT_EQ(demo.parent_entities[0].accounts[1].city, "Austin");
    EXPECT_EQ(demo.parent_entities[1].accounts[0].country, "DE");
    EXPECT_EQ(demo.parent_entities[0].accounts[0].rooms[0].name, "Salle Étoile");
}

TEST(DemoDataTest, ProblemsNameTheirPath) {
    api::Json json = api::Json::parse(R"({"parentEntities":[{"name":"P","accounts":[
        {"name":"A","kind":"branch","street":"s","city":"c","postalCode":"1","country":"FR",
         "rooms":[{"key":"r"}],
         "licenses":[{"do":"steal","room":"r","daysAgo":-1}]}]}]})");
    DemoData demo;
    std::vector<api::FieldError> errors;
    EXPECT_FALSE(DemoFromJson(json, demo, errors));
    std::string all;
    for (const auto& e : errors) all += e.field + ": " + e.message + "\n";
    EXPECT_NE(all.find("parentEntities[0].accounts[0].kind"), std::string::npos) << all;
    EXPECT_NE(all.find("parentEntities[0].accounts[0].rooms[0].capacity"), std::string::npos)
        << all;
    EXPECT_NE(all.find("parentEntities[0].accounts[0].licenses[0].do"), std::string::npos) << all;
    EXPECT_NE(all.find("parentEntities[0].accounts[0].licenses[0].daysAgo"), std::string::npos)
        << all;
}

// Loaded as of several days (a leap day among them): valid by construction whatever the day.
TEST(DemoDataTest, LoadsThroughTheEngineIntoAStateThatBreaksNoRule) {
    for (Date today : {DateFromYmd(2026, 3, 1), DateFromYmd(2024, 2, 29)}) {
        SCOPED_TRACE(FormatDate(today));
        FreshDatabase fresh;
        std::string error;
        auto store = Store::Open(fresh.target(), error);
        ASSERT_TRUE(store) << error;
        bool loaded = false;
        ASSERT_TRUE(LoadDemo(*store, ShippedCatalogue(), ShippedDemo(), today, loaded, error))
            << error;
        EXPECT_TRUE(loaded);

        State state;
        ASSERT_TRUE(store->LoadState(state, error)) << error;
        for (const Violation& violation : CheckState(state, ShippedCatalogue(), today)) {
            ADD_FAILURE() << violation.rule << " " << violation.message;
        }
        EXPECT_EQ(state.parent_entities.size(), 2u);
        EXPECT_EQ(state.accounts.size(), 3u);
        EXPECT_EQ(state.rooms.size(), 9u);
        EXPECT_GE(state.devices.size(), 15u);

        // R-TERM-3: every status shows up.
        std::set<std::string> statuses;
        std::set<std::string> programs;
        for (const Contract& contract : state.contracts) {
            statuses.insert(
                ContractStatusId(ViewContract(state, ShippedCatalogue(), contract, today).status));
            programs.insert(contract.program);
        }
        EXPECT_EQ(statuses, (std::set<std::string>{"pending", "active", "expired", "cancelled"}));
        EXPECT_EQ(programs, (std::set<std::string>{"select", "syncplus", "extwarranty"}));

        // R-ORD-7: at least one order can still be cancelled today.
        int cancellable = 0;
        for (const Order& order : state.orders) {
            if (PlanCancelOrder(state, ShippedCatalogue(), order.id, today).ok()) ++cancellable;
            // R-ORD-2: one program per PO.
            std::set<std::string> order_programs;
            for (const OrderLine& line : order.lines) {
                order_programs.insert(ShippedCatalogue().FindSku(line.sku)->program);
            }
            EXPECT_EQ(order_programs.size(), 1u) << order.po_number;
        }
        EXPECT_GE(cancellable, 1);

        // History was made through the engine: a moved and an unassigned license, a moved device.
        std::set<ReleaseReason> reasons;
        for (const Assignment& assignment : state.assignments) {
            if (assignment.released_on) reasons.insert(assignment.release_reason);
        }
        EXPECT_TRUE(reasons.count(ReleaseReason::Moved));
        EXPECT_TRUE(reasons.count(ReleaseReason::Unassigned));
        EXPECT_TRUE(reasons.count(ReleaseReason::Cancelled) == 0);

        // R-SPARE-1: Northwind's 40 + 12 Select rooms over two accounts grant one pool.
        EXPECT_EQ(SparesOf(state, ShippedCatalogue(), state.parent_entities[0].id).pools, 1);
    }
}

TEST(DemoDataTest, LoadsOnceIntoAnEmptyStore) {
    FreshDatabase fresh;
    std::string error;
    auto store = Store::Open(fresh.target(), error);
    ASSERT_TRUE(store) << error;
    std::vector<std::string> lines;
    Logger logger(LogLevel::Error, [&](std::string_view line) { lines.emplace_back(line); });
    bool empty = false;
    ASSERT_TRUE(store->IsEmpty(empty, error));
    EXPECT_TRUE(empty);

    Date today = DateFromYmd(2026, 3, 1);
    ASSERT_TRUE(SeedDemoIfEmpty(*store, ShippedCatalogue(), PORTAL_TEST_ASSETS_DIR, kTestCost,
                                today, logger, error))
        << error;
    auto db = OpenRaw(fresh.target());
    std::vector<int64_t> counts;
    for (const char* table : {"parent_entities", "accounts", "rooms", "devices", "orders",
                              "order_lines", "contracts", "assignments", "users", "operators",
                              "memberships", "partner_orgs", "partner_members", "delegations"}) {
        counts.push_back(Count(*db, table));
    }
    EXPECT_EQ(counts[0], 2);
    EXPECT_EQ(counts[1], 3);
    EXPECT_EQ(counts[2], 9);
    EXPECT_EQ(counts[8], 5);   // the demo sign-ins
    EXPECT_EQ(counts[9], 1);   // one operator
    EXPECT_EQ(counts[10], 3);  // two Northwind members, one Contoso admin (R-ACC-1)
    EXPECT_EQ(counts[13], 2);  // the partner's two Northwind accounts (R-ACC-6)

    // Again, even a day later: nothing is added.
    ASSERT_TRUE(SeedDemoIfEmpty(*store, ShippedCatalogue(), PORTAL_TEST_ASSETS_DIR, kTestCost,
                                AddDays(today, 1), logger, error))
        << error;
    bool loaded = true;
    ASSERT_TRUE(
        LoadDemo(*store, ShippedCatalogue(), ShippedDemo(), AddDays(today, 1), loaded, error))
        << error;
    EXPECT_FALSE(loaded);
    std::vector<int64_t> again;
    for (const char* table : {"parent_entities", "accounts", "rooms", "devices", "orders",
                              "order_lines", "contracts", "assignments", "users", "operators",
                              "memberships", "partner_orgs", "partner_members", "delegations"}) {
        again.push_back(Count(*db, table));
    }
    EXPECT_EQ(again, counts);
    EXPECT_TRUE(lines.empty());
}

// A demo database made before sign-in existed (schema 2: customers, no people) gets the demo
// sign-ins on its next start, once.
TEST(DemoDataTest, ADemoDatabaseWithoutPeopleGetsTheDemoSignInsOnce) {
    FreshDatabase fresh;
    std::string error;
    auto store = Store::Open(fresh.target(), error);
    ASSERT_TRUE(store) << error;
    Logger logger(LogLevel::Error, [](std::string_view) {});
    Date today = DateFromYmd(2026, 3, 1);
    ASSERT_TRUE(SeedDemoIfEmpty(*store, ShippedCatalogue(), PORTAL_TEST_ASSETS_DIR, kTestCost,
                                today, logger, error))
        << error;
    auto db = OpenRaw(fresh.target());
    ASSERT_TRUE(
        db->Exec("DELETE FROM delegations; DELETE FROM partner_members;"
                 " DELETE FROM partner_orgs; DELETE FROM memberships;"
                 " DELETE FROM operators; DELETE FROM users;"))
        << db->Error();
    for (int start = 0; start < 2; ++start) {
        ASSERT_TRUE(SeedDemoIfEmpty(*store, ShippedCatalogue(), PORTAL_TEST_ASSETS_DIR, kTestCost,
                                    today, logger, error))
            << error;
        EXPECT_EQ(Count(*db, "users"), 5);
        EXPECT_EQ(Count(*db, "delegations"), 2);
        EXPECT_EQ(Count(*db, "parent_entities"), 2);
    }
}

TEST(DemoDataTest, ADemoTheEngineRefusesWritesNothing) {
    // R-ROOM-1: a second Sync Plus license for a room that holds one already; the load stops at
    // the refused action, names the rule, and the transaction leaves the database empty.
    DemoData demo = ShippedDemo();
    DemoAccount& austin = demo.parent_entities[0].accounts[1];
    ASSERT_EQ(austin.name, "Northwind Traders — Austin");
    DemoLicense again = austin.licenses[0];  // NWT-US-2291, SYNCPLUS-1Y x2, Lone Star
    again.days_ago -= 1;
    austin.licenses.push_back(again);

    FreshDatabase fresh;
    std::string error;
    auto store = Store::Open(fresh.target(), error);
    ASSERT_TRUE(store) << error;
    bool loaded = true;
    EXPECT_FALSE(
        LoadDemo(*store, ShippedCatalogue(), demo, DateFromYmd(2026, 3, 1), loaded, error));
    EXPECT_FALSE(loaded);
    EXPECT_NE(error.find("(R-ROOM-1)"), std::string::npos) << error;
    bool empty = false;
    ASSERT_TRUE(store->IsEmpty(empty, error)) << error;
    EXPECT_TRUE(empty);

    // R-ORD-2: a PO that mixes programs is refused as order intake would refuse it.
    demo = ShippedDemo();
    demo.parent_entities[1].accounts[0].orders[0].lines.push_back({"EXTWARRANTY-1Y", 1});
    EXPECT_FALSE(
        LoadDemo(*store, ShippedCatalogue(), demo, DateFromYmd(2026, 3, 1), loaded, error));
    EXPECT_NE(error.find("R-ORD-2"), std::string::npos) << error;
}

TEST(DemoDataTest, MissingFileIsAnError) {
    FreshDatabase fresh;
    std::string error;
    auto store = Store::Open(fresh.target(), error);
    ASSERT_TRUE(store) << error;
    Logger logger(LogLevel::Error, [](std::string_view) {});
    EXPECT_FALSE(SeedDemoIfEmpty(*store, ShippedCatalogue(), fresh.dir / "no-assets", kTestCost,
                                 DateFromYmd(2026, 3, 1), logger, error));
    EXPECT_NE(error.find("demo.json"), std::string::npos) << error;
}

}  // namespace
}  // namespace portal::server
