// The Alerts page, headless, against a scripted server: it loads and shows the firing alerts
// (read again when the long-polled status version moves: the page is live), Acknowledge sends
// its POST and shows the answer, read-only members see it disabled, a rule form checks before
// sending and keeps what was typed when the server refuses, a channel's secret is never filled
// in, Send test shows its result, a mail's link (#/alerts/<id>) opens the alert with its
// deliveries, locked rooms lead to the Rooms page's assign dialog, and the Rooms table, the room
// detail and the Overview show the alerts too. Every label has its French.
#include "../core/world.h"
#include "api/alerts_json.h"
#include "api/state_json.h"
#include "api/telemetry_json.h"
#include "app/route.h"
#include "app_fixture.h"

namespace portal::app {
namespace {

using portal::testing::D;

constexpr const char* kFiringPath = "/api/v1/accounts/7/alerts?state=firing";
constexpr const char* kHistoryPath = "/api/v1/accounts/7/alerts?state=all";
constexpr const char* kStatusPath = "/api/v1/accounts/7/status";
constexpr const char* kRulesPath = "/api/v1/accounts/7/alert-rules";
constexpr const char* kChannelsPath = "/api/v1/accounts/7/alert-channels";
constexpr const char* kSilencesPath = "/api/v1/accounts/7/silences";

class AlertsView : public AppFrames {
  protected:
    void SetUp() override {
        AppFrames::SetUp();
        // Tall enough for the whole page: every item can be clicked where it is drawn.
        ImGui::GetIO().DisplaySize = ImVec2(1400, 2400);
        account = world.Account(world.Parent("Northwind"));
        boardroom = world.Room(account, "Boardroom");
        atrium = world.Room(account, "Atrium");
        Id contract = world.Contract(account, "SELECT-3Y", 2, D("2026-06-01"));
        ASSERT_TRUE(world.Do(Action::Assign(boardroom, contract), D("2026-06-02")).ok());
    }
    void Open(const std::string& role = "admin", const std::string& hash = "#/alerts?account=7") {
        app_->OnLocationHash(hash);
        StartWithAccount(api::StateToJson(world.state).dump(), role);
        Frames();
    }
    bool Shows(const std::string& text) {
        for (const BridgeItem& item : app_->bridge().items()) {
            if (item.label == text) return true;
        }
        return false;
    }
    int Count(const std::string& path, const std::string& method = "GET") {
        int count = 0;
        for (const auto& pending : transport_.pending) {
            count += pending.request.path == path && pending.request.method == method;
        }
        return count;
    }
    static std::string Header(const api::HttpRequest& request, const std::string& name) {
        for (const auto& [key, value] : request.headers) {
            if (key == name) return value;
        }
        return {};
    }

    api::Alert FiringAlert() {
        api::Alert alert;
        alert.id = 41;
        alert.account_id = 7;
        alert.rule_id = 3;
        alert.rule_name = "Device offline now";
        alert.condition = alerts::Condition::DeviceOffline;
        alert.severity = alerts::Severity::Critical;
        alert.room_id = boardroom;
        alert.room_name = "Boardroom";
        alert.site = "HQ";
        alert.serial = "SN-1";
        alert.state = alerts::State::Firing;
        alert.pending_since = 1795000000;
        alert.started_at = 1795000000;
        alert.flapping = true;
        api::AlertDelivery mail;
        mail.channel_id = 2;
        mail.channel_name = "Account admins";
        mail.status = "delivered";
        mail.attempts = 1;
        mail.external_id = "<alert-41@portal>";
        mail.delivered_at = 1795000002;
        api::AlertDelivery incident;
        incident.channel_id = 5;
        incident.channel_name = "Service desk";
        incident.status = "failed";
        incident.attempts = 3;
        incident.last_error = "503 from ServiceNow";
        alert.deliveries = {mail, incident};
        return alert;
    }
    std::string FiringList(std::vector<api::Alert> alerts) {
        api::AlertList list;
        list.alerts = std::move(alerts);
        list.locked_rooms.push_back({atrium, "Atrium", "HQ"});
        return api::AlertListToJson(list).dump();
    }
    std::string Status(const std::string& version, int firing, const std::string& severity) {
        telemetry::StatusDocument status;
        status.version = version;
        status.at = 1795000100;
        telemetry::RoomStatus room;
        room.room_id = boardroom;
        room.insights = true;
        room.state = telemetry::RoomState::Offline;
        room.devices_offline = 1;
        room.alerts_firing = firing;
        room.alert_severity = severity;
        status.rooms.push_back(room);
        return api::StatusToJson(status).dump();
    }
    // The page open, the status known (version v1) and the firing alert shown.
    void OpenWithAlert(const std::string& role = "admin") {
        Open(role);
        ASSERT_EQ(transport_.Answer(kStatusPath, 200, Status("v1", 1, "critical")), 1);
        ASSERT_EQ(transport_.Answer(kFiringPath, 200, FiringList({FiringAlert()})), 1);
        Frames();
    }
    std::string Rules() {
        api::AlertRule rule;
        rule.id = 3;
        rule.account_id = 7;
        rule.name = "Device offline for 5 minutes";
        rule.for_seconds = 300;
        rule.channels = {2};
        rule.created_at = 1794000000;
        return api::AlertRulesToJson({rule}).dump();
    }
    std::string Channels() {
        api::AlertChannel email;
        email.id = 2;
        email.account_id = 7;
        email.name = "Account admins";
        email.account_admins = true;
        email.created_at = 1794000000;
        api::AlertChannel servicenow;
        servicenow.id = 5;
        servicenow.account_id = 7;
        servicenow.type = api::ChannelType::ServiceNow;
        servicenow.name = "Service desk";
        servicenow.instance_url = "https://northwind.service-now.com";
        servicenow.auth_type = "basic";
        servicenow.username = "portal";
        servicenow.secret_set = true;
        servicenow.created_at = 1794000000;
        return api::AlertChannelsToJson({email, servicenow}).dump();
    }
    // Opens a form: its height settles over a few frames (the browser draws them after a click).
    void OpenForm(const std::string& button) {
        Click(button);
        Frames(3);
    }

    portal::testing::World world;
    Id account = 0, boardroom = 0, atrium = 0;
};

TEST_F(AlertsView, ThePageLoadsAndShowsTheFiringAlerts) {
    Open();
    ASSERT_NE(Request(kFiringPath), nullptr) << "the firing alerts (with acknowledged ones)";
    EXPECT_TRUE(Shows("Loading the alerts…"));
    ASSERT_EQ(transport_.Answer(kFiringPath, 200, FiringList({FiringAlert()})), 1);
    Frames();
    EXPECT_TRUE(Shows("1 alert firing"));
    EXPECT_TRUE(Shows("Boardroom"));
    EXPECT_TRUE(Shows("Device offline · SN-1"));
    EXPECT_TRUE(Shows("Critical")) << "the severity in words, not colour alone";
    EXPECT_TRUE(Shows("Firing"));
    EXPECT_TRUE(Shows("Flapping"));
    EXPECT_FALSE(Shows("Silenced"));
    ASSERT_NE(Item("Acknowledge"), nullptr);
    EXPECT_TRUE(Item("Acknowledge")->enabled);
}

// The status version moves on every alert change (the server's long poll): the page asks again.
TEST_F(AlertsView, AMovedStatusVersionReadsTheAlertsAgain) {
    OpenWithAlert();
    EXPECT_EQ(Count(kFiringPath), 0) << "the first status answer is not a change";
    ASSERT_EQ(transport_.Answer(std::string(kStatusPath) + "?since=v1&wait=25", 200,
                                Status("v2", 2, "critical")),
              1);
    Frames();
    ASSERT_EQ(Count(kFiringPath), 1) << "read again after the version moved";
    EXPECT_TRUE(Shows("Boardroom")) << "the list stays on screen meanwhile";
    api::Alert second = FiringAlert();
    second.id = 42;
    second.room_name = "Boardroom";
    second.condition = alerts::Condition::RoomOffline;
    second.serial.clear();
    second.flapping = false;
    second.silenced = true;
    transport_.Answer(kFiringPath, 200, FiringList({FiringAlert(), second}));
    Frames();
    EXPECT_TRUE(Shows("2 alerts firing"));
    EXPECT_TRUE(Shows("Room offline"));
    EXPECT_TRUE(Shows("Silenced"));
    EXPECT_EQ(Count(kFiringPath), 0) << "once per version";
}

TEST_F(AlertsView, AcknowledgeSendsItsPostAndShowsTheAnswer) {
    OpenWithAlert();
    Click("Acknowledge");
    const auto* sent = Request("/api/v1/alerts/41/acknowledge", "POST");
    ASSERT_NE(sent, nullptr);
    EXPECT_EQ(Header(sent->request, "X-Requested-With"), "portal");
    EXPECT_FALSE(Header(sent->request, "Idempotency-Key").empty());
    EXPECT_EQ(sent->request.body, "{}");
    // The server refuses once (it was not firing any more, say): the page says so.
    transport_.Answer("/api/v1/alerts/41/acknowledge", 409,
                      R"({"error":{"code":"conflict","message":"The alert is not firing."}})");
    Frames();
    EXPECT_TRUE(Shows("The alert is not firing."));
    Click("Acknowledge");
    ASSERT_NE(Request("/api/v1/alerts/41/acknowledge", "POST"), nullptr);
    api::Alert acknowledged = FiringAlert();
    acknowledged.state = alerts::State::Acknowledged;
    acknowledged.acknowledged_by = 1;
    acknowledged.acknowledged_by_name = "Anne";
    acknowledged.acknowledged_at = 1795000600;
    transport_.Answer("/api/v1/alerts/41/acknowledge", 200, api::AlertToJson(acknowledged).dump());
    Frames();
    EXPECT_TRUE(Shows("Acknowledged by Anne")) << "shown at once, before the next load";
    EXPECT_EQ(Item("Acknowledge"), nullptr) << "nothing more to acknowledge";
    EXPECT_FALSE(Shows("The alert is not firing."));
}

TEST_F(AlertsView, ReadOnlyMembersSeeAcknowledgeDisabled) {
    OpenWithAlert("readonly");
    ASSERT_NE(Item("Acknowledge"), nullptr);
    EXPECT_FALSE(Item("Acknowledge")->enabled);
    Click("Rules");
    transport_.Answer(kRulesPath, 200, Rules());
    transport_.Answer(kChannelsPath, 200, Channels());
    Frames();
    ASSERT_NE(Item("New rule"), nullptr);
    EXPECT_FALSE(Item("New rule")->enabled);
    EXPECT_FALSE(Item("Edit")->enabled);
    Click("Silences");
    transport_.Answer(kSilencesPath, 200, R"({"silences":[]})");
    Frames();
    EXPECT_TRUE(Shows("Silences are set by the account's admins."));
    EXPECT_EQ(Item("Create silence"), nullptr);
}

TEST_F(AlertsView, TheRuleFormSaysWhatIsWrongBeforeSending) {
    OpenWithAlert();
    Click("Rules");
    transport_.Answer(kRulesPath, 200, Rules());
    transport_.Answer(kChannelsPath, 200, Channels());
    Frames();
    EXPECT_TRUE(Shows("Device offline for 5 minutes"));
    EXPECT_TRUE(Shows("5 min"));
    EXPECT_TRUE(Shows("Account admins")) << "the channels it notifies, by name";
    OpenForm("New rule");
    Click("Create rule");
    EXPECT_TRUE(Shows("Enter a name."));
    EXPECT_EQ(Request(kRulesPath, "POST"), nullptr) << "nothing sent";
    Type("Name", "Quiet rooms");
    Click("No telemetry");
    Replace("For (seconds)", "30");
    Click("Create rule");
    EXPECT_FALSE(Shows("Enter a name."));
    EXPECT_TRUE(Shows("A no-telemetry rule waits at least 60 seconds."));
    Replace("For (seconds)", "100000");
    Click("Create rule");
    EXPECT_TRUE(Shows("Enter a number of seconds from 0 to 86,400."));
    EXPECT_EQ(Request(kRulesPath, "POST"), nullptr);
}

TEST_F(AlertsView, AFailedCreateKeepsTheForm) {
    OpenWithAlert();
    Click("Rules");
    transport_.Answer(kRulesPath, 200, Rules());
    transport_.Answer(kChannelsPath, 200, Channels());
    Frames();
    OpenForm("New rule");
    Type("Name", "Now");
    Replace("For (seconds)", "0");
    Click("Warning");
    Click("Boardroom");  // the scope: one room
    Click("Account admins");
    Click("Create rule");
    const auto* sent = Request(kRulesPath, "POST");
    ASSERT_NE(sent, nullptr);
    api::Json body = api::Json::parse(sent->request.body);
    EXPECT_EQ(body["name"], "Now");
    EXPECT_EQ(body["condition"], "device_offline");
    EXPECT_EQ(body["forSeconds"], 0);
    EXPECT_EQ(body["severity"], "warning");
    EXPECT_EQ(body["scope"]["rooms"], api::Json::array({boardroom}));
    EXPECT_EQ(body["channels"], api::Json::array({2}));
    EXPECT_EQ(body["enabled"], true);
    std::string first_key = Header(sent->request, "Idempotency-Key");
    transport_.Answer(kRulesPath, 400,
                      R"({"error":{"code":"invalid_request","message":"The rule is not valid.",)"
                      R"("details":{"fields":[{"field":"name","message":"is already taken"}]}}})");
    Frames();
    EXPECT_TRUE(Shows("is already taken")) << "the server's words, under the field";
    EXPECT_EQ(std::string(app_->state().alerts_page.rule_form.name), "Now") << "kept as typed";
    EXPECT_TRUE(app_->state().alerts_page.rule_form.open);
    Type("Name", " 2");
    Click("Create rule");
    sent = Request(kRulesPath, "POST");
    ASSERT_NE(sent, nullptr);
    EXPECT_EQ(api::Json::parse(sent->request.body)["name"], "Now 2");
    EXPECT_NE(Header(sent->request, "Idempotency-Key"), first_key) << "a new change, a new key";
    transport_.Answer(kRulesPath, 201, R"({"id":9})");
    Frames();
    EXPECT_FALSE(app_->state().alerts_page.rule_form.open);
    EXPECT_EQ(Count(kRulesPath), 1) << "the rules read again";
}

TEST_F(AlertsView, ChannelSecretsAreNeverFilledIn) {
    OpenWithAlert();
    Click("Channels");
    transport_.Answer(kChannelsPath, 200, Channels());
    Frames();
    EXPECT_TRUE(Shows("Service desk"));
    EXPECT_TRUE(Shows("Set")) << "the secret is set, never shown";
    // The second Edit: the ServiceNow channel's.
    int edits = 0;
    for (const BridgeItem& item : app_->bridge().items()) edits += item.label == "Edit";
    ASSERT_EQ(edits, 2);
    ClickLast("Edit");
    Frames(3);  // a form's height settles over a few frames, as in the browser
    const ChannelForm& form = app_->state().alerts_page.channel_form;
    ASSERT_TRUE(form.open);
    EXPECT_EQ(form.editing, 5);
    EXPECT_STREQ(form.secret, "") << "never pre-filled";
    EXPECT_TRUE(Shows("Set: leave empty to keep it."));
    EXPECT_EQ(std::string(form.instance_url), "https://northwind.service-now.com");
    Click("Save channel");
    const auto* sent = Request("/api/v1/alert-channels/5", "PATCH");
    ASSERT_NE(sent, nullptr);
    api::Json body = api::Json::parse(sent->request.body);
    EXPECT_EQ(body["auth"], api::Json({{"type", "basic"}, {"username", "portal"}}))
        << "no password: the one set is kept";
    transport_.Answer("/api/v1/alert-channels/5", 500,
                      R"({"error":{"code":"internal","message":"Oops."}})");
    Frames();
    Type("Password", "n3w-pa55");
    Click("Save channel");
    sent = Request("/api/v1/alert-channels/5", "PATCH");
    ASSERT_NE(sent, nullptr);
    EXPECT_EQ(api::Json::parse(sent->request.body)["auth"]["password"], "n3w-pa55");
    transport_.Answer("/api/v1/alert-channels/5", 200, "{}");
    Frames();
    EXPECT_FALSE(form.open);
    EXPECT_STREQ(form.secret, "") << "wiped once sent";

    // A new webhook needs its secret; the field is a password field, empty.
    OpenForm("New channel");
    Click("Webhook");
    Type("Name", "Chat");
    Type("URL", "hooks.example/in");
    Click("Create channel");
    EXPECT_TRUE(Shows("Enter an absolute https:// or http:// URL."));
    EXPECT_TRUE(Shows("Enter the secret."));
    EXPECT_EQ(Request(kChannelsPath, "POST"), nullptr);
}

TEST_F(AlertsView, SendTestShowsWhetherItWorked) {
    OpenWithAlert();
    Click("Channels");
    transport_.Answer(kChannelsPath, 200, Channels());
    Frames();
    ClickLast("Send test");
    const auto* sent = Request("/api/v1/alert-channels/5/test", "POST");
    ASSERT_NE(sent, nullptr);
    EXPECT_TRUE(Shows("Sending a test to Service desk…"));
    transport_.Answer("/api/v1/alert-channels/5/test", 200,
                      api::ChannelTestResultToJson({false, "401 from ServiceNow", 401, ""}).dump());
    Frames();
    EXPECT_TRUE(Shows("Test of Service desk failed: 401 from ServiceNow (401)"));
    Click("Send test");  // the email channel's
    transport_.Answer("/api/v1/alert-channels/2/test", 200,
                      api::ChannelTestResultToJson({true, "", 250, "<t@portal>"}).dump());
    Frames();
    EXPECT_TRUE(Shows("Test of Account admins: it worked."));
    EXPECT_TRUE(Shows("Reference: <t@portal>"));
}

TEST_F(AlertsView, SilencesAreCreatedAndDeleted) {
    OpenWithAlert();
    Click("Silences");
    transport_.Answer(kSilencesPath, 200, R"({"silences":[]})");
    Frames();
    EXPECT_TRUE(Shows("No silence."));
    Replace("Ends (YYYY-MM-DD HH:MM, UTC)", "2026-11-18 08:00");
    Click("Create silence");
    EXPECT_TRUE(Shows("The end must come after the start.")) << "already past";
    Replace("Ends (YYYY-MM-DD HH:MM, UTC)", "2026-11-20 08:00");
    Type("Comment (optional)", "Travaux");
    Click("Create silence");
    const auto* sent = Request(kSilencesPath, "POST");
    ASSERT_NE(sent, nullptr);
    api::Json body = api::Json::parse(sent->request.body);
    EXPECT_EQ(body["endsAt"], "2026-11-20T08:00:00Z");
    EXPECT_FALSE(body.contains("startsAt")) << "now";
    EXPECT_EQ(body["comment"], "Travaux");
    transport_.Answer(kSilencesPath, 201, "{}");
    Frames();
    api::Silence silence;
    silence.id = 4;
    silence.account_id = 7;
    silence.starts_at = 1795000000;
    silence.ends_at = 1795100000;
    silence.comment = "Travaux";
    silence.created_at = 1795000000;
    transport_.Answer(kSilencesPath, 200, api::SilencesToJson({silence}).dump());
    Frames();
    EXPECT_TRUE(Shows("Whole account"));
    EXPECT_TRUE(Shows("Active"));
    Click("Delete");
    EXPECT_NE(Request("/api/v1/silences/4", "DELETE"), nullptr);
}

// The link in an alert mail: #/alerts/<id>?account=<id> opens the alert with its deliveries.
TEST_F(AlertsView, AMailsLinkOpensTheAlertWithItsDeliveries) {
    EXPECT_EQ(ParseRoute("#/alerts/41?account=7"), (Route{Page::Alerts, "41", 7}));
    EXPECT_EQ(FormatRoute({Page::Alerts, "41", 7}), "#/alerts/41?account=7");

    Open("admin", "#/alerts/41?account=7");
    ASSERT_EQ(transport_.Answer(kFiringPath, 200, FiringList({FiringAlert()})), 1);
    Frames();
    EXPECT_TRUE(Shows("Device offline · SN-1 · Boardroom"));
    EXPECT_TRUE(Shows("Deliveries"));
    EXPECT_TRUE(Shows("Account admins"));
    EXPECT_TRUE(Shows("Delivered"));
    EXPECT_TRUE(Shows("<alert-41@portal>"));
    EXPECT_TRUE(Shows("503 from ServiceNow"));
    EXPECT_TRUE(Shows("Failed"));
    Click("Close");
    EXPECT_EQ(app_->state().route, (Route{Page::Alerts, "", 7}));
    EXPECT_FALSE(Shows("Deliveries"));
    Click("Boardroom");  // its row opens it again, with its address
    EXPECT_EQ(app_->state().route, (Route{Page::Alerts, "41", 7}));
    EXPECT_EQ(platform_.hashes.back(), "#/alerts/41?account=7");
    EXPECT_TRUE(Shows("Deliveries"));
}

// A resolved alert is not among the firing ones: the history (every state) holds it.
TEST_F(AlertsView, AMailsLinkToAResolvedAlertFindsItInTheHistory) {
    Open("admin", "#/alerts/40?account=7");
    transport_.Answer(kFiringPath, 200, FiringList({FiringAlert()}));
    Frames();
    EXPECT_TRUE(Shows("Loading the alert…"));
    api::Alert resolved = FiringAlert();
    resolved.id = 40;
    resolved.state = alerts::State::Resolved;
    resolved.resolved_at = 1795003600;
    resolved.resolved_reason = "license_ended";
    resolved.flapping = false;
    ASSERT_EQ(transport_.Answer(kHistoryPath, 200, FiringList({resolved, FiringAlert()})), 1);
    Frames();
    EXPECT_TRUE(Shows("Resolved · License ended"));
    EXPECT_TRUE(Shows("Deliveries"));

    app_->OnLocationHash("#/alerts/999?account=7");
    Frames();
    EXPECT_TRUE(Shows("This alert is not in this account."));
}

TEST_F(AlertsView, HistoryFiltersAskTheServer) {
    OpenWithAlert();
    Click("History");
    ASSERT_NE(Request(kHistoryPath), nullptr);
    Click("Resolved");
    EXPECT_NE(Request("/api/v1/accounts/7/alerts?state=resolved"), nullptr);
    Click("Room");  // the room filter's combo, named for what it filters
    Click("Atrium");
    EXPECT_NE(Request("/api/v1/accounts/7/alerts?state=resolved&roomId=" + std::to_string(atrium)),
              nullptr);
    transport_.Answer("/api/v1/accounts/7/alerts?state=resolved&roomId=" + std::to_string(atrium),
                      200, FiringList({}));
    Frames();
    EXPECT_TRUE(Shows("No alert matches these filters."));
}

TEST_F(AlertsView, ALockedRoomLeadsToTheAssignDialog) {
    OpenWithAlert();
    Click("Locked rooms");
    EXPECT_TRUE(Shows("Atrium · HQ · Locked"));
    Click("Assign license");
    EXPECT_EQ(app_->state().route.page, Page::Rooms);
    EXPECT_EQ(app_->state().route.detail, std::to_string(atrium));
    EXPECT_EQ(app_->state().rooms_page.dialog, RoomDialog::Assign);
}

// The Rooms table says a room has a firing alert (in words on the severity's colour), the room
// detail lists its alerts and the Overview counts them, all from the live status.
TEST_F(AlertsView, RoomsAndOverviewShowTheAlerts) {
    Open("admin", "#/rooms?account=7");
    ASSERT_EQ(transport_.Answer(kStatusPath, 200, Status("v1", 2, "critical")), 1);
    Frames();
    EXPECT_TRUE(Shows("2 alerts · Critical"));
    app_->OnLocationHash("#/rooms/" + std::to_string(boardroom) + "?account=7");
    Frames();
    std::string path = "/api/v1/accounts/7/alerts?state=all&roomId=" + std::to_string(boardroom);
    ASSERT_NE(Request(path), nullptr) << "the room's alerts, every state";
    transport_.Answer(path, 200, FiringList({FiringAlert()}));
    Frames();
    EXPECT_TRUE(Shows("Room alerts"));
    std::string line;
    for (const BridgeItem& item : app_->bridge().items()) {
        if (item.label.rfind("Device offline · SN-1 · Firing · ", 0) == 0) line = item.label;
    }
    ASSERT_FALSE(line.empty());
    Click(line);
    EXPECT_EQ(app_->state().route, (Route{Page::Alerts, "41", 7}));

    // The Overview's figure (issue 16: GET /accounts/{id}/home) opens the firing alerts.
    app_->OnLocationHash("#/overview?account=7");
    Frames();
    transport_.Answer("/api/v1/accounts/7/home", 200, R"({"accountId":7,"alerts":{"firing":2}})");
    Frames();
    Click("Firing: 2");
    EXPECT_EQ(app_->state().route.page, Page::Alerts);
    EXPECT_EQ(app_->state().route.filter, "firing");
}

TEST_F(AlertsView, EveryLabelHasItsFrench) {
    app_->SetLanguage(Language::French);
    Open();
    std::set<std::string> before = app_->state().tr.missing();  // the shell's, not this page's
    transport_.Answer(kStatusPath, 200, Status("v1", 1, "critical"));
    api::Alert acknowledged = FiringAlert();
    acknowledged.id = 43;
    acknowledged.state = alerts::State::Acknowledged;
    acknowledged.acknowledged_by_name = "Anne";
    acknowledged.acknowledged_at = 1795000600;
    acknowledged.silenced = true;
    transport_.Answer(kFiringPath, 200, FiringList({FiringAlert(), acknowledged}));
    Frames();
    EXPECT_TRUE(Shows("Appareil hors ligne · SN-1"));
    EXPECT_TRUE(Shows("Critique"));
    app_->OnLocationHash("#/alerts/41?account=7");
    Frames();
    EXPECT_TRUE(Shows("Envois"));
    Click("Historique");
    api::Alert resolved = FiringAlert();
    resolved.id = 40;
    resolved.state = alerts::State::Resolved;
    resolved.resolved_at = 1795003600;
    resolved.resolved_reason = "rule_disabled";
    transport_.Answer(kHistoryPath, 200, FiringList({resolved, acknowledged}));
    Frames();
    Click("Règles");
    transport_.Answer(kRulesPath, 200, Rules());
    transport_.Answer(kChannelsPath, 200, Channels());
    Frames();
    OpenForm("Nouvelle règle");
    Click("Créer la règle");
    Frames(3);
    EXPECT_TRUE(Shows("Saisissez un nom."));
    Click("Annuler");
    Click("Supprimer");
    EXPECT_TRUE(Shows("Supprimer cette règle ? Ses alertes ouvertes sont résolues."));
    Click("Canaux");
    ClickLast("Modifier");
    Frames(3);
    Click("Enregistrer le canal");
    transport_.Answer("/api/v1/alert-channels/5", 200, "{}");
    Frames();
    OpenForm("Nouveau canal");
    Click("Créer le canal");
    Frames(3);  // the form grows with its messages over a few frames
    Click("ServiceNow");
    Frames(3);
    Click("OAuth");
    Frames(3);
    Click("Créer le canal");
    Frames(3);
    Click("Webhook");
    Frames(3);
    Click("Créer le canal");
    Frames(3);
    Click("Annuler");
    ClickLast("Envoyer un test");
    transport_.Answer("/api/v1/alert-channels/5/test", 200,
                      api::ChannelTestResultToJson({false, "", 0, "x"}).dump());
    Frames();
    Click("Silences");
    api::Silence silence;
    silence.id = 4;
    silence.sites = {"HQ"};
    silence.starts_at = 1795090000;
    silence.ends_at = 1795100000;
    transport_.Answer(kSilencesPath, 200, api::SilencesToJson({silence}).dump());
    Frames();
    Replace("Début (AAAA-MM-JJ HH:MM, UTC ; vide : maintenant)", "demain");
    Replace("Fin (AAAA-MM-JJ HH:MM, UTC)", "x");
    Click("Créer le silence");
    EXPECT_TRUE(Shows("Saisissez la fin au format AAAA-MM-JJ HH:MM."));
    Click("Salles verrouillées");
    EXPECT_TRUE(Shows("Atrium · HQ · Verrouillée"));
    app_->OnLocationHash("#/rooms?account=7");
    Frames();
    EXPECT_TRUE(Shows("Alerte · Critique"));
    app_->OnLocationHash("#/overview?account=7");
    Frames();
    transport_.Answer("/api/v1/accounts/7/home", 200, R"({"accountId":7,"alerts":{"firing":1}})");
    Frames();
    EXPECT_TRUE(Shows("En cours : 1"));
    for (const std::string& text : app_->state().tr.missing()) {
        if (!before.count(text)) ADD_FAILURE() << "no French: " << text;
    }
}

}  // namespace
}  // namespace portal::app
