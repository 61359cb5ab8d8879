// The Insights page, headless: the request each choice makes (and never for a locked room,
// R-GATE-1), the server's R-GATE-1 refusal shown as the locked state, the CSV of the points
// shown, agent tokens shown once, and the live status loop (long polling) feeding the Rooms
// table.
#include "../core/world.h"
#include "api/insights_json.h"
#include "api/state_json.h"
#include "app_fixture.h"
#include "core/telemetry.h"

namespace portal::app {
namespace {

using portal::testing::D;

// FakePlatform's clock: EpochSeconds() = 1795000000 + now (now starts at 100).
constexpr long long kEpoch = 1795000100;
constexpr long long kHourMark = (kEpoch + 3599) / 3600 * 3600;  // presets end at the next hour

class InsightsView : public AppFrames {
  protected:
    void SetUp() override {
        AppFrames::SetUp();
        // Tall enough for the whole page: every item can be clicked where it is drawn.
        ImGui::GetIO().DisplaySize = ImVec2(1280, 2400);
        account = world.Account(world.Parent("Northwind"));
        boardroom = world.Room(account, "Boardroom");
        huddle = world.Room(account, "Huddle");
        atrium = world.Room(account, "Atrium");
        Id contract = world.Contract(account, "SELECT-3Y", 2, D("2026-06-01"));
        ASSERT_TRUE(world.Do(Action::Assign(boardroom, contract), D("2026-06-02")).ok());
        ASSERT_TRUE(world.Do(Action::Assign(huddle, contract), D("2026-06-02")).ok());
    }
    void Open(const std::string& role = "admin", const std::string& hash = "#/insights?account=7") {
        app_->OnLocationHash(hash);
        StartWithAccount(api::StateToJson(world.state).dump(), role);
        Frames();
    }
    std::string Rooms() { return std::to_string(boardroom) + "," + std::to_string(huddle); }
    std::string InsightsUrl(long long from, long long to, const std::string& resolution,
                            const std::string& rooms = "") {
        return "/api/v1/accounts/7/insights?rooms=" + (rooms.empty() ? Rooms() : rooms) +
               "&from=" + telemetry::FormatUtcTime(from) + "&to=" + telemetry::FormatUtcTime(to) +
               "&resolution=" + resolution;
    }
    // Every pending request whose path starts with `prefix`.
    std::vector<std::string> Pending(const std::string& prefix) {
        std::vector<std::string> paths;
        for (const auto& pending : transport_.pending) {
            if (pending.request.path.rfind(prefix, 0) == 0) paths.push_back(pending.request.path);
        }
        return paths;
    }
    bool Shows(const std::string& text) {
        for (const BridgeItem& item : app_->bridge().items()) {
            if (item.label == text) return true;
        }
        return false;
    }
    std::string Status(const std::string& version, const std::string& boardroom_state,
                       const std::string& people = "null") {
        return R"({"version":")" + version + R"(","at":"2026-11-18T10:00:00Z","rooms":[)" +
               R"({"roomId":)" + std::to_string(boardroom) + R"(,"insights":true,"state":")" +
               boardroom_state + R"(","people":)" + people +
               R"(,"peopleAt":null,"inMeeting":false,"devicesOnline":1,"devicesOffline":0}],)" +
               R"("devices":[]})";
    }

    portal::testing::World world;
    Id account = 0, boardroom = 0, huddle = 0, atrium = 0;
};

TEST_F(InsightsView, EachRangeAndResolutionAsksForItsSeries) {
    Open();
    long long week = 7 * 86400LL;
    ASSERT_NE(Request(InsightsUrl(kHourMark - week, kHourMark, "hour")), nullptr)
        << "7 days of hours by default for the rooms with Insights";
    struct Case {
        const char* button;
        long long seconds;
        const char* resolution;  // hours up to 7 days, days beyond
    };
    for (const Case& c : {Case{"24 h", 86400LL, "hour"}, Case{"30 d", 30 * 86400LL, "day"},
                          Case{"90 d", 90 * 86400LL, "day"},
                          Case{"12 months", 365 * 86400LL, "day"}, Case{"7 d", week, "hour"}}) {
        Click(c.button);
        EXPECT_NE(Request(InsightsUrl(kHourMark - c.seconds, kHourMark, c.resolution)), nullptr)
            << c.button;
    }
    Click("30 d");
    Click("Hour");  // the user may ask for hours over a month
    EXPECT_NE(Request(InsightsUrl(kHourMark - 30 * 86400LL, kHourMark, "hour")), nullptr);

    Click("Custom");
    Replace("From (YYYY-MM-DD)", "2026-10-01");
    Replace("To (YYYY-MM-DD)", "2026-10-31");
    Click("Apply");
    long long first = static_cast<long long>(D("2026-10-01").days) * 86400;
    long long end = static_cast<long long>(D("2026-11-01").days) * 86400;
    EXPECT_NE(Request(InsightsUrl(first, end, "day")), nullptr) << "whole days, both included";

    Replace("To (YYYY-MM-DD)", "2026-09-01");
    Click("Apply");
    EXPECT_TRUE(Shows("Enter two dates as YYYY-MM-DD, the second not before the first."));

    Click("Huddle");  // one room less
    EXPECT_NE(Request(InsightsUrl(first, end, "day", std::to_string(boardroom))), nullptr);
}

// R-GATE-1: a room without an active Sync Plus or Select license is listed as locked with the
// way to unlock it, and is never asked for.
TEST_F(InsightsView, ALockedRoomSaysHowToUnlockAndIsNeverAskedFor) {
    Open();
    EXPECT_TRUE(Shows("Atrium · Locked"));
    EXPECT_TRUE(
        Shows("Assign a Sync Plus or Select license to this room to unlock Insights (R-GATE-1)."));
    for (const std::string& path : Pending("/api/v1/accounts/7/insights?")) {
        EXPECT_EQ(path.find(std::to_string(atrium)), std::string::npos) << path;
    }
    ASSERT_EQ(Pending("/api/v1/accounts/7/insights?").size(), 1u);
    Click("Assign license");
    EXPECT_EQ(app_->state().route.page, Page::Rooms);
    EXPECT_EQ(app_->state().route.detail, std::to_string(atrium));
    EXPECT_EQ(app_->state().rooms_page.dialog, RoomDialog::Assign) << "its assign dialog opens";
    EXPECT_TRUE(Shows("Room: Atrium"));
}

TEST_F(InsightsView, ReadOnlyMembersCannotAssignNorManageTokens) {
    Open("readonly");
    ASSERT_NE(Item("Assign license"), nullptr);
    EXPECT_FALSE(Item("Assign license")->enabled);
    ASSERT_NE(Item("Create agent token"), nullptr);
    EXPECT_FALSE(Item("Create agent token")->enabled);
    EXPECT_EQ(Request("/api/v1/accounts/7/agent-tokens"), nullptr);
}

// R-GATE-1 from the server (the license ended since the account was read): the locked state,
// not an error; the account is read again.
TEST_F(InsightsView, TheServersGateRefusalShowsTheLockedState) {
    Open();
    std::string url = InsightsUrl(kHourMark - 7 * 86400LL, kHourMark, "hour");
    ASSERT_EQ(transport_.Answer(url, 403,
                                R"({"error":{"code":"forbidden","message":"No Insights.",)"
                                R"("details":{"rule":"R-GATE-1","roomId":)" +
                                    std::to_string(huddle) + "}}}"),
              1);
    Frames();
    EXPECT_TRUE(Shows("Insights are locked for a room you picked: its license has ended."));
    EXPECT_FALSE(Shows("Could not load the insights."));
    EXPECT_FALSE(Shows("No Insights. (R-GATE-1)"));
    EXPECT_NE(Request("/api/v1/accounts/7/state"), nullptr) << "the licenses are read again";
}

TEST_F(InsightsView, DownloadCsvHoldsExactlyThePointsShown) {
    Open();
    api::Insights answer;
    answer.from = kHourMark - 7 * 86400LL;
    answer.to = kHourMark;
    answer.resolution = "hour";
    long long t0 = kHourMark - 3 * 3600;
    answer.rooms.push_back(
        {boardroom,
         "Europe/Paris",
         60,
         8,
         {{t0, 0.5, 1.5, 3, 30, 0.1875, 30}, {t0 + 3600, 1, 4, 6, 60, 0.5, 60}}});
    answer.rooms.push_back({huddle, "", 0, 8, {{t0, 0.25, 0.25, 1, 0, 0.03125, 0}}});
    ASSERT_EQ(transport_.Answer(InsightsUrl(answer.from, answer.to, "hour"), 200,
                                api::InsightsToJson(answer).dump()),
              1);
    Frames();
    EXPECT_NE(Item("Occupancy chart"), nullptr);
    EXPECT_NE(Item("Meeting hours"), nullptr);
    EXPECT_NE(Item("Hour of week"), nullptr);
    Click("Download CSV");
    ASSERT_EQ(platform_.downloads.size(), 1u);
    std::string b = std::to_string(boardroom), h = std::to_string(huddle);
    std::string t0s = telemetry::FormatUtcTime(t0), t1s = telemetry::FormatUtcTime(t0 + 3600);
    EXPECT_EQ(platform_.downloads[0].second,
              "roomId,room,t,occupancy,peopleMean,peoplePeak,meetingMinutes,utilisation\r\n" + b +
                  ",Boardroom," + t0s + ",0.5,1.5,3,30.0,0.1875\r\n" + b + ",Boardroom," + t1s +
                  ",1.0,4.0,6,60.0,0.5\r\n" + h + ",Huddle," + t0s +
                  ",0.25,0.25,1,0.0,0.03125\r\n");

    // Zoomed in on the last hour: only its point is shown, so only it is exported.
    app_->state().insights_page.view = {static_cast<double>(t0 + 1800),
                                        static_cast<double>(t0 + 5400)};
    Frames();
    Click("Download CSV");
    ASSERT_EQ(platform_.downloads.size(), 2u);
    EXPECT_EQ(platform_.downloads[1].second,
              "roomId,room,t,occupancy,peopleMean,peoplePeak,meetingMinutes,utilisation\r\n" + b +
                  ",Boardroom," + t1s + ",1.0,4.0,6,60.0,0.5\r\n");
}

// The status is long polled: each answer asks again at once with since=<its version>, and the
// Rooms table shows the room's state from it.
TEST_F(InsightsView, LiveStatusIsLongPolledAndFeedsTheRoomsTable) {
    Open("admin", "#/rooms?account=7");
    const auto* first = Request("/api/v1/accounts/7/status");
    ASSERT_NE(first, nullptr) << "the first request asks for the status as it is";
    ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/insights/summary?days=7", 200,
                                R"({"rooms":[{"roomId":)" + std::to_string(boardroom) +
                                    R"(,"daily":[0.2,null,0.3,0.5,0.1,0,0.4]}]})"),
              1)
        << "the sparklines of the rooms with Insights";
    transport_.Answer("/api/v1/accounts/7/status", 200, Status("boot1-1", "meeting", "3"));
    Frames();
    EXPECT_TRUE(Shows("In a meeting · 3 people"));
    const auto* waiting = Request("/api/v1/accounts/7/status?since=boot1-1&wait=25");
    ASSERT_NE(waiting, nullptr) << "asked again at once, with the version seen";
    EXPECT_GT(waiting->request.timeout_ms, 25000) << "the transport outlasts the server's wait";
    EXPECT_NE(app_->StateJson().find("\"statusVersion\":\"boot1-1\""), std::string::npos);
    api::Json loading = api::Json::parse(app_->StateJson())["loading"];
    EXPECT_TRUE(loading.empty()) << "a waiting long poll is not 'loading': " << loading.dump();

    platform_.now += 5;
    transport_.Answer("/api/v1/accounts/7/status?since=boot1-1&wait=25", 200,
                      Status("boot1-2", "offline"));
    Frames();
    EXPECT_TRUE(Shows("Offline"));
    EXPECT_NE(Request("/api/v1/accounts/7/status?since=boot1-2&wait=25"), nullptr);

    // The server answered at once without news (too many waiting): ask again after 1 s.
    transport_.Answer("/api/v1/accounts/7/status?since=boot1-2&wait=25", 200,
                      Status("boot1-2", "offline"));
    Frames();
    EXPECT_TRUE(Pending("/api/v1/accounts/7/status").empty());
    platform_.now += 1.01;
    Frames();
    EXPECT_EQ(Pending("/api/v1/accounts/7/status").size(), 1u);

    // The server goes away: the usual backoff; once another request gets through (it is back,
    // restarted), the status is asked for at once.
    transport_.Answer("/api/v1/accounts/7/status?since=boot1-2&wait=25", 0, "");
    Frames();
    EXPECT_TRUE(Pending("/api/v1/accounts/7/status").empty());
    EXPECT_TRUE(app_->state().offline);
    double backoff_ends = app_->state().live.status.retry_at;
    EXPECT_GT(backoff_ends, platform_.now);
    app_->Refresh();  // any request: here the page's data read again
    transport_.Answer("/api/v1/health", 200, kHealth);
    Frames();
    EXPECT_LT(platform_.now, backoff_ends) << "asked again before the backoff ends";
    ASSERT_EQ(Pending("/api/v1/accounts/7/status").size(), 1u);
    transport_.Answer("/api/v1/accounts/7/status?since=boot1-2&wait=25", 200,
                      Status("boot2-0", "free", "0"));
    Frames();
    EXPECT_TRUE(Shows("Free · 0 people"));

    // Signed out: the loop stops, and a late answer changes nothing.
    app_->SignOut();
    Frames();
    transport_.Answer("/api/v1/accounts/7/status?since=boot2-0&wait=25", 200,
                      Status("boot2-1", "free"));
    Frames();
    EXPECT_TRUE(Pending("/api/v1/accounts/7/status").empty());
    EXPECT_FALSE(app_->state().live.status.value.has_value());
}

TEST_F(InsightsView, ANewAgentTokenIsShownOnce) {
    Open();
    ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/agent-tokens", 200, R"({"agentTokens":[]})"),
              1);
    Frames();
    EXPECT_TRUE(Shows("No agent token yet."));
    Type("Token name", "Lobby agent");
    Click("Create agent token");
    const auto* sent = Request("/api/v1/accounts/7/agent-tokens", "POST");
    ASSERT_NE(sent, nullptr);
    EXPECT_EQ(api::Json::parse(sent->request.body)["name"], "Lobby agent");
    transport_.Answer("/api/v1/accounts/7/agent-tokens", 201,
                      R"({"id":5,"token":"tok-5ecret","name":"Lobby agent",)"
                      R"("createdAt":"2026-11-18T10:00:00Z"})");
    Frames();
    EXPECT_TRUE(Shows("tok-5ecret"));
    EXPECT_TRUE(Shows("Copy it now: it will not be shown again."));
    Click("Copy");
    ASSERT_EQ(platform_.copied.size(), 1u);
    EXPECT_EQ(platform_.copied[0], "tok-5ecret");
    // The list is read again; it never holds the token.
    transport_.Answer("/api/v1/accounts/7/agent-tokens", 200,
                      R"({"agentTokens":[{"id":5,"name":"Lobby agent",)"
                      R"("createdAt":"2026-11-18T10:00:00Z","createdBy":1,"lastUsedAt":null,)"
                      R"("revokedAt":null}]})");
    Frames();
    EXPECT_TRUE(Shows("Lobby agent"));
    Click("Done");
    EXPECT_FALSE(Shows("tok-5ecret")) << "gone once dismissed";

    Click("Revoke");
    ASSERT_NE(Request("/api/v1/agent-tokens/5", "DELETE"), nullptr);
}

TEST_F(InsightsView, OpenedAgainLaterItReadsUpToNow) {
    Open();
    transport_.Answer("/api/v1/accounts/7/agent-tokens", 200, R"({"agentTokens":[]})");
    Click("Day");  // the user's resolution stays
    app_->OnLocationHash("#/rooms?account=7");
    Frames();
    platform_.now += 2 * 3600;
    app_->OnLocationHash("#/insights?account=7");
    Frames();
    long long later = kHourMark + 2 * 3600;
    EXPECT_NE(Request(InsightsUrl(later - 7 * 86400LL, later, "day")), nullptr);
    EXPECT_NE(Request("/api/v1/accounts/7/agent-tokens"), nullptr) << "tokens made meanwhile";
}

TEST_F(InsightsView, EveryLabelHasItsFrench) {
    app_->SetLanguage(Language::French);
    Open();
    std::set<std::string> before = app_->state().tr.missing();  // the shell's, not this page's
    api::Insights answer;
    answer.from = kHourMark - 7 * 86400LL;
    answer.to = kHourMark;
    answer.resolution = "hour";
    answer.rooms.push_back(
        {boardroom, "Europe/Paris", 60, 8, {{kHourMark - 7200, 0.5, 1.5, 3, 30, 0.1875, 30}}});
    transport_.Answer(InsightsUrl(answer.from, answer.to, "hour"), 200,
                      api::InsightsToJson(answer).dump());
    transport_.Answer("/api/v1/accounts/7/status", 200, Status("b-1", "meeting", "2"));
    transport_.Answer("/api/v1/accounts/7/agent-tokens", 200,
                      R"({"agentTokens":[{"id":5,"name":"","createdAt":"2026-11-18T10:00:00Z",)"
                      R"("createdBy":1,"lastUsedAt":"2026-11-18T11:00:00Z","revokedAt":null},)"
                      R"({"id":6,"name":"Old","createdAt":"2026-11-18T10:00:00Z",)"
                      R"("createdBy":1,"lastUsedAt":null,"revokedAt":"2026-11-18T12:00:00Z"}]})");
    Frames();
    ASSERT_NE(Item("Graphique d'occupation"), nullptr);
    EXPECT_TRUE(Shows("Boardroom : En réunion · 2 personnes"));
    Click("Sites");
    Click("Personnes");
    Click("Jour");
    Click("Personnalisée");
    Replace("Au (AAAA-MM-JJ)", "2020-01-01");
    Click("Appliquer");
    EXPECT_TRUE(
        Shows("Saisissez deux dates au format AAAA-MM-JJ, la seconde pas avant la première."));
    Click("Créer un jeton d'agent");
    transport_.Answer("/api/v1/accounts/7/agent-tokens", 201,
                      R"({"id":7,"token":"tok","name":"","createdAt":"2026-11-18T10:00:00Z"})");
    Frames();
    EXPECT_TRUE(Shows("Copiez-le maintenant : il ne sera plus affiché."));
    app_->OnLocationHash("#/rooms/" + std::to_string(boardroom) + "?account=7");
    Frames();
    EXPECT_TRUE(Shows("Statut: En réunion · 2 personnes"));
    for (const std::string& text : app_->state().tr.missing()) {
        if (!before.count(text)) ADD_FAILURE() << "no French: " << text;
    }
}

// [SECTION] Charts for everyone (issue 17)

class InsightsCharts : public InsightsView {
  protected:
    // 48 hourly points for Boardroom (occupancy 0.2, 0.9 at the 10th, 2 meeting hours a day's
    // first hour) and one for Huddle, answered for the default request.
    void OpenWithData() {
        Open();
        api::Insights answer;
        answer.from = kHourMark - 7 * 86400LL;
        answer.to = kHourMark;
        answer.resolution = "hour";
        first = kHourMark - 48 * 3600;
        api::InsightsRoom room{boardroom, "UTC", 0, 8, {}};
        for (int h = 0; h < 48; ++h) {
            room.points.push_back({first + h * 3600LL, h == 10 ? 0.9 : 0.2, 1, 2,
                                   h % 24 == 0 ? 120.0 : 0.0, 0.25, 0});
        }
        answer.rooms.push_back(room);
        answer.rooms.push_back({huddle, "UTC", 0, 8, {{first, 0.5, 1, 1, 0, 0.1, 0}}});
        ASSERT_EQ(transport_.Answer(InsightsUrl(answer.from, answer.to, "hour"), 200,
                                    api::InsightsToJson(answer).dump()),
                  1);
        Frames();
    }
    InsightsPageState& Page() { return app_->state().insights_page; }
    long long first = 0;
};

// Each chart says what it shows in one sentence, from its data (published with it as a figure
// for screen readers): the highest value, where it is, and the mean.
TEST_F(InsightsCharts, EachChartHasASentenceFromItsData) {
    OpenWithData();
    const std::string& series = Page().series_summary;
    EXPECT_EQ(series.rfind("Occupancy, ", 0), 0u) << series;
    EXPECT_NE(series.find(": highest 90 % (Boardroom, "), std::string::npos) << series;
    // (47 × 0.2 + 0.9 + 0.5) / 49 = 22 %
    EXPECT_NE(series.find("), average 22 %."), std::string::npos) << series;
    EXPECT_EQ(Page().bars_summary.rfind("Meeting hours per day, ", 0), 0u) << Page().bars_summary;
    EXPECT_NE(Page().bars_summary.find(": highest 2.0 h on "), std::string::npos)
        << Page().bars_summary;
    EXPECT_EQ(
        Page().heatmap_summary.rfind("Mean occupancy by hour of the week: highest 90 % on ", 0), 0u)
        << Page().heatmap_summary;
    EXPECT_NE(Item("Meeting hours per day"), nullptr) << "the bars are named by what they sum";
    // The mirror: each chart is a figure (role img) whose description is its sentence, and no
    // button of the same name.
    const MirrorNode* figure = app_->bridge().FindNode(MirrorRole::Img, "Occupancy chart");
    ASSERT_NE(figure, nullptr);
    EXPECT_EQ(figure->description, series);
    EXPECT_EQ(app_->bridge().FindNode(MirrorRole::Button, "Occupancy chart"), nullptr);
    const MirrorNode* bars = app_->bridge().FindNode(MirrorRole::Img, "Meeting hours per day");
    ASSERT_NE(bars, nullptr);
    EXPECT_EQ(bars->description, Page().bars_summary);
    ASSERT_NE(app_->bridge().FindNode(MirrorRole::Img, "Hour of week"), nullptr);

    // Zoomed in away from the spike: the sentence follows the visible range.
    std::string before = series;
    Page().view = {static_cast<double>(first + 20 * 3600), static_cast<double>(first + 40 * 3600)};
    Frames();
    EXPECT_NE(Page().series_summary, before);
    EXPECT_NE(Page().series_summary.find("highest 20 %"), std::string::npos)
        << Page().series_summary;
}

// Show as table: the same numbers as an ImGui table (the mirror makes it an HTML table), and
// back to the chart.
TEST_F(InsightsCharts, ShowAsTableShowsTheValues) {
    OpenWithData();
    EXPECT_FALSE(Shows("90 %"));
    Click("Show as table");  // the first: the time series
    EXPECT_TRUE(Page().series_as_table);
    EXPECT_EQ(Item("Occupancy chart"), nullptr) << "the table instead of the chart";
    EXPECT_TRUE(Shows("90 %")) << "Boardroom at its 10th hour";
    EXPECT_TRUE(Shows("50 %")) << "Huddle's only point";
    EXPECT_TRUE(Shows("No data")) << "Huddle has no other point";
    ASSERT_NE(Item("Show as chart"), nullptr);
    Click("Show as chart");
    EXPECT_FALSE(Page().series_as_table);
    EXPECT_NE(Item("Occupancy chart"), nullptr);

    // The bars and the heatmap have theirs.
    Click("Show as table");
    Click("Show as chart");
    ClickControl("Show as table", 1);
    EXPECT_TRUE(Page().bars_as_table);
    EXPECT_TRUE(Shows("2.0")) << "two meeting hours on each day";
    ClickControl("Show as table", 1);  // the heatmap's, now the second one
    EXPECT_TRUE(Page().heatmap_as_table);
}

// Nothing needs dragging: buttons zoom and pan the time series, in the chart and its table.
TEST_F(InsightsCharts, ZoomButtonsChangeTheVisibleRange) {
    OpenWithData();
    charts::TimeView fitted = Page().view;
    ASSERT_GT(fitted.to, fitted.from);
    EXPECT_FALSE(Item("Reset")->enabled) << "already the whole range";
    EXPECT_FALSE(Item("Zoom out")->enabled);
    EXPECT_FALSE(Item("← Earlier")->enabled);
    Click("Zoom in");
    double span = Page().view.to - Page().view.from;
    EXPECT_NEAR(span, (fitted.to - fitted.from) / 2, 1);
    Click("← Earlier");
    EXPECT_LT(Page().view.from, fitted.from + (fitted.to - fitted.from) / 4);
    EXPECT_NEAR(Page().view.to - Page().view.from, span, 1);
    charts::TimeView earlier = Page().view;
    Click("Later →");
    EXPECT_GT(Page().view.from, earlier.from);

    Click("Show as table");
    size_t rows = Page().series_table.times.size();
    EXPECT_LT(rows, 48u) << "the table holds the visible range";
    Click("Reset");
    EXPECT_EQ(Page().view.from, fitted.from);
    EXPECT_EQ(Page().view.to, fitted.to);
    EXPECT_EQ(Page().series_table.times.size(), 48u);
}

TEST_F(InsightsCharts, SentencesTablesAndButtonsAreInFrench) {
    app_->SetLanguage(Language::French);
    std::set<std::string> before = app_->state().tr.missing();
    OpenWithData();
    EXPECT_EQ(Page().series_summary.rfind("Occupation, ", 0), 0u) << Page().series_summary;
    EXPECT_NE(Page().series_summary.find(" : maximum 90 % (Boardroom, "), std::string::npos)
        << Page().series_summary;
    EXPECT_EQ(Page().bars_summary.rfind("Heures de réunion par jour, ", 0), 0u);
    EXPECT_EQ(Page().heatmap_summary.rfind("Occupation moyenne par heure de la semaine : ", 0), 0u)
        << Page().heatmap_summary;
    Click("Zoom avant");
    Click("Plus tard →");
    Click("Afficher en tableau");
    EXPECT_TRUE(Shows("Heure"));
    ClickControl("Afficher en tableau", 0);
    ClickControl("Afficher en tableau", 0);
    EXPECT_TRUE(Shows("Jour"));
    for (const std::string& text : app_->state().tr.missing()) {
        if (!before.count(text)) ADD_FAILURE() << "no French: " << text;
    }
}

}  // namespace
}  // namespace portal::app
