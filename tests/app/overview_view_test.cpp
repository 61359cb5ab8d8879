// The Overview, the fleet's home (issue 16), drawn headless against a scripted server: an
// account's figures, each a link to its page filtered; the Getting started checklist with its
// next step and Hide checklist; a partner's customers, worst first, one click away; the
// operators' queues; French throughout.
#include "../core/world.h"
#include "api/state_json.h"
#include "api/support_json.h"
#include "app_fixture.h"

namespace portal::app {
namespace {

using portal::testing::D;

constexpr const char* kHomePath = "/api/v1/accounts/7/home";

std::string Home(bool show, int done) {
    nlohmann::json steps = nlohmann::json::array();
    int index = 0;
    for (const char* id : api::kGettingStartedSteps) {
        steps.push_back({{"id", id}, {"done", index++ < done}});
    }
    nlohmann::json home = {
        {"accountId", 7},
        {"name", "Northwind HQ"},
        {"asOf", "2026-11-19T10:00:00Z"},
        {"rooms",
         {{"total", 12}, {"licensed", 10}, {"unlicensed", 2}, {"offline", 1}, {"inMeeting", 3}}},
        {"alerts", {{"firing", 2}}},
        {"tickets", {{"open", 4}, {"breached", 1}}},
        {"licenses", {{{"program", "select"}, {"free", 3}, {"assigned", 10}, {"total", 13}}}},
        {"contracts", {{"startingSoon", 1}, {"endingSoon", 2}, {"cancellable", 0}}},
        {"devices", {{"total", 30}, {"warrantyEndingSoon", 2}}},
        {"gettingStarted", {{"show", show}, {"steps", steps}}}};
    return home.dump();
}

std::string AccountState() {
    State state;
    state.parent_entities.push_back({1, "Northwind"});
    Account account;
    account.id = 7;
    account.parent_entity_id = 1;
    account.name = "Northwind HQ";
    account.country = "FR";
    state.accounts.push_back(account);
    return api::StateToJson(state).dump();
}

class OverviewView : public AppFrames {
  protected:
    void Open(const std::string& home, const std::string& role = "admin") {
        StartWithAccount(AccountState(), role);
        ASSERT_EQ(app_->state().route.page, Page::Overview);
        ASSERT_EQ(transport_.Answer(kHomePath, 200, home), 1);
        Frames();
    }
    const BridgeItem* Checkbox(const std::string& label) {
        for (const BridgeItem& item : app_->bridge().items()) {
            if (item.label == label && item.checkable) return &item;
        }
        return nullptr;
    }
};

// Each figure opens the page that lists it, filtered; what needs attention says so.
TEST_F(OverviewView, ShowsTheAccountsFiguresAsLinksToFilteredPages) {
    Open(Home(false, 7));
    for (const char* label :
         {"Rooms: 12", "Licensed: 10", "Without a license: 2", "Offline: 1", "In a meeting: 3",
          "Firing: 2", "Open tickets: 4", "Past their target: 1", "Free licenses: 3",
          "Starting within 60 days: 1", "Ending within 60 days: 2", "Still cancellable: 0",
          "Devices: 30", "Warranty ending within 60 days: 2"}) {
        EXPECT_NE(Control(label), nullptr) << label;
    }
    EXPECT_NE(Item("13 in all · 10 assigned"), nullptr);
    EXPECT_EQ(Item("Getting started"), nullptr) << "an established account has no checklist";

    ClickControl("Offline: 1");
    EXPECT_EQ(app_->state().route, (Route{Page::Rooms, "", 7, "", "offline"}));
    EXPECT_EQ(platform_.hashes.back(), "#/rooms?account=7&filter=offline");

    app_->OnLocationHash("#/overview?account=7");
    Frames();
    transport_.Answer(kHomePath, 200, Home(false, 7));
    Frames();
    ClickControl("Warranty ending within 60 days: 2");
    EXPECT_EQ(app_->state().route, (Route{Page::Devices, "", 7, "", "warranty-ending"}));
}

// A new account: the checklist at the top, its progress, the next step as the way there.
TEST_F(OverviewView, TheChecklistLeadsToTheNextStep) {
    Open(Home(true, 1));
    EXPECT_NE(Item("Getting started"), nullptr);
    EXPECT_NE(Item("1 of 7 done"), nullptr);
    const BridgeItem* rooms = Checkbox("Add or import your rooms");
    ASSERT_NE(rooms, nullptr);
    EXPECT_TRUE(rooms->checked);
    const BridgeItem* sso = Checkbox("Set up single sign-on");
    ASSERT_NE(sso, nullptr);
    EXPECT_FALSE(sso->checked);
    const BridgeItem* next = Control("Place devices by serial number");
    ASSERT_NE(next, nullptr);
    EXPECT_FALSE(next->checkable) << "the next step is a button";
    EXPECT_TRUE(next->enabled);

    ClickControl("Place devices by serial number");
    EXPECT_EQ(app_->state().route.page, Page::Devices);
    EXPECT_EQ(app_->state().devices_page.dialog, DeviceDialog::Add) << "its dialog opens too";
}

TEST_F(OverviewView, AnAdminHidesTheChecklist) {
    Open(Home(true, 3));
    ClickControl("Hide checklist");
    ASSERT_NE(Request("/api/v1/accounts/7/getting-started/dismiss", "POST"), nullptr);
    EXPECT_EQ(transport_.Answer("/api/v1/accounts/7/getting-started/dismiss", 204, ""), 1);
    Frames();
    EXPECT_EQ(Item("Getting started"), nullptr);
}

TEST_F(OverviewView, AReadOnlyMemberSeesTheStepsWithoutActions) {
    Open(Home(true, 2), "readonly");
    EXPECT_NE(Item("2 of 7 done"), nullptr);
    EXPECT_NE(Checkbox("Assign licenses to rooms"), nullptr);
    EXPECT_EQ(Control("Hide checklist"), nullptr);
    EXPECT_NE(Item("An admin of the account takes these steps."), nullptr);
}

// A partner: every customer in one table, worst first as the server sorts them, a click away.
TEST_F(OverviewView, APartnerSeesEveryCustomerWorstFirst) {
    Frames();
    transport_.Answer("/api/v1/health", 200, kHealth);
    transport_.Answer("/api/v1/catalogue", 200, catalogue_json_);
    ASSERT_EQ(transport_.Answer("/api/v1/me", 200, kMe), 1);
    Frames();
    std::string accounts = R"({"accounts":[{"id":7,"name":"Northwind HQ","role":"admin"},)"
                           R"({"id":8,"name":"Fabrikam","role":"readonly"}]})";
    ASSERT_EQ(transport_.Answer("/api/v1/accounts?health=1", 200, accounts), 1);
    Frames();
    transport_.Answer("/api/v1/accounts/7/state", 200, AccountState());
    transport_.Answer(kHomePath, 200, Home(false, 7));
    std::string rows =
        R"({"accounts":[{"accountId":8,"name":"Fabrikam","role":"readonly","via":"partner",)"
        R"("partnerName":"Adatum","rooms":{"total":5,"licensed":4,"offline":2},)"
        R"("alerts":{"firing":1},"tickets":{"open":1,"breached":1},"licensesFree":0,)"
        R"("contracts":{"endingSoon":1},"attention":4},)"
        R"({"accountId":7,"name":"Northwind HQ","role":"admin","via":"member",)"
        R"("rooms":{"total":12,"licensed":10,"offline":0},"licensesFree":3,"attention":0}]})";
    ASSERT_EQ(transport_.Answer("/api/v1/home", 200, rows), 1);
    Frames();
    EXPECT_NE(Item("Your customers"), nullptr);
    const BridgeItem* worst = Control("Fabrikam");
    const BridgeItem* fine = Control("Northwind HQ");
    ASSERT_NE(worst, nullptr);
    ASSERT_NE(fine, nullptr);
    EXPECT_LT(worst->y, fine->y) << "worst first";
    EXPECT_NE(Item("via Adatum"), nullptr);

    ClickControl("Fabrikam");
    EXPECT_EQ(app_->state().route, (Route{Page::Overview, "", 8}));
}

// The vendor's operators: their three queues, each a link to its page filtered.
TEST_F(OverviewView, AnOperatorSeesTheQueues) {
    StartWithoutAccount(kOperatorMe);
    std::string queues =
        R"({"unmatchedOrders":2,"criticalTickets":1,"pendingInvitations":3,"orders":[],)"
        R"("tickets":[{"id":5,"accountId":3,"accountName":"Contoso","subject":"Room down",)"
        R"("status":"new","dueAt":"2026-11-19T12:00:00Z","breached":true}],)"
        R"("invitations":[{"id":9,"accountId":3,"accountName":"Contoso",)"
        R"("email":"new@contoso.example","createdAt":"2026-11-01T00:00:00Z",)"
        R"("expiresAt":"2026-11-15T00:00:00Z"}]})";
    ASSERT_EQ(transport_.Answer("/api/v1/operator/home", 200, queues), 1);
    Frames();
    EXPECT_NE(Control("Orders waiting: 2"), nullptr);
    // No page lists every account's invitations: a count, and each one can be resent.
    EXPECT_NE(Item("Invitations not accepted: 3"), nullptr);
    EXPECT_EQ(Control("Invitations not accepted: 3"), nullptr);
    EXPECT_NE(Item("No order waiting."), nullptr);
    const BridgeItem* ticket = nullptr;
    for (const BridgeItem& item : app_->bridge().items()) {
        if (item.label.rfind("#5 Room down · Contoso · due ", 0) == 0) ticket = &item;
    }
    EXPECT_NE(ticket, nullptr) << "the critical ticket with its due time";
    ClickControl("Resend");
    ASSERT_EQ(transport_.Answer("/api/v1/invitations/9/resend", 200, "{}"), 1);
    Frames();
    EXPECT_NE(Item("A new link was sent."), nullptr);
    ClickControl("Critical tickets: 1");
    EXPECT_EQ(app_->state().route.page, Page::SupportQueue);
    EXPECT_EQ(app_->state().route.filter, "critical");
}

// A partner's member is given the organisation's code to hand to customers (R-ACC-6).
TEST_F(OverviewView, APartnerMemberCopiesTheirPartnerCode) {
    std::string me =
        R"({"user":{"id":4,"email":"pat@adatum.example","name":"Pat","language":"en"},)"
        R"("memberships":[],"delegations":[],)"
        R"("partnerOrgs":[{"id":2,"name":"Adatum","code":"P-7KQ2-M9XH","role":"admin"}],)"
        R"("operator":false})";
    StartWithoutAccount(me.c_str());
    EXPECT_NE(Item("Your partner code: P-7KQ2-M9XH"), nullptr);
    ClickControl("Copy");
    ASSERT_FALSE(platform_.copied.empty());
    EXPECT_EQ(platform_.copied.back(), "P-7KQ2-M9XH");
    EXPECT_NE(Item("Copied."), nullptr);
}

// A figure opens its page filtered, says so with a chip, and the chip takes the filter away.
TEST_F(OverviewView, AFilteredPageShowsARemovableChip) {
    Open(Home(false, 7));
    ClickControl("Past their target: 1");
    EXPECT_EQ(app_->state().route, (Route{Page::Support, "", 7, "", "breached"}));
    api::Ticket late;
    late.id = 1;
    late.number = 1001;
    late.account_id = 7;
    late.subject = "Screen dark";
    late.service_level = "standard";
    late.breached = true;
    api::Ticket fine = late;
    fine.id = 2;
    fine.number = 1002;
    fine.subject = "Cable";
    fine.breached = false;
    std::string tickets = api::TicketListToJson({late, fine}).dump();
    ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/tickets?status=open", 200, tickets), 1);
    Frames();
    EXPECT_NE(Control("Filtered: Past their target ×"), nullptr);
    auto shows = [this](const std::string& part) {
        for (const BridgeItem& item : app_->bridge().items()) {
            if (item.label.find(part) != std::string::npos) return true;
        }
        return false;
    };
    EXPECT_TRUE(shows("Screen dark"));
    EXPECT_FALSE(shows("Cable")) << "a ticket within its targets is filtered out";
    ClickControl("Filtered: Past their target ×");
    EXPECT_EQ(app_->state().route, (Route{Page::Support, "", 7}));
    EXPECT_EQ(Control("Filtered: Past their target ×"), nullptr);
    EXPECT_TRUE(shows("Cable"));
}

// The rooms without a license, from the figure, until the chip is removed.
TEST_F(OverviewView, TheRoomsFigureFiltersTheRooms) {
    portal::testing::World world;
    Id account = world.Account(world.Parent("Northwind"));
    world.Room(account, "Salle Étoile");
    Id licensed = world.Room(account, "Confluence");
    Id contract = world.Contract(account, "SELECT-3Y", 4, D("2026-06-01"));
    ASSERT_TRUE(world.Do(Action::Assign(licensed, contract), D("2026-06-02")).ok());
    const State& state = world.state;
    StartWithAccount(api::StateToJson(state).dump());
    transport_.Answer(kHomePath, 200, Home(false, 7));
    Frames();
    ClickControl("Without a license: 2");
    Frames();
    EXPECT_NE(Control("Filtered: Without a license ×"), nullptr);
    EXPECT_NE(Item("Salle Étoile"), nullptr);
    EXPECT_EQ(Item("Confluence"), nullptr) << "a licensed room is filtered out";
    ClickControl("Filtered: Without a license ×");
    EXPECT_NE(Item("Confluence"), nullptr);
}

TEST_F(OverviewView, EveryLabelHasItsFrench) {
    UseFrench();
    Open(Home(true, 1));
    EXPECT_NE(Item("Premiers pas"), nullptr);
    EXPECT_NE(Control("Hors ligne : 1"), nullptr);
    EXPECT_TRUE(Missing().empty()) << Missing();
}

}  // namespace
}  // namespace portal::app
