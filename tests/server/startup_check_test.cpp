// The start-up check: the server loads the whole database, runs the engine's CheckState on it,
// and refuses to serve a database that breaks a rule, naming each violation.
#include <gtest/gtest.h>

#include "model_fixture.h"
#include "server/http_server.h"
#include "server/store.h"
#include "server_fixture.h"

namespace portal::server {
namespace {

using testing::AddCustomer;
using testing::Customer;
using testing::LogCapture;
using testing::OpenRaw;
using testing::TempDir;
using testing::TestDatabase;

class StartupCheckTest : public ::testing::Test {
  protected:
    void SetUp() override {
        config_.port = 0;
        config_.assets_dir = PORTAL_TEST_ASSETS_DIR;
        logger_ = log_.MakeLogger();
        std::string error;
        ASSERT_TRUE(database_.Create(dir_ / "p.db", config_, error)) << error;
        auto store = Store::Open(DatabaseTarget(config_), error);
        ASSERT_TRUE(store) << error;
        customer_ = AddCustomer(*store, "Alpha Corp", "FR", DateFromYmd(2020, 1, 1));
    }

    // Starts a server on the database; its error when it refuses.
    std::string StartError() {
        Server server(config_, *logger_);
        std::string error;
        if (server.Start(error)) return "";
        EXPECT_FALSE(error.empty());
        return error;
    }

    TempDir dir_;
    Config config_;
    TestDatabase database_;
    LogCapture log_;
    std::unique_ptr<Logger> logger_;
    Customer customer_;
};

TEST_F(StartupCheckTest, ACleanDatabaseIsServedAndTheCheckIsTimed) {
    EXPECT_EQ(StartError(), "");
    bool logged = false;
    for (const std::string& line : log_.Lines()) {
        if (line.find("info start-up check as of ") != std::string::npos &&
            line.find("0 violations") != std::string::npos &&
            line.find(" ms") != std::string::npos) {
            logged = true;
        }
    }
    EXPECT_TRUE(logged);
}

TEST_F(StartupCheckTest, ADeviceOfAnUnsupportedProductIsRefused) {
    // R-ROOM-3: supported products only, written behind the engine's back.
    auto db = OpenRaw(DatabaseTarget(config_));
    ASSERT_TRUE(
        db->Exec(("INSERT INTO devices VALUES ('TOASTER-1', " + std::to_string(customer_.hq.id) +
                  ", 'toaster', " + std::to_string(customer_.hq_room_a.id) + ", '2024-01-01')")
                     .c_str()))
        << db->Error();
    std::string error = StartError();
    EXPECT_NE(error.find("refusing to serve a corrupt database: R-ROOM-3 device TOASTER-1 has "
                         "unsupported product toaster"),
              std::string::npos)
        << error;
}

TEST_F(StartupCheckTest, AnAssignmentOutsideItsContractsTermIsRefused) {
    // R-TERM-2: a SELECT-3Y bought on 2020-01-01 ended long before 2024-06-01. Each violation
    // comes on its own line (the contract's start disagrees too: R-TERM-1).
    auto db = OpenRaw(DatabaseTarget(config_));
    ASSERT_TRUE(
        db->Exec(("INSERT INTO assignments(account_id, contract_id, slot, room_id,"
                  " assigned_on) VALUES (" +
                  std::to_string(customer_.hq.id) + ", " + std::to_string(customer_.select.id) +
                  ", 0, " + std::to_string(customer_.hq_room_a.id) + ", '2024-06-01')")
                     .c_str()))
        << db->Error();
    std::string error = StartError();
    EXPECT_NE(error.find("refusing to serve a corrupt database: R-TERM-2 assignment #"),
              std::string::npos)
        << error;
    EXPECT_NE(error.find("\nrefusing to serve a corrupt database: R-TERM-1 contract #"),
              std::string::npos)
        << error;
}

}  // namespace
}  // namespace portal::server
