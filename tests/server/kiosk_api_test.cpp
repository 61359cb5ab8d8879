// Kiosk links and the kiosk dashboard through the real server (issue 7): links made by account
// admins, operators and partner admins (the token shown once, stored hashed, revocable, with an
// expiry), the dashboard's bearer-only access, its scope (sites, rooms, a partner's delegating
// customers), tile states from telemetry, R-GATE-1 (status only without Insights), today's
// hours, and the long poll (woken by telemetry, and by a revocation within seconds).
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <set>
#include <thread>

#include "api/kiosk_json.h"
#include "api_fixture.h"
#include "core/telemetry.h"
#include "model_fixture.h"
#include "server/database.h"
#include "server/password.h"

namespace portal::server {
namespace {

using Json = api::Json;
using Steady = std::chrono::steady_clock;
using telemetry::FormatUtcTime;
using telemetry::Seconds;
using testing::ApiAnswer;
using testing::ApiClient;
using testing::ApiTest;
using testing::Str;

constexpr Seconds kHour = 3600;
constexpr Seconds kDay = 86400;

class KioskApiTest : public ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        anne_ = std::make_unique<ApiClient>(SignInAs(testing::kAnne));
        hq_ = NorthwindHq();
        // The first room of HQ with Insights and the first without.
        ApiAnswer listed = anne_->Get("/api/v1/accounts/" + Str(hq_) + "/rooms");
        ASSERT_EQ(listed.status, 200) << listed.body;
        for (const Json& room : listed.json["rooms"]) {
            Id& first = room["insights"].get<bool>() ? licensed_ : unlicensed_;
            if (first == 0) first = room["id"].get<Id>();
        }
        ASSERT_NE(licensed_ * unlicensed_, 0) << "the demo's HQ has rooms with and without";
        ApiAnswer agent = anne_->Post("/api/v1/accounts/" + Str(hq_) + "/agent-tokens",
                                      {{"name", "Kiosk test agent"}});
        ASSERT_EQ(agent.status, 201) << agent.body;
        agent_ = agent.json["token"];
    }

    Seconds Now() const {
        return std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch())
            .count();
    }

    ApiAnswer PostLink(const ApiClient& client, Id account, const Json& body) const {
        return client.Post("/api/v1/accounts/" + Str(account) + "/kiosk-links", body);
    }
    // A new link of Northwind HQ made by Anne; its token.
    std::string NewLink(const Json& body = Json::object()) const {
        ApiAnswer answer = PostLink(*anne_, hq_, body);
        EXPECT_EQ(answer.status, 201) << answer.body;
        return answer.json.is_object() ? answer.json.value("token", "") : "";
    }
    Id LinkId(const std::string& token) const {
        return QueryInt("SELECT id FROM kiosk_links WHERE token_hash = '" + Sha256Hex(token) + "'");
    }

    // What a wall display sends: the bearer token, no cookie.
    ApiAnswer Dashboard(const std::string& token, const std::string& query = "") const {
        httplib::Headers headers;
        if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
        return Anonymous().Get("/api/v1/kiosk/dashboard" + query, headers);
    }

    ApiAnswer SendTelemetry(const Json& events) {
        httplib::Client client("127.0.0.1", server_->Port());
        httplib::Headers headers = {{"Authorization", "Bearer " + agent_}};
        Json batch = {{"batchId", "kiosk-" + std::to_string(++batches_)}, {"events", events}};
        auto result = client.Post("/api/v1/telemetry", headers, batch.dump(), "application/json");
        ApiAnswer answer;
        if (!result) return answer;
        answer.status = result->status;
        answer.body = result->body;
        return answer;
    }
    static Json Occupancy(Id room, Seconds at, int people) {
        return {
            {"type", "occupancy"}, {"roomId", room}, {"at", FormatUtcTime(at)}, {"people", people}};
    }
    static Json Meeting(Id room, Seconds start, Seconds end) {
        return {{"type", "meeting"},
                {"roomId", room},
                {"start", FormatUtcTime(start)},
                {"end", FormatUtcTime(end)}};
    }
    static Json Device(const std::string& serial, Seconds at, bool online) {
        return {{"type", "device"},
                {"serial", serial},
                {"at", FormatUtcTime(at)},
                {"status", online ? "online" : "offline"}};
    }

    void Exec(const std::string& sql) const {
        auto db = testing::OpenRaw(DatabaseTarget(config_));
        ASSERT_TRUE(db->Exec(sql.c_str())) << sql << ": " << db->LastMessage();
    }
    // A room with no telemetry and no devices yet, in a zone ("": UTC).
    void Fresh(Id room, const std::string& zone = "") const {
        std::string id = Str(room);
        Exec("UPDATE rooms SET time_zone = " + (zone.empty() ? "NULL" : "'" + zone + "'") +
             " WHERE id = " + id);
        for (const char* table :
             {"occupancy_events", "meetings", "room_hours", "room_hours_state", "room_status"}) {
            Exec(std::string("DELETE FROM ") + table + " WHERE room_id = " + id);
        }
        Exec("UPDATE devices SET room_id = NULL WHERE room_id = " + id);
    }
    // A device placed in the room.
    void AddDevice(Id room, const std::string& serial) const {
        Exec("INSERT INTO devices(serial, account_id, product, room_id, purchase_date) SELECT '" +
             serial + "', account_id, 'tap', id, '2026-01-05' FROM rooms WHERE id = " + Str(room));
    }

    static const Json* Tile(const ApiAnswer& dashboard, Id room) {
        for (const Json& entry : dashboard.json["rooms"]) {
            if (entry["id"].get<Id>() == room) return &entry;
        }
        return nullptr;
    }
    static std::set<Id> Accounts(const ApiAnswer& dashboard) {
        std::set<Id> accounts;
        for (const Json& entry : dashboard.json["rooms"]) {
            accounts.insert(entry["accountId"].get<Id>());
        }
        return accounts;
    }
    std::string StateOf(const std::string& token, Id room) const {
        ApiAnswer dashboard = Dashboard(token);
        EXPECT_EQ(dashboard.status, 200) << dashboard.body;
        const Json* tile = Tile(dashboard, room);
        return tile ? (*tile)["state"].get<std::string>() : "(missing)";
    }

    std::unique_ptr<ApiClient> anne_;
    Id hq_ = 0;
    Id licensed_ = 0;
    Id unlicensed_ = 0;
    std::string agent_;
    int batches_ = 0;
};

void ExpectUnauthenticated(const ApiAnswer& answer, const std::string& what) {
    EXPECT_EQ(answer.status, 401) << what << ": " << answer.body;
    EXPECT_EQ(answer.ErrorCode(), "unauthenticated") << what;
    EXPECT_EQ(answer.Header("WWW-Authenticate"), "Bearer") << what;
}

TEST_F(KioskApiTest, ALinkIsShownOnceStoredHashedListedAndRevoked) {
    ApiAnswer created = PostLink(*anne_, hq_, {{"name", "Lobby screen"}, {"theme", "light"}});
    ASSERT_EQ(created.status, 201) << created.body;
    api::KioskLink link;
    std::vector<api::FieldError> errors;
    ASSERT_TRUE(api::KioskLinkFromJson(created.json, link, errors)) << created.body;
    EXPECT_EQ(link.name, "Lobby screen");
    EXPECT_EQ(link.account_id, hq_);
    EXPECT_EQ(link.partner_org_id, 0);
    EXPECT_EQ(link.theme, "light");
    EXPECT_EQ(link.created_by, UserNamed(testing::kAnne.email));
    ASSERT_EQ(link.token.rfind("ksk_", 0), 0u) << link.token;
    EXPECT_GE(link.token.size(), 4u + 43u) << "256 random bits";
    ASSERT_GT(link.url.size(), link.token.size());
    EXPECT_EQ(link.url.substr(link.url.size() - link.token.size() - 9), "/#/kiosk/" + link.token);

    EXPECT_EQ(LinkId(link.token), link.id) << "the hash is stored";
    EXPECT_EQ(QueryInt("SELECT count(*) FROM kiosk_links WHERE token_hash = '" + link.token +
                       "' OR name = '" + link.token + "'"),
              0);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM audit_log WHERE action = 'kiosk_link.create'"), 1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM audit_log WHERE after LIKE '%" + link.token + "%'"), 0)
        << "the audit log never holds the token";

    std::string second = NewLink();  // default name and theme
    ApiAnswer list = anne_->Get("/api/v1/accounts/" + Str(hq_) + "/kiosk-links");
    ASSERT_EQ(list.status, 200) << list.body;
    ASSERT_EQ(list.json["kioskLinks"].size(), 2u);
    const Json& newest = list.json["kioskLinks"][0];
    EXPECT_EQ(newest["id"], LinkId(second)) << "newest first";
    EXPECT_EQ(newest["name"], "Kiosk");
    EXPECT_EQ(newest["theme"], "dark");
    for (const Json& entry : list.json["kioskLinks"]) {
        EXPECT_FALSE(entry.contains("token")) << "shown once";
        EXPECT_FALSE(entry.contains("url"));
    }

    ApiAnswer dashboard = Dashboard(link.token);
    ASSERT_EQ(dashboard.status, 200) << dashboard.body;
    EXPECT_EQ(dashboard.json["title"], "Northwind Traders — Siège");
    EXPECT_EQ(dashboard.json["theme"], "light");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM kiosk_links WHERE last_used_at IS NOT NULL AND id = " +
                       Str(link.id)),
              1);

    EXPECT_EQ(anne_->Delete("/api/v1/kiosk-links/" + Str(link.id)).status, 204);
    EXPECT_EQ(anne_->Delete("/api/v1/kiosk-links/" + Str(link.id)).status, 204) << "again: 204";
    EXPECT_EQ(QueryInt("SELECT count(*) FROM audit_log WHERE action = 'kiosk_link.revoke'"), 1);
    ExpectUnauthenticated(Dashboard(link.token), "revoked");
    EXPECT_EQ(Dashboard(second).status, 200) << "the other link still works";
    list = anne_->Get("/api/v1/accounts/" + Str(hq_) + "/kiosk-links");
    EXPECT_FALSE(list.json["kioskLinks"][1]["revokedAt"].is_null());
}

TEST_F(KioskApiTest, OnlyAValidBearerTokenOpensTheDashboard) {
    std::string token = NewLink({{"expiresAt", FormatUtcTime(Now() + kHour)}});
    EXPECT_EQ(Dashboard(token).status, 200);
    ExpectUnauthenticated(Dashboard(""), "no bearer");
    ExpectUnauthenticated(Dashboard("ksk_" + std::string(43, 'A')), "unknown token");
    ExpectUnauthenticated(anne_->Get("/api/v1/kiosk/dashboard"), "a session cookie only");

    // A kiosk token anywhere else is nobody (the authorisation matrix checks every route).
    ApiAnswer rooms = Anonymous().Get("/api/v1/accounts/" + Str(hq_) + "/rooms",
                                      {{"Authorization", "Bearer " + token}});
    EXPECT_EQ(rooms.status, 401) << rooms.body;

    clock_.Advance(kHour);
    ExpectUnauthenticated(Dashboard(token), "expired");
}

TEST_F(KioskApiTest, ARevokedTokenEndsAWaitingLongPollWithinSeconds) {
    std::string token = NewLink();
    ApiAnswer first = Dashboard(token);
    ASSERT_EQ(first.status, 200) << first.body;
    std::string version = first.json["version"];
    auto poll = std::async(std::launch::async,
                           [&] { return Dashboard(token, "?since=" + version + "&wait=20"); });
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    ASSERT_EQ(poll.wait_for(std::chrono::seconds(0)), std::future_status::timeout)
        << "the current version waits";
    auto revoked = Steady::now();
    ASSERT_EQ(anne_->Delete("/api/v1/kiosk-links/" + Str(LinkId(token))).status, 204);
    ASSERT_EQ(poll.wait_for(std::chrono::seconds(2)), std::future_status::ready)
        << "the waiting kiosk learns within 2 s";
    EXPECT_LT(Steady::now() - revoked, std::chrono::seconds(2));
    ExpectUnauthenticated(poll.get(), "revoked during the poll");
}

TEST_F(KioskApiTest, ALongPollWakesOnTelemetryAndAStaleVersionAnswersAtOnce) {
    std::string token = NewLink();
    ApiAnswer first = Dashboard(token);
    ASSERT_EQ(first.status, 200);
    std::string version = first.json["version"];

    auto started = Steady::now();
    EXPECT_EQ(Dashboard(token, "?since=another-boot-0&wait=20").status, 200);
    EXPECT_LT(Steady::now() - started, std::chrono::seconds(1)) << "another version: at once";

    auto poll = std::async(std::launch::async,
                           [&] { return Dashboard(token, "?since=" + version + "&wait=20"); });
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    ASSERT_EQ(poll.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
    auto sent = Steady::now();
    ASSERT_EQ(SendTelemetry(Json::array({Occupancy(licensed_, Now() - 5, 3)})).status, 200);
    ASSERT_EQ(poll.wait_for(std::chrono::seconds(2)), std::future_status::ready)
        << "the poll answers within 2 s of the batch";
    EXPECT_LT(Steady::now() - sent, std::chrono::seconds(2));
    ApiAnswer woken = poll.get();
    ASSERT_EQ(woken.status, 200) << woken.body;
    EXPECT_NE(woken.json["version"], version);
    EXPECT_EQ((*Tile(woken, licensed_))["people"], 3);

    EXPECT_EQ(Dashboard(token, "?wait=soon").status, 400);
}

TEST_F(KioskApiTest, ABadRequestNamesTheFieldAndStoresNothing) {
    Id contoso_room = QueryInt("SELECT min(id) FROM rooms WHERE account_id = " + Str(Contoso()));
    int64_t before = QueryInt("SELECT count(*) FROM kiosk_links");
    auto fields = [](const ApiAnswer& answer) {
        std::vector<std::string> names;
        for (const Json& field : answer.json["error"]["details"]["fields"]) {
            names.push_back(field["field"]);
        }
        return names;
    };
    ApiAnswer shape = PostLink(*anne_, hq_,
                               {{"name", std::string(121, 'n')},
                                {"sites", {"Lyon", 4}},
                                {"expiresAt", "next week"},
                                {"theme", "neon"}});
    EXPECT_EQ(shape.status, 400) << shape.body;
    EXPECT_EQ(fields(shape), (std::vector<std::string>{"name", "sites[1]", "expiresAt", "theme"}))
        << shape.body;

    ApiAnswer scope =
        PostLink(*anne_, hq_, {{"sites", {"Lyon", "Atlantis"}}, {"rooms", {contoso_room, 999999}}});
    EXPECT_EQ(scope.status, 422) << scope.body;
    EXPECT_EQ(fields(scope), (std::vector<std::string>{"sites[1]", "rooms[0]", "rooms[1]"}));
    EXPECT_EQ(scope.json["error"]["details"]["fields"][1]["message"],
              scope.json["error"]["details"]["fields"][2]["message"])
        << "a foreign room is named exactly like a missing one";

    ApiAnswer past = PostLink(*anne_, hq_, {{"expiresAt", FormatUtcTime(Now() - 1)}});
    EXPECT_EQ(past.status, 422) << past.body;
    EXPECT_EQ(fields(past), (std::vector<std::string>{"expiresAt"}));

    EXPECT_EQ(QueryInt("SELECT count(*) FROM kiosk_links"), before) << "nothing stored";
}

TEST_F(KioskApiTest, AdminsAndOperatorsMakeAnAccountsLinksAndNobodyElse) {
    ApiClient louis = SignInAs(testing::kLouis);
    ApiClient dana = SignInAs(testing::kDana);
    ApiClient sam = SignInAs(testing::kSam);
    ApiClient olivia = SignInAs(testing::kOlivia);
    EXPECT_EQ(PostLink(louis, hq_, Json::object()).status, 403) << "read-only";
    EXPECT_EQ(louis.Get("/api/v1/accounts/" + Str(hq_) + "/kiosk-links").status, 403);
    EXPECT_EQ(PostLink(dana, hq_, Json::object()).status, 404) << "another account's admin";
    EXPECT_EQ(dana.Get("/api/v1/accounts/" + Str(hq_) + "/kiosk-links").status, 404);
    EXPECT_EQ(PostLink(olivia, 999999, Json::object()).status, 404) << "no such account";
    EXPECT_EQ(PostLink(olivia, hq_, Json::object()).status, 201) << "operator";
    EXPECT_EQ(PostLink(sam, hq_, Json::object()).status, 201) << "partner with admin delegation";

    Id link = LinkId(NewLink());
    EXPECT_EQ(louis.Delete("/api/v1/kiosk-links/" + Str(link)).status, 403);
    EXPECT_EQ(dana.Delete("/api/v1/kiosk-links/" + Str(link)).status, 404);
    EXPECT_EQ(dana.Delete("/api/v1/kiosk-links/999999").status, 404);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM kiosk_links WHERE revoked_at IS NOT NULL"), 0);
    EXPECT_EQ(olivia.Delete("/api/v1/kiosk-links/" + Str(link)).status, 204);
}

TEST_F(KioskApiTest, ALinkShowsOnlyItsSitesOrRooms) {
    ApiAnswer all = Dashboard(NewLink());
    ASSERT_EQ(all.status, 200) << all.body;
    EXPECT_EQ(
        all.json["rooms"].size(),
        static_cast<size_t>(QueryInt("SELECT count(*) FROM rooms WHERE account_id = " + Str(hq_))));
    EXPECT_EQ(Accounts(all), std::set<Id>{hq_});

    std::string lyon_token = NewLink({{"sites", {"Lyon"}}});
    ApiAnswer lyon = Dashboard(lyon_token);
    ASSERT_EQ(lyon.status, 200);
    ASSERT_EQ(lyon.json["rooms"].size(), 1u);
    EXPECT_EQ(lyon.json["rooms"][0]["name"], "Confluence");
    ASSERT_EQ(lyon.json["sites"].size(), 1u);
    EXPECT_EQ(lyon.json["sites"][0]["site"], "Lyon");
    EXPECT_EQ(lyon.json["sites"][0]["rooms"], 1);

    // A room added later to a listed site appears; one of another site does not.
    Exec("INSERT INTO rooms(account_id, name, site, country, capacity) VALUES (" + Str(hq_) +
         ", 'Bellecour', 'Lyon', 'FR', 6), (" + Str(hq_) + ", 'Kiosk Dock', 'London', 'GB', 4)");
    lyon = Dashboard(lyon_token);
    ASSERT_EQ(lyon.json["rooms"].size(), 2u);
    EXPECT_EQ(lyon.json["rooms"][0]["name"], "Bellecour") << "sorted by name";

    // A scope that cannot be read fails closed: no room, never every room.
    Exec("UPDATE kiosk_links SET sites = '[\"Lyon\"' WHERE id = " + Str(LinkId(lyon_token)));
    ApiAnswer damaged = Dashboard(lyon_token);
    ASSERT_EQ(damaged.status, 200) << damaged.body;
    EXPECT_EQ(damaged.json["rooms"].size(), 0u) << damaged.body;

    Id thames = RoomNamed("Thames");
    ApiAnswer one = Dashboard(NewLink({{"rooms", {thames}}}));
    ASSERT_EQ(one.json["rooms"].size(), 1u);
    EXPECT_EQ(one.json["rooms"][0]["id"], thames);
}

TEST_F(KioskApiTest, APartnerLinkSpansTheCustomersThatDelegateNow) {
    ApiClient sam = SignInAs(testing::kSam);
    Id fabrikam = PartnerNamed("Fabrikam Services");
    std::string path = "/api/v1/partners/" + Str(fabrikam) + "/kiosk-links";
    EXPECT_EQ(anne_->Post(path, Json::object()).status, 404) << "not a member";
    EXPECT_EQ(anne_->Get(path).status, 404);
    EXPECT_EQ(sam.Post("/api/v1/partners/999999/kiosk-links", Json::object()).status, 404);
    ApiAnswer scoped = sam.Post(path, {{"sites", {"Lyon"}}});
    EXPECT_EQ(scoped.status, 422) << scoped.body;

    ApiAnswer created = sam.Post(path, {{"name", "NOC wall"}});
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_TRUE(created.json["accountId"].is_null());
    EXPECT_EQ(created.json["partnerOrgId"], fabrikam);
    std::string token = created.json["token"];
    ApiAnswer list = sam.Get(path);
    ASSERT_EQ(list.status, 200);
    ASSERT_EQ(list.json["kioskLinks"].size(), 1u);

    ApiAnswer dashboard = Dashboard(token);
    ASSERT_EQ(dashboard.status, 200) << dashboard.body;
    EXPECT_EQ(dashboard.json["title"], "Fabrikam Services: all customers");
    Id austin = NorthwindAustin();
    EXPECT_EQ(Accounts(dashboard), (std::set<Id>{hq_, austin}))
        << "both delegating customers, no room of Contoso";
    // Sorted by account name, site, room name: Austin's rooms before the Siège's.
    EXPECT_EQ(dashboard.json["rooms"][0]["accountId"], austin);
    EXPECT_EQ(dashboard.json["sites"][0]["site"], "Austin");

    Exec("DELETE FROM delegations WHERE account_id = " + Str(austin));
    EXPECT_EQ(Accounts(Dashboard(token)), std::set<Id>{hq_}) << "a withdrawn delegation: gone";

    // Anne administers HQ but not the partner's link; Sam revokes it.
    EXPECT_EQ(anne_->Delete("/api/v1/kiosk-links/" + Str(LinkId(token))).status, 404);
    EXPECT_EQ(sam.Delete("/api/v1/kiosk-links/" + Str(LinkId(token))).status, 204);
    ExpectUnauthenticated(Dashboard(token), "revoked partner link");
}

// R-ACC-6 (issue 16): a read-only delegation lets the partner read, not put the customer's rooms
// on a wall for whoever holds a link. A partner link shows the customers that delegate admin, as
// they do when the dashboard is read; with none, no link can be made.
TEST_F(KioskApiTest, APartnerLinkShowsOnlyTheCustomersThatDelegateAdmin) {
    ApiClient sam = SignInAs(testing::kSam);
    Id fabrikam = PartnerNamed("Fabrikam Services");
    std::string path = "/api/v1/partners/" + Str(fabrikam) + "/kiosk-links";
    ApiAnswer created = sam.Post(path, {{"name", "NOC wall"}});
    ASSERT_EQ(created.status, 201) << created.body;
    std::string token = created.json["token"];
    Id austin = NorthwindAustin();
    EXPECT_EQ(Accounts(Dashboard(token)), (std::set<Id>{hq_, austin}));

    Exec("UPDATE delegations SET role = 'readonly' WHERE account_id = " + Str(austin));
    EXPECT_EQ(Accounts(Dashboard(token)), std::set<Id>{hq_}) << "a downgrade: gone at once";

    Exec("UPDATE delegations SET role = 'readonly' WHERE partner_org_id = " + Str(fabrikam));
    ApiAnswer none = Dashboard(token);
    ASSERT_EQ(none.status, 200) << none.body;
    EXPECT_TRUE(Accounts(none).empty());
    ApiAnswer refused = sam.Post(path, {{"name", "Another wall"}});
    EXPECT_EQ(refused.status, 403) << refused.body;
    EXPECT_NE(refused.json["error"]["message"].get<std::string>().find("R-ACC-6"),
              std::string::npos)
        << refused.body;
    EXPECT_EQ(sam.Get(path).status, 200) << "its links can still be listed and revoked";
    EXPECT_EQ(sam.Delete("/api/v1/kiosk-links/" + Str(LinkId(token))).status, 204);
}

// A link's lists are bounded like the API's other lists: 400 naming the field.
TEST_F(KioskApiTest, ALinkNamesAtMost500RoomsOrSites) {
    Json rooms = Json::array();
    for (int i = 1; i <= 501; ++i) rooms.push_back(i);
    ApiAnswer too_many = anne_->Post(Account(hq_, "/kiosk-links"), {{"rooms", rooms}});
    EXPECT_EQ(too_many.status, 400) << too_many.body;
    EXPECT_EQ(too_many.json["error"]["details"]["fields"][0]["field"], "rooms") << too_many.body;
    Json sites = Json::array();
    for (int i = 0; i < 501; ++i) sites.push_back("Site " + std::to_string(i));
    ApiAnswer too_many_sites = anne_->Post(Account(hq_, "/kiosk-links"), {{"sites", sites}});
    EXPECT_EQ(too_many_sites.status, 400) << too_many_sites.body;
    EXPECT_EQ(too_many_sites.json["error"]["details"]["fields"][0]["field"], "sites");
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM kiosk_links"), 0) << "nothing stored";
}

TEST_F(KioskApiTest, TilesFollowTelemetryAndRoomsWithoutInsightsShowStatusOnly) {
    Fresh(licensed_);
    Fresh(unlicensed_);
    AddDevice(licensed_, "KIOSK-A");
    AddDevice(licensed_, "KIOSK-B");
    AddDevice(unlicensed_, "KIOSK-C");
    std::string token = NewLink();
    Seconds now = Now();
    EXPECT_EQ(StateOf(token, licensed_), "unknown") << "nothing reported";
    EXPECT_EQ(StateOf(token, unlicensed_), "unknown");

    ASSERT_EQ(SendTelemetry(
                  Json::array({Occupancy(licensed_, now - 60, 0), Device("KIOSK-A", now - 60, true),
                               Device("KIOSK-B", now - 60, true), Device("KIOSK-C", now - 60, true),
                               Occupancy(unlicensed_, now - 60, 4),
                               Meeting(unlicensed_, now - 600, now + 600)}))
                  .status,
              200);
    EXPECT_EQ(StateOf(token, licensed_), "free");
    ApiAnswer dashboard = Dashboard(token);
    const Json& status_only = *Tile(dashboard, unlicensed_);
    EXPECT_EQ(status_only["state"], "online") << "R-GATE-1: no people, no meeting";
    EXPECT_FALSE(status_only["insights"].get<bool>());
    EXPECT_TRUE(status_only["people"].is_null());
    EXPECT_TRUE(status_only["meetingEnds"].is_null());
    EXPECT_TRUE(status_only["today"].is_null());
    EXPECT_EQ(status_only["devicesOnline"], 1);

    ASSERT_EQ(SendTelemetry(Json::array({Occupancy(licensed_, now - 30, 3)})).status, 200);
    EXPECT_EQ(StateOf(token, licensed_), "occupied");

    ASSERT_EQ(SendTelemetry(Json::array({Meeting(licensed_, now - 300, now + 900)})).status, 200);
    dashboard = Dashboard(token);
    const Json& meeting = *Tile(dashboard, licensed_);
    EXPECT_EQ(meeting["state"], "meeting");
    EXPECT_EQ(meeting["people"], 3);
    EXPECT_EQ(meeting["meetingEnds"], FormatUtcTime(now + 900));
    EXPECT_EQ(meeting["devices"], 2);

    ASSERT_EQ(SendTelemetry(Json::array({Device("KIOSK-A", now - 20, false)})).status, 200);
    dashboard = Dashboard(token);
    EXPECT_EQ((*Tile(dashboard, licensed_))["state"], "attention");
    EXPECT_EQ((*Tile(dashboard, licensed_))["devicesOffline"], 1);

    ASSERT_EQ(SendTelemetry(Json::array({Device("KIOSK-B", now - 10, false),
                                         Device("KIOSK-C", now - 10, false)}))
                  .status,
              200);
    dashboard = Dashboard(token);
    EXPECT_EQ((*Tile(dashboard, licensed_))["state"], "offline");
    EXPECT_EQ((*Tile(dashboard, unlicensed_))["state"], "offline");

    // The site totals count the states of the site's rooms.
    std::string site = (*Tile(dashboard, licensed_))["site"];
    for (const Json& entry : dashboard.json["sites"]) {
        if (entry["site"] != site) continue;
        int counted = entry["free"].get<int>() + entry["meeting"].get<int>() +
                      entry["occupied"].get<int>() + entry["offline"].get<int>() +
                      entry["attention"].get<int>();
        EXPECT_LE(counted, entry["rooms"].get<int>());
        EXPECT_GE(entry["offline"].get<int>(), 1);
    }
}

// Issue 13: "needs attention" follows the room's firing alerts, whatever raised them (here more
// people than seats, every device online).
TEST_F(KioskApiTest, NeedsAttentionFollowsFiringAlerts) {
    Fresh(licensed_);
    AddDevice(licensed_, "KIOSK-D");
    ApiAnswer rule = anne_->Post("/api/v1/accounts/" + Str(hq_) + "/alert-rules",
                                 {{"name", "Too many people"},
                                  {"condition", "over_capacity"},
                                  {"forSeconds", 0},
                                  {"severity", "minor"},
                                  {"scope", {{"rooms", Json::array({licensed_})}}}});
    ASSERT_EQ(rule.status, 201) << rule.body;
    int seats =
        static_cast<int>(QueryInt("SELECT capacity FROM rooms WHERE id = " + Str(licensed_)));
    std::string token = NewLink();
    Seconds now = Now();
    ASSERT_EQ(SendTelemetry(Json::array({Device("KIOSK-D", now - 60, true),
                                         Occupancy(licensed_, now - 60, seats + 3)}))
                  .status,
              200);
    EXPECT_EQ(StateOf(token, licensed_), "attention") << "an over_capacity alert fires";

    ASSERT_EQ(SendTelemetry(Json::array({Occupancy(licensed_, now - 30, 1)})).status, 200);
    EXPECT_EQ(StateOf(token, licensed_), "occupied") << "the alert resolved";
}

TEST_F(KioskApiTest, TodayHoldsTheOccupancyShareOfEachLocalHour) {
    Fresh(licensed_, "Asia/Tokyo");  // UTC+9 all year
    std::string token = NewLink();
    // Noon in Tokyo, so that the morning is past and the afternoon to come.
    constexpr Seconds kTokyo = 9 * kHour;
    Seconds local = (Now() + kTokyo) % kDay;
    clock_.Advance((12 * kHour - local + kDay) % kDay);
    Seconds midnight = Now() - 12 * kHour;  // Tokyo's midnight, in UTC
    ASSERT_EQ((midnight + kTokyo) % kDay, 0);
    ASSERT_EQ(SendTelemetry(Json::array({Occupancy(licensed_, midnight + 10 * kHour, 2),
                                         Occupancy(licensed_, midnight + 10 * kHour + 1800, 0)}))
                  .status,
              200);

    ApiAnswer dashboard = Dashboard(token);
    ASSERT_EQ(dashboard.status, 200) << dashboard.body;
    const Json& today = (*Tile(dashboard, licensed_))["today"];
    ASSERT_EQ(today.size(), 24u) << dashboard.body;
    EXPECT_TRUE(today[9].is_null()) << "before the first report: no data";
    EXPECT_DOUBLE_EQ(today[10].get<double>(), 0.5) << "occupied half of 10:00-11:00";
    EXPECT_DOUBLE_EQ(today[11].get<double>(), 0.0) << "observed empty";
    EXPECT_TRUE(today[12].is_null()) << "the hour that starts now";
    EXPECT_TRUE(today[23].is_null()) << "the future";
    EXPECT_EQ((*Tile(dashboard, licensed_))["timeZone"], "Asia/Tokyo");
}

// Paris springs forward on 28 March 2027 at 01:00 UTC (02:00 CET becomes 03:00 CEST): the day has
// 23 hours, local 02:00 never happens, and `today` still holds the 24 clock hours.
TEST_F(KioskApiTest, TodayOnTheDayParisSkipsAnHour) {
    Fresh(licensed_, "Europe/Paris");
    std::string token = NewLink();
    constexpr Seconds kSpringForward = 1806195600;  // 2027-03-28T01:00:00Z
    ASSERT_LT(Now(), kSpringForward + 9 * kHour);
    clock_.Advance(kSpringForward + 9 * kHour - Now());  // 12:00 CEST
    ASSERT_EQ(SendTelemetry(Json::array({Occupancy(licensed_, kSpringForward - 1800, 2),
                                         Occupancy(licensed_, kSpringForward, 0)}))
                  .status,
              200);

    ApiAnswer dashboard = Dashboard(token);
    ASSERT_EQ(dashboard.status, 200) << dashboard.body;
    const Json* tile = Tile(dashboard, licensed_);
    ASSERT_NE(tile, nullptr) << dashboard.body;
    ASSERT_TRUE((*tile)["insights"].get<bool>()) << "the license must still hold in 2027";
    const Json& today = (*tile)["today"];
    ASSERT_EQ(today.size(), 24u) << dashboard.body;
    EXPECT_TRUE(today[0].is_null()) << "before the first report";
    EXPECT_DOUBLE_EQ(today[1].get<double>(), 1.0) << "01:30-02:00 CET, 2 people";
    EXPECT_TRUE(today[2].is_null()) << "02:00 local never happened";
    EXPECT_DOUBLE_EQ(today[3].get<double>(), 0.0) << "03:00 CEST, the next UTC hour, empty";
    EXPECT_DOUBLE_EQ(today[11].get<double>(), 0.0);
    EXPECT_TRUE(today[13].is_null()) << "the future";
}

}  // namespace
}  // namespace portal::server
