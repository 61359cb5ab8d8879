// Kiosk JSON: links, the create request and the dashboard read back what the writers produce,
// hours without data stay null (not zero), and a wrong field is named by its path.
#include "api/kiosk_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace portal::api {
namespace {

std::vector<std::string> FieldsOf(const std::vector<FieldError>& errors) {
    std::vector<std::string> fields;
    for (const FieldError& error : errors) fields.push_back(error.field);
    return fields;
}

KioskDashboard SampleDashboard() {
    KioskDashboard dashboard{.version = "b1-42",
                             .generated_at = 1795000000,
                             .title = "Contoso",
                             .theme = "light",
                             .expires_at = 1796000000,
                             .sites = {},
                             .rooms = {}};
    // Contoso's Paris site: 2 rooms, one occupied and one offline, 4 people.
    dashboard.sites.push_back(KioskSite{3, "Contoso", "Paris", /*rooms=*/2, /*free=*/0,
                                        /*meeting=*/0, /*occupied=*/1, /*offline=*/1,
                                        /*attention=*/0, /*people=*/4});
    std::vector<double> today(24, std::numeric_limits<double>::quiet_NaN());
    today[9] = 0.5;
    today[10] = 0;
    dashboard.rooms.push_back({.id = 7,
                               .account_id = 3,
                               .account_name = "Contoso",
                               .name = "Boardroom",
                               .site = "Paris",
                               .capacity = 8,
                               .time_zone = "Europe/Paris",
                               .state = TileState::Meeting,
                               .insights = true,
                               .people = 4,
                               .people_at = 1794999900,
                               .meeting_ends = 1795001800,
                               .devices = 2,
                               .devices_online = 2,
                               .devices_offline = 0,
                               .today = today});
    // Status only (R-GATE-1): the same site's next room without people, meeting or today.
    KioskRoom status_only = dashboard.rooms.back();
    status_only.id = 8;
    status_only.name = "Huddle";
    status_only.time_zone.clear();
    status_only.state = TileState::Offline;
    status_only.insights = false;
    status_only.people.reset();
    status_only.people_at.reset();
    status_only.meeting_ends.reset();
    status_only.today.clear();
    std::swap(status_only.devices_online, status_only.devices_offline);
    dashboard.rooms.push_back(status_only);
    return dashboard;
}

TEST(KioskJson, DashboardRoundTripsWithNullsForMissingHours) {
    KioskDashboard dashboard = SampleDashboard();
    Json json = KioskDashboardToJson(dashboard);
    EXPECT_EQ(json["generatedAt"], "2026-11-18T11:06:40Z");
    EXPECT_EQ(json["rooms"][0]["state"], "meeting");
    ASSERT_EQ(json["rooms"][0]["today"].size(), 24u);
    EXPECT_TRUE(json["rooms"][0]["today"][0].is_null()) << "an hour without data is not zero";
    EXPECT_EQ(json["rooms"][0]["today"][10], 0.0);
    EXPECT_TRUE(json["rooms"][1]["today"].is_null()) << "status only: no today (R-GATE-1)";
    EXPECT_TRUE(json["rooms"][1]["people"].is_null());
    EXPECT_TRUE(json["rooms"][1]["timeZone"].is_null());

    KioskDashboard again;
    std::vector<FieldError> errors;
    ASSERT_TRUE(KioskDashboardFromJson(json, again, errors)) << errors[0].field;
    ASSERT_EQ(again.rooms.size(), 2u);
    const KioskRoom& room = again.rooms[0];
    EXPECT_EQ(room.state, TileState::Meeting);
    EXPECT_EQ(room.people, 4);
    EXPECT_EQ(room.meeting_ends, 1795001800);
    ASSERT_EQ(room.today.size(), 24u);
    EXPECT_TRUE(std::isnan(room.today[0]));
    EXPECT_DOUBLE_EQ(room.today[9], 0.5);
    EXPECT_DOUBLE_EQ(room.today[10], 0.0);
    EXPECT_TRUE(again.rooms[1].today.empty());
    EXPECT_FALSE(again.rooms[1].people.has_value());
    EXPECT_EQ(again.sites[0].people, 4);
    EXPECT_EQ(again.expires_at, 1796000000);
    EXPECT_EQ(KioskDashboardToJson(again), json);
}

TEST(KioskJson, DashboardNamesTheWrongField) {
    Json json = KioskDashboardToJson(SampleDashboard());
    json["rooms"][0]["state"] = "busy";
    json["rooms"][0]["today"][3] = "half";
    json["sites"][0]["people"] = "many";
    json["theme"] = "neon";
    KioskDashboard dashboard;
    std::vector<FieldError> errors;
    EXPECT_FALSE(KioskDashboardFromJson(json, dashboard, errors));
    EXPECT_EQ(FieldsOf(errors), (std::vector<std::string>{"theme", "sites[0].people",
                                                          "rooms[0].state", "rooms[0].today[3]"}));
}

TEST(KioskJson, TileStatesHaveTheContractsNames) {
    for (const char* name :
         {"free", "meeting", "occupied", "offline", "attention", "online", "unknown"}) {
        TileState state = TileState::Free;
        ASSERT_TRUE(TileStateFrom(name, state)) << name;
        EXPECT_STREQ(TileStateName(state), name);
    }
    TileState state = TileState::Free;
    EXPECT_FALSE(TileStateFrom("busy", state));
}

TEST(KioskJson, LinkRoundTripsAndShowsTheTokenOnlyWhenSet) {
    KioskLink link;
    link.id = 5;
    link.name = "Lobby screen";
    link.account_id = 3;
    link.sites = {"Paris"};
    link.rooms = {7, 8};
    link.theme = "light";
    link.created_at = 1795000000;
    link.created_by = 2;
    link.expires_at = 1796000000;
    Json listed = KioskLinkToJson(link);
    EXPECT_FALSE(listed.contains("token"));
    EXPECT_FALSE(listed.contains("url"));
    EXPECT_TRUE(listed["partnerOrgId"].is_null());
    EXPECT_TRUE(listed["revokedAt"].is_null());
    link.token = "ksk_abc";
    link.url = "http://portal.example/#/kiosk/ksk_abc";
    Json created = KioskLinkToJson(link);
    EXPECT_EQ(created["token"], "ksk_abc");

    std::vector<KioskLink> links;
    std::vector<FieldError> errors;
    ASSERT_TRUE(KioskLinksFromJson(KioskLinksToJson({link}), links, errors)) << errors[0].field;
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].partner_org_id, 0);
    EXPECT_EQ(links[0].rooms, (std::vector<Id>{7, 8}));
    EXPECT_EQ(links[0].url, link.url);
    EXPECT_EQ(KioskLinkToJson(links[0]), created);

    Json broken = listed;
    broken["createdAt"] = "yesterday";
    EXPECT_FALSE(KioskLinksFromJson(Json{{"kioskLinks", {broken}}}, links, errors));
    EXPECT_EQ(errors.back().field, "kioskLinks[0].createdAt");
}

TEST(KioskJson, RequestNamesEachWrongFieldAndDefaultsTheTheme) {
    KioskLinkRequest request;
    std::vector<FieldError> errors;
    ASSERT_TRUE(KioskLinkRequestFromJson(Json::object(), request, errors));
    EXPECT_EQ(request.theme, "dark");
    EXPECT_TRUE(request.name.empty());
    EXPECT_FALSE(request.expires_at.has_value());

    Json json = {{"name", std::string(121, 'x')},
                 {"sites", {"Paris", 3}},
                 {"rooms", {4, -1}},
                 {"expiresAt", "tomorrow"},
                 {"theme", "blue"}};
    EXPECT_FALSE(KioskLinkRequestFromJson(json, request, errors));
    EXPECT_EQ(FieldsOf(errors),
              (std::vector<std::string>{"name", "sites[1]", "rooms[1]", "expiresAt", "theme"}));

    request = {};
    request.name = "Lobby";
    request.rooms = {4};
    request.expires_at = 1796000000;
    request.theme = "light";
    KioskLinkRequest again;
    errors.clear();
    ASSERT_TRUE(KioskLinkRequestFromJson(KioskLinkRequestToJson(request), again, errors));
    EXPECT_EQ(again.name, "Lobby");
    EXPECT_EQ(again.rooms, (std::vector<Id>{4}));
    EXPECT_EQ(again.expires_at, 1796000000);
    EXPECT_EQ(again.theme, "light");
}

}  // namespace
}  // namespace portal::api
