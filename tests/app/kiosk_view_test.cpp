// The kiosk, headless: a kiosk link asks for the dashboard only, with its bearer token, and
// never for a session; tiles say their state in words and show people only with Insights
// (R-GATE-1); pages rotate when the tiles do not fit; a refused link says so and stops; a lost
// server leaves the last data on screen with when it was fresh; an answer that changes nothing
// draws nothing; the app sleeps until the next minute or page; a long run keeps memory flat.
// And the Insights page's "Kiosk links" section, which makes and revokes the links.
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "../core/world.h"
#include "api/kiosk_json.h"
#include "api/state_json.h"
#include "app_fixture.h"

namespace portal::app {
namespace {

constexpr const char* kDashboardPath = "/api/v1/kiosk/dashboard";

// FakePlatform's wall clock: 1795000000 + now; UTC here (no browser offset given).
std::string UtcClock(double epoch) {
    long long minutes = static_cast<long long>(epoch) / 60 % 1440;
    char text[8];
    std::snprintf(text, sizeof text, "%02lld:%02lld", minutes / 60, minutes % 60);
    return text;
}

api::KioskRoom Room(Id id, const std::string& name, api::TileState state, bool insights,
                    std::optional<int> people = std::nullopt, int capacity = 8) {
    api::KioskRoom room;
    room.id = id;
    room.account_id = 7;
    room.account_name = "Northwind HQ";
    room.name = name;
    room.site = "Paris";
    room.capacity = capacity;
    room.state = state;
    room.insights = insights;
    room.people = insights ? people : std::nullopt;
    room.devices = 1;
    room.devices_online = state == api::TileState::Offline ? 0 : 1;
    room.devices_offline = state == api::TileState::Offline ? 1 : 0;
    if (insights) {
        room.today.assign(24, std::numeric_limits<double>::quiet_NaN());
        for (int hour = 8; hour < 12; ++hour)
            room.today[static_cast<size_t>(hour)] = 0.25 * (hour - 7);
    }
    return room;
}

api::KioskDashboard Dashboard(const std::string& version, std::vector<api::KioskRoom> rooms) {
    api::KioskDashboard dashboard;
    dashboard.version = version;
    dashboard.generated_at = 1795000000;
    dashboard.title = "Northwind HQ";
    dashboard.rooms = std::move(rooms);
    api::KioskSite site;
    site.account_id = 7;
    site.account_name = "Northwind HQ";
    site.site = "Paris";
    for (const api::KioskRoom& room : dashboard.rooms) {
        ++site.rooms;
        site.free += room.state == api::TileState::Free;
        site.meeting += room.state == api::TileState::Meeting;
        site.occupied += room.state == api::TileState::Occupied;
        site.offline += room.state == api::TileState::Offline;
        site.attention += room.state == api::TileState::Attention;
        if (room.insights && room.people) site.people = site.people.value_or(0) + *room.people;
    }
    dashboard.sites.push_back(site);
    return dashboard;
}

std::vector<api::KioskRoom> ManyRooms(int count) {
    std::vector<api::KioskRoom> rooms;
    for (int i = 1; i <= count; ++i) {
        char name[16];
        std::snprintf(name, sizeof name, "Room %02d", i);
        rooms.push_back(Room(100 + i, name, api::TileState::Free, true, 0));
    }
    return rooms;
}

class KioskView : public AppFrames {
  protected:
    void SetUp() override {
        AppFrames::SetUp();
        ImGui::GetIO().DisplaySize = ImVec2(1280, 720);
    }
    void Open(const std::string& hash = "#/kiosk/ksk_test") {
        app_->OnLocationHash(hash);
        Frames();
    }
    // The dashboard request waiting, or nullptr.
    const PendingTransport::Pending* Pending() {
        for (const auto& pending : transport_.pending) {
            if (pending.request.path.rfind(kDashboardPath, 0) == 0) return &pending;
        }
        return nullptr;
    }
    // Answers the dashboard request waiting; false when there was none.
    bool Answer(int status, const std::string& body) {
        const auto* pending = Pending();
        if (!pending) return false;
        return transport_.Answer(pending->request.path, status, body) == 1;
    }
    bool Answer(const api::KioskDashboard& dashboard) {
        return Answer(200, api::KioskDashboardToJson(dashboard).dump());
    }
    bool Shows(const std::string& text) { return app_->bridge().Find(text) != nullptr; }
    int Count(const std::string& text) {
        int count = 0;
        for (const BridgeItem& item : app_->bridge().items()) count += item.label == text;
        return count;
    }
    nlohmann::json Kiosk() { return nlohmann::json::parse(app_->StateJson())["kiosk"]; }
    double Epoch() { return platform_.EpochSeconds(); }
};

TEST_F(KioskView, AsksOnlyForTheDashboardWithItsBearerToken) {
    Open();
    ASSERT_EQ(transport_.pending.size(), 1u) << transport_.pending.front().request.path;
    const api::HttpRequest& first = transport_.pending.front().request;
    EXPECT_EQ(first.path, kDashboardPath) << "the first asks without since: answered at once";
    bool bearer = false;
    for (const auto& [name, value] : first.headers) {
        bearer |= name == "Authorization" && value == "Bearer ksk_test";
    }
    EXPECT_TRUE(bearer);
    EXPECT_GE(first.timeout_ms, 25000) << "long polled: the transport waits longer than the server";

    ASSERT_TRUE(Answer(Dashboard("b1-4", {Room(1, "Boardroom", api::TileState::Free, true, 0)})));
    Frames();
    ASSERT_EQ(transport_.pending.size(), 1u);
    EXPECT_EQ(transport_.pending.front().request.path,
              "/api/v1/kiosk/dashboard?since=b1-4&wait=25");
    // Minutes later: still no session, no accounts, no catalogue, no health check.
    for (int i = 0; i < 12; ++i) {
        platform_.now += 10;
        Frames(1);
    }
    ASSERT_EQ(transport_.pending.size(), 1u);
    EXPECT_EQ(Request("/api/v1/me"), nullptr);
    EXPECT_EQ(Request("/api/v1/accounts?health=1"), nullptr);
    EXPECT_EQ(Request("/api/v1/catalogue"), nullptr);
    EXPECT_EQ(Request("/api/v1/health"), nullptr);
    EXPECT_FALSE(Shows("Sign in")) << "no sign-in, no shell";
    EXPECT_EQ(Kiosk()["status"], "live");
}

// R-GATE-1: people and today's hours only for rooms with Insights; the others say "Status only".
TEST_F(KioskView, TilesSayTheirStateAndPeopleOnlyWithInsights) {
    Open();
    ASSERT_TRUE(Answer(Dashboard("v1", {Room(1, "Boardroom", api::TileState::Free, true, 0),
                                        Room(2, "Huddle", api::TileState::Meeting, true, 3),
                                        Room(3, "Lobby", api::TileState::Online, false),
                                        Room(4, "Studio", api::TileState::Offline, false)})));
    Frames();
    EXPECT_TRUE(Shows("Northwind HQ"));
    for (const char* text : {"Boardroom", "Huddle", "Lobby", "Studio", "Free", "In a meeting",
                             "Online", "Offline", "0 / 8 people", "3 / 8 people"}) {
        EXPECT_TRUE(Shows(text)) << text;
    }
    EXPECT_EQ(Count("Status only"), 2);
    EXPECT_EQ(Count("0 / 8 people") + Count("3 / 8 people"), 2) << "no count without Insights";
    EXPECT_TRUE(Shows("Paris")) << "the site's totals";
    EXPECT_TRUE(Shows("1 free · 1 in a meeting · 1 offline · 3 people"));

    nlohmann::json kiosk = Kiosk();
    EXPECT_EQ(kiosk["title"], "Northwind HQ");
    EXPECT_EQ(kiosk["version"], "v1");
    ASSERT_EQ(kiosk["rooms"].size(), 4u);
    EXPECT_EQ(kiosk["rooms"][1]["state"], "meeting");
    EXPECT_EQ(kiosk["rooms"][1]["people"], 3);
    EXPECT_EQ(kiosk["rooms"][2]["state"], "online");
    EXPECT_TRUE(kiosk["rooms"][2]["people"].is_null());
    EXPECT_EQ(kiosk["theme"], "dark");
    EXPECT_EQ(kiosk["pages"], 1);
}

TEST_F(KioskView, InFrenchTheWordsAreFrench) {
    app_->SetLocale("fr-FR", [](double) { return 60; });
    Open();
    ASSERT_TRUE(Answer(Dashboard("v1", {Room(1, "Boardroom", api::TileState::Free, true, 2),
                                        Room(3, "Lobby", api::TileState::Online, false)})));
    Frames();
    EXPECT_TRUE(Shows("Libre"));
    EXPECT_TRUE(Shows("2 / 8 personnes"));
    EXPECT_TRUE(Shows("État seulement"));
    EXPECT_TRUE(Shows(UtcClock(Epoch() + 3600))) << "the browser's local time";
    EXPECT_TRUE(app_->state().tr.missing().empty()) << *app_->state().tr.missing().begin();
}

TEST_F(KioskView, ThemeOfTheLinkOrOfTheAddress) {
    Open("#/kiosk/ksk_test?theme=light");
    api::KioskDashboard dashboard = Dashboard("v1", ManyRooms(2));
    dashboard.theme = "dark";
    ASSERT_TRUE(Answer(dashboard));
    Frames();
    EXPECT_EQ(Kiosk()["theme"], "light") << "the address overrides the link";
    app_->OnLocationHash("#/kiosk/ksk_test");
    Frames();
    EXPECT_EQ(Kiosk()["theme"], "dark");
    EXPECT_EQ(transport_.pending.size(), 1u) << "the same link: the loop goes on";
}

TEST_F(KioskView, PagesRotateEvery15SecondsWhenTheTilesDoNotFit) {
    Open();
    ASSERT_TRUE(Answer(Dashboard("v1", ManyRooms(10))));
    Frames();
    EXPECT_EQ(Kiosk()["pages"], 2);
    EXPECT_EQ(Kiosk()["page"], 1);
    EXPECT_TRUE(Shows("Page 1 / 2"));
    EXPECT_TRUE(Shows("Room 01"));
    EXPECT_FALSE(Shows("Room 10"));
    EXPECT_LE(platform_.wake_in, 15.1) << "the next page is a planned wake-up";
    EXPECT_FALSE(app_->WantsAnimation());

    platform_.now += 10;
    Frames();
    EXPECT_TRUE(Shows("Page 1 / 2"));
    platform_.now += 5;
    EXPECT_TRUE(app_->ProcessEvents()) << "the page is due: the screen changes";
    Frames();
    EXPECT_TRUE(Shows("Page 2 / 2"));
    EXPECT_TRUE(Shows("Room 10"));
    EXPECT_FALSE(Shows("Room 01"));
    platform_.now += 15;
    Frames();
    EXPECT_TRUE(Shows("Page 1 / 2"));

    // A 4K screen: the same type, three times as large, and a few rooms fit on one page.
    ImGui::GetIO().DisplaySize = ImVec2(3840, 2160);
    ASSERT_TRUE(Answer(Dashboard("v2", ManyRooms(5))));
    Frames();
    EXPECT_EQ(Kiosk()["pages"], 1);
    EXPECT_FALSE(Shows("Page 1 / 1"));
    for (const char* room : {"Room 01", "Room 03", "Room 05"}) EXPECT_TRUE(Shows(room)) << room;
    const BridgeItem* name = app_->bridge().Find("Room 01");
    ASSERT_NE(name, nullptr);
    EXPECT_GT(name->h, 80) << "large type on a large screen";
}

TEST(KioskLayout, ScalesWithTheScreenAndKeepsTilesReadable) {
    KioskLayout hd = PlanKioskLayout(1280, 720, 10);
    KioskLayout uhd = PlanKioskLayout(3840, 2160, 10);
    EXPECT_FLOAT_EQ(hd.scale, 1.0f);
    EXPECT_FLOAT_EQ(uhd.scale, 3.0f);
    EXPECT_EQ(hd.per_page, uhd.per_page) << "the same page, three times as large";
    EXPECT_EQ(hd.pages, 2);
    EXPECT_NEAR(uhd.tile_width, 3 * hd.tile_width, 1.0f);
    // Every tile of a page lies inside the window.
    for (const KioskLayout& layout : {hd, uhd}) {
        float width = layout.scale * 1280, height = layout.scale * 720;
        EXPECT_LE(2 * layout.margin + layout.columns * layout.tile_width +
                      (layout.columns - 1) * layout.gap,
                  width + 0.5f);
        EXPECT_LE(2 * layout.margin + layout.header_height + layout.strip_height +
                      layout.rows * layout.tile_height + (layout.rows - 1) * layout.gap,
                  height + 0.5f);
    }
    KioskLayout two = PlanKioskLayout(1280, 720, 2);
    EXPECT_EQ(two.pages, 1);
    EXPECT_EQ(two.columns * two.rows, 2) << "a few rooms: larger tiles, no empty slots";
    EXPECT_EQ(PlanKioskLayout(1280, 720, 0).pages, 1);
}

TEST(KioskLayout, TheBurnInShiftStaysWithin8PixelsAndMovesEvery10Minutes) {
    std::set<std::pair<float, float>> places;
    for (double t = 1795000000; t < 1795000000 + 2 * 3600; t += 60) {
        KioskShift shift = KioskShiftAt(t);
        EXPECT_LE(std::hypot(shift.x, shift.y), 8.0f);
        EXPECT_EQ(shift.x, KioskShiftAt(std::floor(t / 600) * 600).x) << "still within 10 min";
        places.insert({shift.x, shift.y});
    }
    EXPECT_GE(places.size(), 6u) << "an orbit, not one place";
}

TEST(KioskClock, HoursAndMinutesOfTheDay) {
    EXPECT_EQ(FormatHourMinute(0), "00:00");
    EXPECT_EQ(FormatHourMinute(1795000000), "11:06");
    EXPECT_EQ(FormatHourMinute(1795000000 + 3600), "12:06");
    EXPECT_EQ(FormatHourMinute(-30), "23:59");
    EXPECT_EQ(FormatUtcMinuteIn(Language::English, 1795000000), "18 Nov 2026 11:06");
    EXPECT_EQ(FormatUtcMinuteIn(Language::French, 1795000000), "18 nov. 2026 11:06");
}

TEST_F(KioskView, ARefusedLinkSaysSoAndStopsAsking) {
    Open();
    ASSERT_TRUE(Answer(Dashboard("v1", ManyRooms(3))));
    Frames();
    ASSERT_TRUE(Answer(401, R"({"error":{"code":"unauthenticated","message":"Sign in."}})"));
    Frames();
    EXPECT_TRUE(Shows("This kiosk link is no longer valid"));
    EXPECT_FALSE(Shows("Room 01")) << "a revoked link shows no data";
    EXPECT_EQ(Kiosk()["status"], "invalid");
    EXPECT_TRUE(Kiosk()["rooms"].empty());
    EXPECT_EQ(Pending(), nullptr);
    EXPECT_EQ(Request("/api/v1/me"), nullptr) << "never the sign-in page";
    platform_.now += 299;
    Frames();
    EXPECT_EQ(Pending(), nullptr);
    // Every 5 minutes, in case the server was confused rather than the link revoked.
    platform_.now += 1.5;
    Frames();
    ASSERT_NE(Pending(), nullptr);
    EXPECT_EQ(Pending()->request.path, kDashboardPath);
    ASSERT_TRUE(Answer(Dashboard("v2", ManyRooms(3))));
    Frames();
    EXPECT_EQ(Kiosk()["status"], "live");
    EXPECT_TRUE(Shows("Room 01"));
}

TEST_F(KioskView, ALostServerKeepsTheLastDataAndSaysWhenItWasFresh) {
    Open();
    ASSERT_TRUE(Answer(Dashboard("v1", ManyRooms(3))));
    double fresh = Epoch();
    Frames();
    EXPECT_EQ(Kiosk()["lastFresh"], static_cast<long long>(fresh));
    EXPECT_FALSE(Shows("Last updated " + UtcClock(fresh) + " (0 min ago) · reconnecting"));

    platform_.now += 125;  // the long poll was cut after two minutes
    ASSERT_TRUE(Answer(0, ""));
    Frames();
    EXPECT_EQ(Kiosk()["status"], "stale");
    EXPECT_TRUE(Shows("Room 01")) << "the last data stays";
    EXPECT_TRUE(Shows("Last updated " + UtcClock(fresh) + " (2 min ago) · reconnecting"));
    EXPECT_EQ(Pending(), nullptr);
    // Backoff: 1, 2, 4 ... seconds, with the screen asleep in between.
    EXPECT_LE(platform_.wake_in, 1.1);
    platform_.now += 1.1;
    Frames();
    ASSERT_TRUE(Answer(503, R"({"error":{"code":"unavailable","message":"Restarting."}})"));
    Frames();
    EXPECT_EQ(Pending(), nullptr);
    platform_.now += 1.1;
    Frames();
    EXPECT_EQ(Pending(), nullptr) << "the second wait is 2 s";
    platform_.now += 1;
    Frames();
    ASSERT_NE(Pending(), nullptr);
    EXPECT_EQ(Pending()->request.path, "/api/v1/kiosk/dashboard?since=v1&wait=25");
    // Back: live again, the warning gone.
    ASSERT_TRUE(Answer(Dashboard("v2", ManyRooms(4))));
    Frames();
    EXPECT_EQ(Kiosk()["status"], "live");
    EXPECT_TRUE(Shows("Room 04"));
    EXPECT_FALSE(Shows("Last updated " + UtcClock(fresh) + " (2 min ago) · reconnecting"));
    EXPECT_EQ(Kiosk()["lastFresh"], static_cast<long long>(Epoch()));
}

TEST_F(KioskView, TheBackoffStopsAt30Seconds) {
    Open();
    ASSERT_TRUE(Answer(Dashboard("v1", ManyRooms(1))));
    Frames();
    double longest = 0;
    for (int attempt = 0; attempt < 9; ++attempt) {
        ASSERT_TRUE(Answer(0, "")) << attempt;
        Frames();
        double failed_at = platform_.now;
        while (!Pending()) {
            platform_.now += 0.5;
            Frames(1);
        }
        longest = std::max(longest, platform_.now - failed_at);
    }
    EXPECT_GE(longest, 29.5);
    EXPECT_LE(longest, 30.5);
}

TEST_F(KioskView, AnAnswerThatChangesNothingDrawsNothing) {
    Open();
    api::KioskDashboard dashboard = Dashboard("v1", ManyRooms(3));
    ASSERT_TRUE(Answer(dashboard));
    Frames();
    int redraws = platform_.redraws;
    long long frames = Kiosk()["framesDrawn"];
    // After the wait the server answers again, the same but for generatedAt.
    platform_.now += 25;
    dashboard.generated_at += 25;
    ASSERT_TRUE(Answer(dashboard));
    EXPECT_FALSE(app_->ProcessEvents()) << "nothing on screen changed";
    EXPECT_EQ(platform_.redraws, redraws) << "no redraw asked";
    EXPECT_NEAR(platform_.wake_in, 60.0 - std::fmod(Epoch(), 60.0), 0.05)
        << "without a frame, the next minute is still planned";
    ASSERT_NE(Pending(), nullptr) << "the next poll is on its way";
    EXPECT_EQ(Kiosk()["framesDrawn"], frames);

    dashboard.rooms[0].state = api::TileState::Meeting;
    dashboard.version = "v2";
    ASSERT_TRUE(Answer(dashboard));
    EXPECT_TRUE(app_->ProcessEvents());
    EXPECT_GT(platform_.redraws, redraws);
    Frames();
    EXPECT_TRUE(Shows("In a meeting"));
}

TEST_F(KioskView, SleepsUntilTheNextMinuteWithoutAnimation) {
    Open();
    ASSERT_TRUE(Answer(Dashboard("v1", ManyRooms(3))));
    Frames();
    EXPECT_FALSE(app_->WantsAnimation());
    double to_minute = 60.0 - std::fmod(Epoch(), 60.0);
    EXPECT_NEAR(platform_.wake_in, to_minute, 0.05) << "the clock's next minute";
    EXPECT_TRUE(Shows(UtcClock(Epoch())));
    platform_.now += to_minute - 1;
    EXPECT_FALSE(app_->ProcessEvents()) << "nothing due yet";
    platform_.now += 1.01;
    EXPECT_TRUE(app_->ProcessEvents()) << "the minute turned";
    Frames();
    EXPECT_TRUE(Shows(UtcClock(Epoch())));
}

// Weeks on a wall: hours of changing telemetry replayed fast, with outages, through the same
// loop. What the app keeps, and how often it draws, must not grow (measured, not assumed).
TEST_F(KioskView, ALongRunKeepsMemoryAndFramesFlat) {
    Open();
    struct Footprint {
        size_t dashboard = 0;  // bytes held by the dashboard and its JSON
        size_t app = 0;
        size_t items = 0;
        size_t pending = 0;
    };
    auto measure = [&] {
        const KioskState& kiosk = app_->state().kiosk;
        Footprint footprint;
        footprint.dashboard = kiosk.shown_json.capacity();
        if (kiosk.dashboard) {
            footprint.dashboard += kiosk.dashboard->rooms.capacity() * sizeof(api::KioskRoom) +
                                   kiosk.dashboard->sites.capacity() * sizeof(api::KioskSite) +
                                   kiosk.dashboard->version.capacity();
            for (const api::KioskRoom& room : kiosk.dashboard->rooms) {
                footprint.dashboard +=
                    room.today.capacity() * sizeof(double) + room.name.capacity();
            }
        }
        footprint.app = app_->RetainedItems() + app_->state().tr.missing().size();
        footprint.items = app_->bridge().items().capacity();
        footprint.pending = transport_.pending.size();
        return footprint;
    };
    constexpr int kAnswers = 5000;
    constexpr int kPerHour = 1800;  // an answer every 2 s: the rooms' telemetry moving
    Footprint early{}, late{};
    int redraws_first_hour = 0, redraws_last_hour = 0;
    for (int i = 0; i < kAnswers; ++i) {
        // The same rooms, their people and states moving as the day goes.
        std::vector<api::KioskRoom> rooms;
        for (int r = 0; r < 6; ++r) {
            int people = (i + r) % 9;
            api::TileState state = people == 0        ? api::TileState::Free
                                   : (i + r) % 3 == 0 ? api::TileState::Meeting
                                                      : api::TileState::Occupied;
            rooms.push_back(Room(100 + r, "Room " + std::to_string(r), state, r % 4 != 3, people));
            if (rooms.back().insights)
                rooms.back().today[static_cast<size_t>(i % 24)] = (i % 10) / 10.0;
        }
        int redraws = platform_.redraws;
        if (i % 500 == 250) {
            ASSERT_TRUE(Answer(0, "")) << i;  // an outage, then the backoff's retry
            Frames(1);
            platform_.now += 1.1;
            Frames(1);
        }
        ASSERT_TRUE(Answer(Dashboard("v" + std::to_string(i), std::move(rooms)))) << i;
        platform_.now += 2;
        Frames(i % 10 == 0 ? 1 : 0);
        if (i % 10 != 0) app_->ProcessEvents();
        int drawn = platform_.redraws - redraws;
        if (i < kPerHour) redraws_first_hour += drawn;
        if (i >= kAnswers - kPerHour) redraws_last_hour += drawn;
        auto keep_max = [](Footprint& into, const Footprint& now) {
            into.dashboard = std::max(into.dashboard, now.dashboard);
            into.app = std::max(into.app, now.app);
            into.items = std::max(into.items, now.items);
            into.pending = std::max(into.pending, now.pending);
        };
        if (i >= 100 && i < 600) keep_max(early, measure());
        if (i >= kAnswers - 500) keep_max(late, measure());
    }
    EXPECT_LE(late.dashboard, early.dashboard);
    EXPECT_LE(late.app, early.app);
    EXPECT_LE(late.items, early.items);
    EXPECT_LE(late.pending, early.pending);
    EXPECT_LE(redraws_last_hour, redraws_first_hour + redraws_first_hour / 10);
    EXPECT_EQ(Kiosk()["status"], "live");
}

TEST_F(KioskView, LeavingTheKioskStopsItsLoop) {
    Open();
    ASSERT_TRUE(Answer(Dashboard("v1", ManyRooms(2))));
    Frames();
    ASSERT_NE(Pending(), nullptr);
    app_->OnLocationHash("#/");
    Frames();
    EXPECT_TRUE(Kiosk().is_null());
    EXPECT_NE(Request("/api/v1/me"), nullptr) << "the portal again";
    // The answer to the request left behind changes nothing.
    ASSERT_TRUE(Answer(Dashboard("v2", ManyRooms(5))));
    Frames();
    EXPECT_EQ(Pending(), nullptr);
    EXPECT_FALSE(app_->state().kiosk.dashboard.has_value());
}

// ---------------------------------------------------------------------------------------------
// The Insights page's "Kiosk links" section

using portal::testing::D;

class KioskLinksView : public AppFrames {
  protected:
    void SetUp() override {
        AppFrames::SetUp();
        ImGui::GetIO().DisplaySize = ImVec2(1280, 4000);
        account = world.Account(world.Parent("Northwind"));
        boardroom = world.Room(account, "Boardroom");
        huddle = world.Room(account, "Huddle");
        for (portal::Room& room : world.state.rooms)
            room.site = room.id == boardroom ? "Paris" : "Lyon";
    }
    void Open(const std::string& me = kMe, const std::string& role = "admin") {
        app_->OnLocationHash("#/insights?account=7");
        Frames();
        transport_.Answer("/api/v1/health", 200, kHealth);
        transport_.Answer("/api/v1/catalogue", 200, catalogue_json_);
        ASSERT_EQ(transport_.Answer("/api/v1/me", 200, me), 1);
        Frames();
        ASSERT_EQ(transport_.Answer("/api/v1/accounts?health=1", 200,
                                    R"({"accounts":[{"id":7,"name":"Northwind HQ",)"
                                    R"("kind":"headquarters","role":")" +
                                        role + R"("}]})"),
                  1);
        Frames();
        ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/state", 200,
                                    api::StateToJson(world.state).dump()),
                  1);
        Frames();
    }
    bool Shows(const std::string& text) { return app_->bridge().Find(text) != nullptr; }
    // Fills the form (name, a site, the light theme), sends it and shows the new link's URL.
    void CreateLink() {
        Type("Link name", "Reception");
        Click("Paris");
        Click("Light");
        Click("Create kiosk link");
        const auto* sent = Request("/api/v1/accounts/7/kiosk-links", "POST");
        ASSERT_NE(sent, nullptr);
        api::Json body = api::Json::parse(sent->request.body);
        EXPECT_EQ(body["name"], "Reception");
        EXPECT_EQ(body["sites"], api::Json::array({"Paris"}));
        EXPECT_EQ(body["theme"], "light");
        EXPECT_FALSE(body.contains("expiresAt"));

        api::KioskLink created;
        created.id = 32;
        created.name = "Reception";
        created.account_id = 7;
        created.theme = "light";
        created.created_at = 1795000100;
        created.token = "ksk_s3cret";
        created.url = "https://portal.example.com/#/kiosk/ksk_s3cret";
        ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/kiosk-links", 201,
                                    api::KioskLinkToJson(created).dump()),
                  1);
        Frames();
        EXPECT_TRUE(Shows("https://portal.example.com/#/kiosk/ksk_s3cret"));
    }
    // The one link of the list, as the server answers it.
    std::string Links() {
        api::KioskLink link;
        link.id = 31;
        link.name = "Lobby screen";
        link.account_id = 7;
        link.sites = {"Paris"};
        link.created_at = 1795000000;
        link.created_by = 1;
        return api::KioskLinksToJson({link}).dump();
    }

    portal::testing::World world;
    Id account = 0, boardroom = 0, huddle = 0;
};

TEST_F(KioskLinksView, AdminsMakeALinkAndSeeItsUrlOnce) {
    Open();
    ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/kiosk-links", 200, Links()), 1);
    Frames();
    EXPECT_TRUE(Shows("Kiosk links"));
    EXPECT_TRUE(Shows("Lobby screen"));
    EXPECT_TRUE(Shows("18 Nov 2026 11:06")) << "created";
    EXPECT_TRUE(Shows("Paris")) << "its scope";
    EXPECT_EQ(Request("/api/v1/partners/", "GET"), nullptr);
    EXPECT_FALSE(Shows("All customers of your partner organisation")) << "not a partner";

    CreateLink();
    Click("Copy");
    ASSERT_EQ(platform_.copied.size(), 1u);
    EXPECT_EQ(platform_.copied.back(), "https://portal.example.com/#/kiosk/ksk_s3cret");
    EXPECT_NE(Request("/api/v1/accounts/7/kiosk-links", "GET"), nullptr) << "the list again";
    Click("Done");
    EXPECT_FALSE(Shows("https://portal.example.com/#/kiosk/ksk_s3cret")) << "shown once";
}

TEST_F(KioskLinksView, OpenShowsTheKioskInThisTab) {
    Open();
    ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/kiosk-links", 200, Links()), 1);
    Frames();
    CreateLink();
    Click("Open");
    ASSERT_FALSE(platform_.hashes.empty());
    EXPECT_EQ(platform_.hashes.back(), "#/kiosk/ksk_s3cret");
    const auto* request = Request(kDashboardPath);
    ASSERT_NE(request, nullptr);
    bool bearer = false;
    for (const auto& [name, value] : request->request.headers) {
        bearer |= name == "Authorization" && value == "Bearer ksk_s3cret";
    }
    EXPECT_TRUE(bearer);
    EXPECT_FALSE(Shows("Kiosk links")) << "no shell, no portal page";
}

TEST_F(KioskLinksView, ABadExpiryDateIsNotSent) {
    Open();
    transport_.Answer("/api/v1/accounts/7/kiosk-links", 200, R"({"kioskLinks":[]})");
    Frames();
    EXPECT_TRUE(Shows("No kiosk link yet."));
    Type("Expires (YYYY-MM-DD, optional)", "next week");
    Click("Create kiosk link");
    EXPECT_EQ(Request("/api/v1/accounts/7/kiosk-links", "POST"), nullptr);
    EXPECT_TRUE(Shows("Enter the expiry date as YYYY-MM-DD, or leave it empty."));
}

TEST_F(KioskLinksView, AnExpiryDateEndsWithThatDay) {
    Open();
    transport_.Answer("/api/v1/accounts/7/kiosk-links", 200, R"({"kioskLinks":[]})");
    Frames();
    Type("Expires (YYYY-MM-DD, optional)", "2026-12-31");
    Click("Create kiosk link");
    const auto* sent = Request("/api/v1/accounts/7/kiosk-links", "POST");
    ASSERT_NE(sent, nullptr);
    EXPECT_EQ(api::Json::parse(sent->request.body)["expiresAt"], "2027-01-01T00:00:00Z");
}

TEST_F(KioskLinksView, RevokeDeletesTheLink) {
    Open();
    ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/kiosk-links", 200, Links()), 1);
    Frames();
    Click("Revoke");
    ASSERT_NE(Request("/api/v1/kiosk-links/31", "DELETE"), nullptr);
    ASSERT_EQ(transport_.Answer("/api/v1/kiosk-links/31", 204, ""), 1);
    Frames();
    EXPECT_NE(Request("/api/v1/accounts/7/kiosk-links", "GET"), nullptr) << "the list again";
}

TEST_F(KioskLinksView, APartnerAdminCanSpanAllItsCustomers) {
    Open(R"({"user":{"id":1,"email":"anne@example.com","name":"Anne","language":"en"},)"
         R"("memberships":[],"delegations":[{"accountId":7,"role":"admin","partnerOrgId":4}],)"
         R"("operator":false})");
    ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/kiosk-links", 200, R"({"kioskLinks":[]})"), 1);
    ASSERT_EQ(transport_.Answer("/api/v1/partners/4/kiosk-links", 200, R"({"kioskLinks":[]})"), 1);
    Frames();
    Click("All customers of your partner organisation");
    EXPECT_FALSE(Shows("Paris")) << "a partner link spans whole customers";
    Click("Create kiosk link");
    const auto* sent = Request("/api/v1/partners/4/kiosk-links", "POST");
    ASSERT_NE(sent, nullptr);
    api::Json body = api::Json::parse(sent->request.body);
    EXPECT_FALSE(body.contains("sites")) << "the server refuses them on a partner link";
    EXPECT_FALSE(body.contains("rooms"));
    EXPECT_EQ(Request("/api/v1/accounts/7/kiosk-links", "POST"), nullptr);
}

TEST_F(KioskLinksView, ReadOnlyMembersDoNotManageLinks) {
    Open(kMe, "readonly");
    EXPECT_TRUE(Shows("Kiosk links are managed by the account's admins."));
    EXPECT_EQ(Request("/api/v1/accounts/7/kiosk-links"), nullptr);
    EXPECT_FALSE(Shows("Create kiosk link"));
}

// Issue 17: the wall display reads as a page: a main landmark, the title as the level-1 heading,
// each room a level-2 heading with its state and people as text, the clock, and today's bars as
// a picture with a one-sentence summary.
TEST_F(KioskView, AScreenReaderReadsTheWallDisplay) {
    Open();
    ASSERT_TRUE(Answer(Dashboard("v1", {Room(1, "Boardroom", api::TileState::Free, true, 2),
                                        Room(2, "Lobby", api::TileState::Online, false)})));
    Frames();
    const TestBridge& bridge = app_->bridge();
    auto in_main = [&](const MirrorNode* node) {
        while (node && node->parent) {
            node = bridge.FindNode(node->parent);
            if (node && node->role == MirrorRole::Main) return true;
        }
        return false;
    };
    const MirrorNode* title = bridge.FindNode(MirrorRole::Heading, "Northwind HQ");
    ASSERT_NE(title, nullptr);
    EXPECT_EQ(title->level, 1);
    EXPECT_TRUE(in_main(title));
    for (const char* room : {"Boardroom", "Lobby"}) {
        const MirrorNode* heading = bridge.FindNode(MirrorRole::Heading, room);
        ASSERT_NE(heading, nullptr) << room;
        EXPECT_EQ(heading->level, 2) << room;
        EXPECT_TRUE(in_main(heading)) << room;
    }
    for (const std::string text :
         {std::string("Free"), std::string("Online"), std::string("2 / 8 people"),
          std::string("Status only"), UtcClock(Epoch())}) {
        const MirrorNode* node = bridge.FindNode(MirrorRole::Text, text);
        ASSERT_NE(node, nullptr) << text;
        EXPECT_TRUE(in_main(node)) << text;
    }
    const MirrorNode* today = bridge.FindNode(MirrorRole::Img, "Occupancy today by hour");
    ASSERT_NE(today, nullptr);
    EXPECT_EQ(today->description, "Highest today: 100 % at 11:00.");
}

}  // namespace
}  // namespace portal::app
