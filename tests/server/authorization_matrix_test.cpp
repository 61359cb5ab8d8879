// The authorisation matrix: every API route the server registers, called as each kind of
// caller on an object of its own account (Northwind HQ) and on one of another tenant (Contoso),
// against what the route's role rule says. The test fails on a route that is not in the matrix,
// so that no route is ever added without deciding who may call it.
//
// Callers: anonymous; Louis (read-only member of HQ); Anne (admin of HQ); Dana (admin of
// Contoso: "another account's admin"); Sam (Fabrikam, a partner with an admin delegation on HQ);
// Ivy (a partner admin whose organisation has no delegation); Olivia (an operator); a kiosk (a
// valid kiosk token of HQ as a bearer, no cookie: nobody anywhere but GET /kiosk/dashboard).
// Operators read (GET) any account's objects, own and foreign alike (issue 14, the vendor's
// support desk), and still get 404 on every write that is not theirs.
//
// Expected: the exact refusal (401, 403 or 404) where the caller may not; where it may, any
// answer but those three and 5xx (a write may then meet a rule: that is past authorisation).
// A foreign object's 404 is the same body as a missing one's (checked in model_api_test).
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

#include "api_fixture.h"
#include "core/telemetry.h"
#include "model_fixture.h"
#include "server/database.h"
#include "server/password.h"
#include "server/store.h"

namespace portal::server {
namespace {

using testing::ApiAnswer;
using testing::ApiClient;
using testing::ApiTest;
using testing::Str;
using Json = api::Json;

enum class Who { Anonymous, ReadOnly, Admin, OtherAdmin, Partner, IdlePartner, Operator, Kiosk };
constexpr Who kEveryone[] = {Who::Anonymous, Who::ReadOnly,    Who::Admin,    Who::OtherAdmin,
                             Who::Partner,   Who::IdlePartner, Who::Operator, Who::Kiosk};

const char* NameOf(Who who) {
    switch (who) {
        case Who::Anonymous:
            return "anonymous";
        case Who::ReadOnly:
            return "read-only member";
        case Who::Admin:
            return "admin";
        case Who::OtherAdmin:
            return "another account's admin";
        case Who::Partner:
            return "partner with delegation";
        case Who::IdlePartner:
            return "partner without delegation";
        case Who::Operator:
            return "operator";
        case Who::Kiosk:
            return "kiosk token";
    }
    return "?";
}

// Who a route is for, as the issue's table says.
enum class Rule {
    Public,            // anyone
    SignedIn,          // anyone signed in, on their own things
    Member,            // any member (or delegated partner) of the object's account
    MemberOrOperator,  // a member, or an operator reading any account (issue 14: audited)
    Admin,             // an admin (or admin-delegated partner) of the object's account
    Operator,          // the vendor's operators only
    AdminOrOperator,   // an admin of the object's account, or an operator (for a GET: the
                       // vendor's support reading any account, audited)
    UnknownToken,      // invitation acceptance with a token nobody has: 404 for everyone
    AgentOnly,         // a room agent's bearer token only: every session caller gets 401
    KioskOnly,         // a kiosk's bearer token only: every session caller gets 401
    PartnerAdmin,      // an admin member of the partner organisation (own: Fabrikam, Sam's;
                       // foreign: Idle Partners, Ivy's); nobody else, operators included
};

enum class Side { Own, Foreign };

// The status a caller must get, or 0 for "allowed" (any answer but 401/403/404/5xx).
int Expected(Rule rule, Who who, Side side) {
    if (rule == Rule::KioskOnly) return who == Who::Kiosk ? 0 : 401;
    // A kiosk token is no sign-in anywhere else: the answer of someone anonymous.
    if (who == Who::Kiosk) who = Who::Anonymous;
    if (rule == Rule::AgentOnly) return 401;  // a session is no agent token
    if (rule == Rule::Public) return 0;
    if (rule == Rule::UnknownToken) return 404;
    if (who == Who::Anonymous) return 401;
    if (rule == Rule::SignedIn) return 0;
    if (rule == Rule::Operator) return who == Who::Operator ? 0 : 403;
    if ((rule == Rule::AdminOrOperator || rule == Rule::MemberOrOperator) && who == Who::Operator) {
        return 0;
    }
    if (rule == Rule::PartnerAdmin) {
        return who == (side == Side::Own ? Who::Partner : Who::IdlePartner) ? 0 : 404;
    }
    // Whose account the object is in decides between 404 (not theirs to see) and the role.
    bool sees = side == Side::Own
                    ? (who == Who::ReadOnly || who == Who::Admin || who == Who::Partner)
                    : who == Who::OtherAdmin;
    if (!sees) return 404;
    bool admin = who != Who::ReadOnly;
    if ((rule == Rule::Admin || rule == Rule::AdminOrOperator) && !admin) return 403;
    return 0;
}

struct Call {
    std::string method;
    std::string path;
    std::string body;  // JSON text; empty for none
    std::string content_type = "application/json";
    httplib::Headers headers;

    Call(std::string method_, std::string path_, std::string body_,
         std::string content_type_ = "application/json", httplib::Headers headers_ = {})
        : method(std::move(method_)),
          path(std::move(path_)),
          body(std::move(body_)),
          content_type(std::move(content_type_)),
          headers(std::move(headers_)) {}
};

struct Case {
    Rule rule;
    bool object_scoped;  // has an own and a foreign variant
    // Builds the request for one call; fresh objects where a call would use one up.
    std::function<Call(Side)> make;
};

class AuthorizationMatrixTest : public ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        // Ivy: admin of a partner organisation that only Austin (no account of the matrix's)
        // delegates admin to, so that it may make kiosk links (issue 16); and an
        // organisation without users, for delegations granted and revoked by the matrix.
        std::string error;
        auto store = Store::Open(DatabaseTarget(config_), error);
        ASSERT_TRUE(store) << error;
        ASSERT_TRUE(InitCrypto());
        Id austin = NorthwindAustin();
        UserRecord ivy;
        ivy.email = "ivy@idle-partners.example";
        ivy.name = "Ivy Idle";
        ASSERT_TRUE(HashPassword("idle-partner-pass", config_.password_cost, ivy.password_hash));
        ASSERT_TRUE(store->Write(
            [&](Store::Writer& w, std::string& e) {
                return w.InsertUser(ivy, "2026-01-01T00:00:00Z", e) &&
                       w.InsertPartnerOrg("Idle Partners", idle_partner_, e) &&
                       w.InsertPartnerMember(ivy.id, idle_partner_, Role::Admin, e) &&
                       w.InsertDelegation(austin, idle_partner_, Role::Admin, e) &&
                       w.InsertPartnerOrg("Spare Partners", spare_partner_, e, &spare_code_);
            },
            error))
            << error;

        hq_ = NorthwindHq();
        contoso_ = Contoso();
        clients_.emplace(Who::Anonymous, Anonymous());
        clients_.emplace(Who::ReadOnly, SignInAs(testing::kLouis));
        clients_.emplace(Who::Admin, SignInAs(testing::kAnne));
        clients_.emplace(Who::OtherAdmin, SignInAs(testing::kDana));
        clients_.emplace(Who::Partner, SignInAs(testing::kSam));
        clients_.emplace(Who::IdlePartner,
                         SignInAs("ivy@idle-partners.example", "idle-partner-pass"));
        clients_.emplace(Who::Operator, SignInAs(testing::kOlivia));
        clients_.emplace(Who::Kiosk, Anonymous());
        ApiAnswer kiosk =
            clients_.at(Who::Admin).Post(Account(Side::Own) + "/kiosk-links", Json::object());
        ASSERT_EQ(kiosk.status, 201) << kiosk.body;
        kiosk_token_ = kiosk.json["token"];
        fabrikam_ = PartnerNamed("Fabrikam Services");
    }

    Id AccountOf(Side side) const { return side == Side::Own ? hq_ : contoso_; }
    std::string Account(Side side) const { return "/api/v1/accounts/" + Str(AccountOf(side)); }
    std::string Partner(Side side) const {
        return "/api/v1/partners/" + Str(side == Side::Own ? fabrikam_ : idle_partner_);
    }

    // Inserts with a second connection; returns the new row's id (0 for a table without one).
    Id Insert(const std::string& sql) {
        auto db = testing::OpenRaw(DatabaseTarget(config_));
        Statement insert = db->Prepare(sql);  // prepared: the PostgreSQL backend translates it
        EXPECT_TRUE(insert.Valid() && insert.Run()) << sql << ": " << db->LastMessage();
        Statement last = db->Prepare(db->backend() == Backend::Sqlite ? "SELECT last_insert_rowid()"
                                                                      : "SELECT lastval()");
        if (last.Step() != Statement::StepResult::Row) return 0;
        return last.ColumnInt(0);
    }
    // Now, in Unix seconds, as SQL (the real time, as the rows the store writes).
    static std::string NowSql() {
        return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count());
    }
    // The two bytes "ok" as a BLOB literal.
    std::string OkBytesSql() const {
        return testing::UsingPostgres() ? "decode('6f6b', 'hex')" : "X'6F6B'";
    }
    std::string Unique(const std::string& stem) { return stem + std::to_string(++counter_); }
    Id FreshRoom(Side side) {
        return Insert("INSERT INTO rooms(account_id, name, site, country, capacity) VALUES (" +
                      Str(AccountOf(side)) + ", '" + Unique("Matrix room ") + "', 'M', 'FR', 4)");
    }
    Id AnyRoom(Side side) {
        return QueryInt("SELECT min(id) FROM rooms WHERE account_id = " + Str(AccountOf(side)));
    }
    Id ContractWithFreeLicenses(Side side) {
        return QueryInt("SELECT id FROM contracts WHERE account_id = " + Str(AccountOf(side)) +
                        " AND program IN ('select', 'syncplus') AND cancelled = 0"
                        " ORDER BY purchase_date DESC LIMIT 1");
    }
    std::string AnySerial(Side side) {
        auto db = testing::OpenRaw(DatabaseTarget(config_));
        Statement query = db->Prepare("SELECT min(serial) FROM devices WHERE account_id = " +
                                      Str(AccountOf(side)));
        query.Step();
        return query.ColumnText(0);
    }
    Id AnyOrder(Side side) {
        return QueryInt("SELECT max(id) FROM orders WHERE account_id = " + Str(AccountOf(side)));
    }
    Id FreshInvitation(Side side) {
        return Insert(
            "INSERT INTO invitations(account_id, email, role, token_hash, created_at, expires_at)"
            " VALUES (" +
            Str(AccountOf(side)) + ", '" + Unique("invitee") + "@example.com', 'readonly', '" +
            Unique("hash") + "', " + NowSql() + ", " + NowSql() + " + 86400)");
    }
    Id FreshMember(Side side) {
        Id user = Insert("INSERT INTO users(email, name, password_hash, created_at) VALUES ('" +
                         Unique("member") + "@example.com', 'M', '', '2026-01-01T00:00:00Z')");
        Insert("INSERT INTO memberships(user_id, account_id, role) VALUES (" + Str(user) + ", " +
               Str(AccountOf(side)) + ", 'readonly')");
        return user;
    }
    Id FreshAlertRule(Side side) {
        return Insert(
            "INSERT INTO alert_rules(account_id, name, condition, for_seconds, severity,"
            " created_at) VALUES (" +
            Str(AccountOf(side)) + ", '" + Unique("Matrix rule ") +
            "', 'device_offline', 0, 'major', " + NowSql() + ")");
    }
    Id FreshAlertChannel(Side side) {
        return Insert(
            "INSERT INTO alert_channels(account_id, type, name, settings, created_at) VALUES (" +
            Str(AccountOf(side)) + ", 'email', '" + Unique("Matrix channel ") +
            "', '{\"recipients\":[\"it@example.com\"],\"language\":\"en\"}',"
            " " +
            NowSql() + ")");
    }
    Id FreshAlert(Side side) {
        Id rule = FreshAlertRule(side);
        return Insert(
            "INSERT INTO alerts(account_id, rule_id, room_id, serial, condition, severity, state,"
            " pending_since, started_at, condition_true, updated_at) VALUES (" +
            Str(AccountOf(side)) + ", " + Str(rule) + ", " + Str(AnyRoom(side)) +
            ", '', 'room_offline', 'major', 'firing', " + NowSql() +
            ","
            " " +
            NowSql() + ", 1, " + NowSql() + ")");
    }
    // Single sign-on (issue 15): a domain of the side's account (verified: it may be named by a
    // connection), and a connection holding a fresh one, with a stored discovery document (no
    // provider is reached: the sign-in routes here only build the provider's URL).
    Id FreshSsoDomain(Side side, std::string* domain = nullptr) {
        std::string name = Unique("matrix") + ".test";
        if (domain) *domain = name;
        return Insert(
            "INSERT INTO sso_domains(account_id, domain, token, verified_at, created_at)"
            " VALUES (" +
            Str(AccountOf(side)) + ", '" + name + "', 'tok', 1, 1)");
    }
    Id FreshSsoConnection(Side side, std::string* domain = nullptr) {
        Id domain_id = FreshSsoDomain(side, domain);
        Id connection = Insert(
            "INSERT INTO sso_connections(account_id, name, issuer, client_id,"
            " client_secret_sealed, discovery_json, created_at, updated_at) VALUES (" +
            Str(AccountOf(side)) +
            ", 'Matrix IdP', 'https://idp.test', 'portal', 'v1:x',"
            " '{\"issuer\":\"https://idp.test\",\"authorization_endpoint\":"
            "\"https://idp.test/authorize\",\"token_endpoint\":\"https://idp.test/token\","
            "\"jwks_uri\":\"https://idp.test/jwks\",\"response_types_supported\":[\"code\"]}',"
            " 1, 1)");
        Insert("INSERT INTO sso_connection_domains(connection_id, domain_id) VALUES (" +
               Str(connection) + ", " + Str(domain_id) + ")");
        return connection;
    }
    // A ticket of the side's account (issue 14), opened by its admin (Anne or Dana), who follows
    // it.
    Id FreshTicket(Side s) {
        Id requester = UserNamed(s == Side::Own ? testing::kAnne.email : testing::kDana.email);
        Id ticket = Insert(
            "INSERT INTO tickets(number, account_id, subject, severity, status, service_level,"
            " requester_id, created_at, updated_at, worked_at) VALUES ((SELECT"
            " COALESCE(MAX(number), 1000) + 1 FROM tickets), " +
            Str(AccountOf(s)) + ", 'Matrix ticket', 'normal', 'new', 'select', " + Str(requester) +
            ", " + NowSql() + ", " + NowSql() + ", " + NowSql() + ")");
        Insert("INSERT INTO ticket_followers(ticket_id, user_id, added_at) VALUES (" + Str(ticket) +
               ", " + Str(requester) + ", 0)");
        return ticket;
    }
    Id FreshAttachment(Side s) {
        Id ticket = FreshTicket(s);
        return Insert(
            "INSERT INTO ticket_attachments(ticket_id, name, content_type, size, bytes,"
            " uploaded_by, created_at) SELECT id, 'log.txt', 'text/plain; charset=utf-8', 2,"
            " " +
            OkBytesSql() + ", requester_id, 0 FROM tickets WHERE id = " + Str(ticket));
    }
    Json Order() {
        Json party = {{"name", "N"},
                      {"email", "n@example.com"},
                      {"address",
                       {{"line1", "1 st"},
                        {"city", "Paris"},
                        {"postalCode", "75001"},
                        {"country", "FR"},
                        {"kind", "headquarters"}}}};
        Json customer = party;
        customer["company"] = Unique("Matrix Co ");
        return {{"poNumber", Unique("MATRIX-")},
                {"purchaseDate", FormatDate(UtcDate(clock_.Now()))},
                {"lines", Json::array({{{"sku", "SELECT-1Y"}, {"quantity", 1}}})},
                {"endCustomer", customer},
                {"reseller", party},
                {"distributor", party}};
    }

    std::map<std::pair<std::string, std::string>, Case> Matrix();

    ApiAnswer Run(Who who, Call call) {
        ApiClient client = clients_.at(who);
        if (who == Who::Kiosk) call.headers.emplace("Authorization", "Bearer " + kiosk_token_);
        bool session_changes =
            call.path == "/api/v1/auth/logout" || call.path == "/api/v1/auth/login";
        if (session_changes && who != Who::Anonymous && who != Who::Kiosk) {
            // Signing in rotates the session presented and signing out ends it: sign this
            // caller in again afterwards.
            ApiAnswer answer =
                client.Send(call.method, call.path, call.body,
                            call.body.empty() ? "" : call.content_type, call.headers);
            static const std::map<Who, testing::DemoPerson> people = {
                {Who::ReadOnly, testing::kLouis},
                {Who::Admin, testing::kAnne},
                {Who::OtherAdmin, testing::kDana},
                {Who::Partner, testing::kSam},
                {Who::Operator, testing::kOlivia}};
            clients_.erase(who);
            clients_.emplace(who, who == Who::IdlePartner
                                      ? SignInAs("ivy@idle-partners.example", "idle-partner-pass")
                                      : SignInAs(people.at(who)));
            return answer;
        }
        return client.Send(call.method, call.path, call.body,
                           call.body.empty() ? "" : call.content_type, call.headers);
    }

    Id hq_ = 0;
    Id contoso_ = 0;
    Id spare_partner_ = 0;
    std::string spare_code_;  // its public code: what a delegation names (issue 16)
    Id idle_partner_ = 0;
    Id fabrikam_ = 0;
    std::string kiosk_token_;
    int counter_ = 0;
    std::map<Who, ApiClient> clients_;
};

std::map<std::pair<std::string, std::string>, Case> AuthorizationMatrixTest::Matrix() {
    auto json = [](const Json& value) { return value.dump(); };
    std::map<std::pair<std::string, std::string>, Case> m;
    auto add = [&](const char* method, const char* pattern, Rule rule, bool scoped,
                   std::function<Call(Side)> make) {
        m[{method, pattern}] = Case{rule, scoped, std::move(make)};
    };
    // Anyone.
    add("GET", "/api/v1/health", Rule::Public, false, [](Side) {
        return Call{"GET", "/api/v1/health", ""};
    });
    add("GET", "/api/v1/catalogue", Rule::Public, false, [](Side) {
        return Call{"GET", "/api/v1/catalogue", ""};
    });
    add("GET", "/api/v1/openapi.json", Rule::Public, false, [](Side) {
        return Call{"GET", "/api/v1/openapi.json", ""};
    });
    add("POST", "/api/v1/auth/login", Rule::Public, false, [&](Side) {
        return Call{"POST", "/api/v1/auth/login",
                    json({{"email", testing::kAnne.email}, {"password", testing::kAnne.password}})};
    });
    add("POST", "/api/v1/invitations/accept", Rule::UnknownToken, false, [&](Side) {
        return Call{"POST", "/api/v1/invitations/accept",
                    json({{"token", "no-such-token-" + Unique("t")},
                          {"name", "Nobody"},
                          {"password", "a long enough password"}})};
    });
    add("POST", "/api/v1/invitations/preview", Rule::UnknownToken, false, [&](Side) {
        return Call{"POST", "/api/v1/invitations/preview",
                    json({{"token", "no-such-token-" + Unique("t")}})};
    });
    // Signed in.
    add("POST", "/api/v1/auth/logout", Rule::SignedIn, false, [](Side) {
        return Call{"POST", "/api/v1/auth/logout", "{}"};
    });
    add("GET", "/api/v1/me", Rule::SignedIn, false, [](Side) {
        return Call{"GET", "/api/v1/me", ""};
    });
    add("PATCH", "/api/v1/me", Rule::SignedIn, false, [](Side) {
        return Call{"PATCH", "/api/v1/me", R"({"language":"en"})"};
    });
    add("GET", "/api/v1/accounts", Rule::SignedIn, false, [](Side) {
        return Call{"GET", "/api/v1/accounts", ""};
    });
    // The fleet's home (issue 16).
    add("GET", "/api/v1/home", Rule::SignedIn, false, [](Side) {
        return Call{"GET", "/api/v1/home", ""};
    });
    add("GET", "/api/v1/operator/home", Rule::Operator, false, [](Side) {
        return Call{"GET", "/api/v1/operator/home", ""};
    });
    add("GET", "/api/v1/accounts/([0-9]+)/home", Rule::MemberOrOperator, true, [&](Side s) {
        return Call{"GET", Account(s) + "/home", ""};
    });
    add("POST", "/api/v1/accounts/([0-9]+)/getting-started/dismiss", Rule::Admin, true,
        [&](Side s) {
            return Call{"POST", Account(s) + "/getting-started/dismiss", "{}"};
        });
    // Operators.
    add("POST", "/api/v1/orders", Rule::Operator, false, [&](Side) {
        return Call{"POST", "/api/v1/orders", json(Order())};
    });
    add("GET", "/api/v1/orders", Rule::Operator, false, [](Side) {
        return Call{"GET", "/api/v1/orders?status=unmatched", ""};
    });
    add("GET", "/api/v1/outbox", Rule::Operator, false, [](Side) {
        return Call{"GET", "/api/v1/outbox", ""};
    });
    add("GET", "/api/v1/partners", Rule::Operator, false, [](Side) {
        return Call{"GET", "/api/v1/partners", ""};
    });
    // The support desk's account search (issue 14).
    add("GET", "/api/v1/support/accounts", Rule::Operator, false, [](Side) {
        return Call{"GET", "/api/v1/support/accounts?q=northwind", ""};
    });
    add("POST", "/api/v1/partners", Rule::Operator, false, [&](Side) {
        return Call{"POST", "/api/v1/partners",
                    json({{"name", Unique("Partner ")},
                          {"adminEmail", Unique("boss") + "@partner.example"}})};
    });
    // An account's objects: own (Northwind HQ) and foreign (Contoso).
    add("GET", "/api/v1/accounts/([^/]+)", Rule::MemberOrOperator, true, [&](Side s) {
        return Call{"GET", Account(s), ""};
    });
    add("GET", "/api/v1/accounts/([^/]+)/contracts", Rule::MemberOrOperator, true, [&](Side s) {
        return Call{"GET", Account(s) + "/contracts", ""};
    });
    add("GET", "/api/v1/accounts/([^/]+)/spares", Rule::MemberOrOperator, true, [&](Side s) {
        return Call{"GET", Account(s) + "/spares", ""};
    });
    add("GET", "/api/v1/accounts/([^/]+)/state", Rule::MemberOrOperator, true, [&](Side s) {
        return Call{"GET", Account(s) + "/state", ""};
    });
    add("GET", "/api/v1/accounts/([^/]+)/audit", Rule::AdminOrOperator, true, [&](Side s) {
        return Call{"GET", Account(s) + "/audit", ""};
    });
    add("GET", "/api/v1/accounts/([^/]+)/rooms", Rule::MemberOrOperator, true, [&](Side s) {
        return Call{"GET", Account(s) + "/rooms", ""};
    });
    add("POST", "/api/v1/accounts/([^/]+)/rooms", Rule::Admin, true, [&](Side s) {
        return Call{
            "POST", Account(s) + "/rooms",
            json({{"name", Unique("Room ")}, {"site", "S"}, {"country", "FR"}, {"capacity", 4}})};
    });
    add("POST", "/api/v1/accounts/([^/]+)/rooms/import", Rule::Admin, true, [&](Side s) {
        return Call{"POST", Account(s) + "/rooms/import",
                    json(Json::array({{{"name", Unique("Imported ")},
                                       {"site", "S"},
                                       {"country", "FR"},
                                       {"capacity", 4}}}))};
    });
    add("GET", "/api/v1/rooms/([^/]+)", Rule::MemberOrOperator, true, [&](Side s) {
        return Call{"GET", "/api/v1/rooms/" + Str(AnyRoom(s)), ""};
    });
    add("PATCH", "/api/v1/rooms/([^/]+)", Rule::Admin, true, [&](Side s) {
        return Call{"PATCH",
                    "/api/v1/rooms/" + Str(FreshRoom(s)),
                    json({{"capacity", 5}}),
                    "application/json",
                    {{"If-Match", "*"}}};
    });
    add("DELETE", "/api/v1/rooms/([^/]+)", Rule::Admin, true, [&](Side s) {
        return Call{"DELETE", "/api/v1/rooms/" + Str(FreshRoom(s)), ""};
    });
    add("GET", "/api/v1/rooms/([^/]+)/entitlements", Rule::MemberOrOperator, true, [&](Side s) {
        return Call{"GET", "/api/v1/rooms/" + Str(AnyRoom(s)) + "/entitlements", ""};
    });
    add("POST", "/api/v1/rooms/([^/]+)/licenses", Rule::Admin, true, [&](Side s) {
        return Call{"POST", "/api/v1/rooms/" + Str(FreshRoom(s)) + "/licenses",
                    json({{"contractId", ContractWithFreeLicenses(s)}})};
    });
    add("DELETE", "/api/v1/rooms/([^/]+)/licenses/([^/]+)", Rule::Admin, true, [&](Side s) {
        return Call{"DELETE", "/api/v1/rooms/" + Str(AnyRoom(s)) + "/licenses/select", ""};
    });
    add("POST", "/api/v1/rooms/([^/]+)/licenses/([^/]+)/move", Rule::Admin, true, [&](Side s) {
        return Call{"POST", "/api/v1/rooms/" + Str(AnyRoom(s)) + "/licenses/select/move",
                    json({{"toRoomId", FreshRoom(s)}})};
    });
    add("GET", "/api/v1/accounts/([^/]+)/devices", Rule::MemberOrOperator, true, [&](Side s) {
        return Call{"GET", Account(s) + "/devices", ""};
    });
    add("POST", "/api/v1/accounts/([^/]+)/devices", Rule::Admin, true, [&](Side s) {
        return Call{"POST", Account(s) + "/devices",
                    json({{"serial", Unique("MATRIX-")}, {"product", "tap"}})};
    });
    add("POST", "/api/v1/devices/([^/]+)/move", Rule::Admin, true, [&](Side s) {
        return Call{"POST", "/api/v1/devices/" + AnySerial(s) + "/move",
                    json({{"roomId", FreshRoom(s)}})};
    });
    add("POST", "/api/v1/orders/([^/]+)/cancel", Rule::AdminOrOperator, true, [&](Side s) {
        return Call{"POST", "/api/v1/orders/" + Str(AnyOrder(s)) + "/cancel", "{}"};
    });
    add("GET", "/api/v1/accounts/([0-9]+)/invitations", Rule::AdminOrOperator, true, [&](Side s) {
        return Call{"GET", Account(s) + "/invitations", ""};
    });
    add("POST", "/api/v1/accounts/([0-9]+)/invitations", Rule::Admin, true, [&](Side s) {
        return Call{"POST", Account(s) + "/invitations",
                    json({{"email", Unique("colleague") + "@example.com"}, {"role", "readonly"}})};
    });
    add("POST", "/api/v1/invitations/([0-9]+)/resend", Rule::AdminOrOperator, true, [&](Side s) {
        return Call{"POST", "/api/v1/invitations/" + Str(FreshInvitation(s)) + "/resend", "{}"};
    });
    add("GET", "/api/v1/accounts/([0-9]+)/members", Rule::MemberOrOperator, true, [&](Side s) {
        return Call{"GET", Account(s) + "/members", ""};
    });
    add("PATCH", "/api/v1/accounts/([0-9]+)/members/([0-9]+)", Rule::Admin, true, [&](Side s) {
        return Call{"PATCH", Account(s) + "/members/" + Str(FreshMember(s)),
                    json({{"role", "readonly"}})};
    });
    add("DELETE", "/api/v1/accounts/([0-9]+)/members/([0-9]+)", Rule::Admin, true, [&](Side s) {
        return Call{"DELETE", Account(s) + "/members/" + Str(FreshMember(s)), ""};
    });
    add("GET", "/api/v1/accounts/([0-9]+)/delegations", Rule::AdminOrOperator, true, [&](Side s) {
        return Call{"GET", Account(s) + "/delegations", ""};
    });
    add("POST", "/api/v1/accounts/([0-9]+)/delegations", Rule::Admin, true, [&](Side s) {
        return Call{"POST", Account(s) + "/delegations",
                    json({{"partnerCode", spare_code_}, {"role", "readonly"}})};
    });
    add("DELETE", "/api/v1/accounts/([0-9]+)/delegations/([0-9]+)", Rule::Admin, true, [&](Side s) {
        Insert("INSERT OR IGNORE INTO delegations(account_id, partner_org_id, role) VALUES (" +
               Str(AccountOf(s)) + ", " + Str(spare_partner_) + ", 'readonly')");
        return Call{"DELETE", Account(s) + "/delegations/" + Str(spare_partner_), ""};
    });
    // Telemetry and Insights (issue 6).
    add("POST", "/api/v1/accounts/([0-9]+)/agent-tokens", Rule::AdminOrOperator, true, [&](Side s) {
        return Call{"POST", Account(s) + "/agent-tokens", json({{"name", Unique("Agent ")}})};
    });
    add("GET", "/api/v1/accounts/([0-9]+)/agent-tokens", Rule::AdminOrOperator, true, [&](Side s) {
        return Call{"GET", Account(s) + "/agent-tokens", ""};
    });
    add("DELETE", "/api/v1/agent-tokens/([0-9]+)", Rule::AdminOrOperator, true, [&](Side s) {
        Id token =
            Insert("INSERT INTO agent_tokens(account_id, name, token_hash, created_at) VALUES (" +
                   Str(AccountOf(s)) + ", 'Matrix agent', '" + Unique("agent-hash") + "', " +
                   NowSql() + ")");
        return Call{"DELETE", "/api/v1/agent-tokens/" + Str(token), ""};
    });
    add("POST", "/api/v1/telemetry", Rule::AgentOnly, false, [&](Side) {
        return Call{"POST", "/api/v1/telemetry",
                    json({{"batchId", Unique("matrix-")}, {"events", Json::array()}})};
    });
    add("GET", "/api/v1/accounts/([0-9]+)/status", Rule::MemberOrOperator, true, [&](Side s) {
        return Call{"GET", Account(s) + "/status", ""};
    });
    // Without rooms=: an allowed caller gets 400, past authorisation (a room without Insights
    // would answer 403 R-GATE-1, which is not a role's refusal).
    add("GET", "/api/v1/accounts/([^/]+)/insights", Rule::MemberOrOperator, true, [&](Side s) {
        return Call{"GET", Account(s) + "/insights?resolution=day", ""};
    });
    add("GET", "/api/v1/accounts/([^/]+)/insights/summary", Rule::MemberOrOperator, true,
        [&](Side s) {
            return Call{"GET", Account(s) + "/insights/summary?days=7", ""};
        });
    // Kiosk links and the kiosk dashboard (issue 7).
    add("POST", "/api/v1/accounts/([0-9]+)/kiosk-links", Rule::AdminOrOperator, true, [&](Side s) {
        return Call{"POST", Account(s) + "/kiosk-links", json({{"name", Unique("Kiosk ")}})};
    });
    add("GET", "/api/v1/accounts/([0-9]+)/kiosk-links", Rule::AdminOrOperator, true, [&](Side s) {
        return Call{"GET", Account(s) + "/kiosk-links", ""};
    });
    add("POST", "/api/v1/partners/([0-9]+)/kiosk-links", Rule::PartnerAdmin, true, [&](Side s) {
        return Call{"POST", Partner(s) + "/kiosk-links", json({{"name", Unique("Wall ")}})};
    });
    add("GET", "/api/v1/partners/([0-9]+)/kiosk-links", Rule::PartnerAdmin, true, [&](Side s) {
        return Call{"GET", Partner(s) + "/kiosk-links", ""};
    });
    add("DELETE", "/api/v1/kiosk-links/([0-9]+)", Rule::AdminOrOperator, true, [&](Side s) {
        Id link =
            Insert("INSERT INTO kiosk_links(account_id, name, token_hash, created_at) VALUES (" +
                   Str(AccountOf(s)) + ", 'Matrix kiosk', '" + Unique("kiosk-hash") + "', " +
                   NowSql() + ")");
        return Call{"DELETE", "/api/v1/kiosk-links/" + Str(link), ""};
    });
    add("GET", "/api/v1/kiosk/dashboard", Rule::KioskOnly, false, [](Side) {
        return Call{"GET", "/api/v1/kiosk/dashboard", ""};
    });
    // Alerts (issue 13).
    add("GET", "/api/v1/accounts/([0-9]+)/alert-rules", Rule::MemberOrOperator, true, [&](Side s) {
        return Call{"GET", Account(s) + "/alert-rules", ""};
    });
    add("POST", "/api/v1/accounts/([0-9]+)/alert-rules", Rule::Admin, true, [&](Side s) {
        return Call{"POST", Account(s) + "/alert-rules",
                    json({{"name", Unique("Rule ")},
                          {"condition", "room_offline"},
                          {"forSeconds", 60},
                          {"severity", "minor"}})};
    });
    add("PATCH", "/api/v1/alert-rules/([0-9]+)", Rule::Admin, true, [&](Side s) {
        return Call{"PATCH", "/api/v1/alert-rules/" + Str(FreshAlertRule(s)),
                    json({{"severity", "critical"}})};
    });
    add("DELETE", "/api/v1/alert-rules/([0-9]+)", Rule::Admin, true, [&](Side s) {
        return Call{"DELETE", "/api/v1/alert-rules/" + Str(FreshAlertRule(s)), ""};
    });
    add("GET", "/api/v1/accounts/([0-9]+)/alert-channels", Rule::MemberOrOperator, true,
        [&](Side s) {
            return Call{"GET", Account(s) + "/alert-channels", ""};
        });
    add("POST", "/api/v1/accounts/([0-9]+)/alert-channels", Rule::Admin, true, [&](Side s) {
        return Call{"POST", Account(s) + "/alert-channels",
                    json({{"type", "email"},
                          {"name", Unique("Desk ")},
                          {"recipients", Json::array({"desk@example.com"})}})};
    });
    add("PATCH", "/api/v1/alert-channels/([0-9]+)", Rule::Admin, true, [&](Side s) {
        return Call{"PATCH", "/api/v1/alert-channels/" + Str(FreshAlertChannel(s)),
                    json({{"name", Unique("Renamed ")}})};
    });
    add("DELETE", "/api/v1/alert-channels/([0-9]+)", Rule::Admin, true, [&](Side s) {
        return Call{"DELETE", "/api/v1/alert-channels/" + Str(FreshAlertChannel(s)), ""};
    });
    add("POST", "/api/v1/alert-channels/([0-9]+)/test", Rule::Admin, true, [&](Side s) {
        return Call{"POST", "/api/v1/alert-channels/" + Str(FreshAlertChannel(s)) + "/test",
                    json(Json::object())};
    });
    // The mail's one-click link: its token is the authority, whoever calls (a wrong one: 404).
    add("GET", "/api/v1/alert-channels/([0-9]+)/unsubscribe", Rule::UnknownToken, false, [&](Side) {
        return Call{"GET",
                    "/api/v1/alert-channels/" + Str(FreshAlertChannel(Side::Own)) +
                        "/unsubscribe?recipient=it%40example.com&token=" + std::string(64, '0'),
                    ""};
    });
    add("POST", "/api/v1/alert-channels/([0-9]+)/unsubscribe", Rule::UnknownToken, false,
        [&](Side) {
            return Call{"POST",
                        "/api/v1/alert-channels/" + Str(FreshAlertChannel(Side::Own)) +
                            "/unsubscribe?recipient=it%40example.com&token=" + std::string(64, '0'),
                        "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded"};
        });
    add("GET", "/api/v1/accounts/([0-9]+)/alerts", Rule::MemberOrOperator, true, [&](Side s) {
        return Call{"GET", Account(s) + "/alerts?state=all", ""};
    });
    add("GET", "/api/v1/alerts/([0-9]+)", Rule::MemberOrOperator, true, [&](Side s) {
        return Call{"GET", "/api/v1/alerts/" + Str(FreshAlert(s)), ""};
    });
    add("POST", "/api/v1/alerts/([0-9]+)/acknowledge", Rule::Admin, true, [&](Side s) {
        return Call{"POST", "/api/v1/alerts/" + Str(FreshAlert(s)) + "/acknowledge",
                    json(Json::object())};
    });
    add("GET", "/api/v1/accounts/([0-9]+)/silences", Rule::MemberOrOperator, true, [&](Side s) {
        return Call{"GET", Account(s) + "/silences", ""};
    });
    add("POST", "/api/v1/accounts/([0-9]+)/silences", Rule::Admin, true, [&](Side s) {
        return Call{"POST", Account(s) + "/silences",
                    json({{"endsAt", telemetry::FormatUtcTime(
                                         std::chrono::duration_cast<std::chrono::seconds>(
                                             clock_.Now().time_since_epoch())
                                             .count() +
                                         3600)},
                          {"comment", "maintenance"}})};
    });
    add("DELETE", "/api/v1/silences/([0-9]+)", Rule::Admin, true, [&](Side s) {
        Id silence = Insert(
            "INSERT INTO alert_silences(account_id, starts_at, ends_at, created_at) VALUES (" +
            Str(AccountOf(s)) + ", " + NowSql() + ", " + NowSql() + " + 3600, " + NowSql() + ")");
        return Call{"DELETE", "/api/v1/silences/" + Str(silence), ""};
    });
    // Support tickets (issue 14): every member reads them (R-SUP-1), admins act on them, the
    // vendor's operators read and act on every one.
    add("POST", "/api/v1/accounts/([0-9]+)/tickets", Rule::Admin, true, [&](Side s) {
        return Call{"POST", Account(s) + "/tickets",
                    json({{"subject", Unique("Ticket ")}, {"severity", "low"}})};
    });
    add("GET", "/api/v1/accounts/([0-9]+)/tickets", Rule::MemberOrOperator, true, [&](Side s) {
        return Call{"GET", Account(s) + "/tickets?status=all", ""};
    });
    add("POST", "/api/v1/rooms/([0-9]+)/tickets", Rule::Admin, true, [&](Side s) {
        return Call{"POST", "/api/v1/rooms/" + Str(AnyRoom(s)) + "/tickets", "{}"};
    });
    add("GET", "/api/v1/rooms/([0-9]+)/ticket-proposal", Rule::MemberOrOperator, true, [&](Side s) {
        return Call{"GET", "/api/v1/rooms/" + Str(AnyRoom(s)) + "/ticket-proposal", ""};
    });
    add("GET", "/api/v1/tickets/([0-9]+)", Rule::MemberOrOperator, true, [&](Side s) {
        return Call{"GET", "/api/v1/tickets/" + Str(FreshTicket(s)), ""};
    });
    add("PATCH", "/api/v1/tickets/([0-9]+)", Rule::AdminOrOperator, true, [&](Side s) {
        return Call{"PATCH", "/api/v1/tickets/" + Str(FreshTicket(s)),
                    json({{"severity", "high"}})};
    });
    add("POST", "/api/v1/tickets/([0-9]+)/comments", Rule::AdminOrOperator, true, [&](Side s) {
        return Call{"POST", "/api/v1/tickets/" + Str(FreshTicket(s)) + "/comments",
                    json({{"body", "Any news?"}, {"internal", false}})};
    });
    // Following oneself: any member, an operator.
    add("POST", "/api/v1/tickets/([0-9]+)/followers", Rule::MemberOrOperator, true, [&](Side s) {
        return Call{"POST", "/api/v1/tickets/" + Str(FreshTicket(s)) + "/followers", "{}"};
    });
    // Removing the requester (the admin who opened it): themself, an admin, an operator.
    add("DELETE", "/api/v1/tickets/([0-9]+)/followers/([0-9]+)", Rule::AdminOrOperator, true,
        [&](Side s) {
            Id requester = UserNamed(s == Side::Own ? testing::kAnne.email : testing::kDana.email);
            return Call{"DELETE",
                        "/api/v1/tickets/" + Str(FreshTicket(s)) + "/followers/" + Str(requester),
                        ""};
        });
    // A raw body (the one route that takes one besides the room import's CSV).
    add("POST", "/api/v1/tickets/([0-9]+)/attachments", Rule::AdminOrOperator, true, [&](Side s) {
        return Call{"POST", "/api/v1/tickets/" + Str(FreshTicket(s)) + "/attachments?name=log.txt",
                    "boot ok\n", "application/octet-stream"};
    });
    add("GET", "/api/v1/attachments/([0-9]+)", Rule::MemberOrOperator, true, [&](Side s) {
        return Call{"GET", "/api/v1/attachments/" + Str(FreshAttachment(s)), ""};
    });
    add("GET", "/api/v1/support/tickets", Rule::Operator, false, [](Side) {
        return Call{"GET", "/api/v1/support/tickets?status=all", ""};
    });
    // Single sign-on (issue 15, R-ACC-5): an account's admins configure it, the vendor's support
    // reads it.
    add("GET", "/api/v1/accounts/([0-9]+)/sso/domains", Rule::AdminOrOperator, true, [&](Side s) {
        return Call{"GET", Account(s) + "/sso/domains", ""};
    });
    add("POST", "/api/v1/accounts/([0-9]+)/sso/domains", Rule::Admin, true, [&](Side s) {
        return Call{"POST", Account(s) + "/sso/domains",
                    json({{"domain", Unique("added") + ".test"}})};
    });
    add("POST", "/api/v1/sso/domains/([0-9]+)/verify", Rule::Admin, true, [&](Side s) {
        return Call{"POST", "/api/v1/sso/domains/" + Str(FreshSsoDomain(s)) + "/verify", "{}"};
    });
    add("DELETE", "/api/v1/sso/domains/([0-9]+)", Rule::Admin, true, [&](Side s) {
        return Call{"DELETE", "/api/v1/sso/domains/" + Str(FreshSsoDomain(s)), ""};
    });
    add("GET", "/api/v1/accounts/([0-9]+)/sso/connections", Rule::AdminOrOperator, true,
        [&](Side s) {
            return Call{"GET", Account(s) + "/sso/connections", ""};
        });
    // Refused on its domains (400) before any provider would be asked: past authorisation.
    add("POST", "/api/v1/accounts/([0-9]+)/sso/connections", Rule::Admin, true, [&](Side s) {
        return Call{"POST", Account(s) + "/sso/connections",
                    json({{"name", "IdP"},
                          {"issuer", "https://idp.test"},
                          {"clientId", "portal"},
                          {"clientSecret", "s3cret"},
                          {"domains", Json::array({999999})}})};
    });
    add("PATCH", "/api/v1/sso/connections/([0-9]+)", Rule::Admin, true, [&](Side s) {
        return Call{"PATCH", "/api/v1/sso/connections/" + Str(FreshSsoConnection(s)),
                    json({{"name", Unique("Renamed ")}})};
    });
    add("DELETE", "/api/v1/sso/connections/([0-9]+)", Rule::Admin, true, [&](Side s) {
        return Call{"DELETE", "/api/v1/sso/connections/" + Str(FreshSsoConnection(s)), ""};
    });
    add("GET", "/api/v1/accounts/([0-9]+)/sso/users", Rule::AdminOrOperator, true, [&](Side s) {
        return Call{"GET", Account(s) + "/sso/users", ""};
    });
    add("PATCH", "/api/v1/accounts/([0-9]+)/sso/users/([0-9]+)", Rule::Admin, true, [&](Side s) {
        return Call{"PATCH", Account(s) + "/sso/users/" + Str(FreshMember(s)),
                    json({{"breakGlass", false}})};
    });
    // Signing in through SSO: no session needed. The start goes to the (stored) provider's
    // authorization endpoint; a callback without a state and a logout token that is none are
    // refused past authorisation (302 to the app, 400).
    add("GET", "/api/v1/auth/sso/discover", Rule::Public, false, [&](Side) {
        std::string domain;
        FreshSsoConnection(Side::Own, &domain);
        return Call{"GET", "/api/v1/auth/sso/discover?email=someone%40" + domain, ""};
    });
    add("GET", "/api/v1/auth/sso/start", Rule::Public, false, [&](Side) {
        std::string domain;
        FreshSsoConnection(Side::Own, &domain);
        return Call{"GET", "/api/v1/auth/sso/start?email=someone%40" + domain + "&next=%23%2F", ""};
    });
    add("GET", "/api/v1/auth/sso/callback", Rule::Public, false, [](Side) {
        return Call{"GET", "/api/v1/auth/sso/callback?code=x&state=unknown", ""};
    });
    add("POST", "/api/v1/auth/sso/backchannel-logout", Rule::Public, false, [](Side) {
        return Call{"POST", "/api/v1/auth/sso/backchannel-logout", "logout_token=not-a-token",
                    "application/x-www-form-urlencoded"};
    });
    return m;
}

TEST_F(AuthorizationMatrixTest, EveryRouteAnswersEachCallerAsItsRoleRuleSays) {
    auto matrix = Matrix();
    std::set<std::pair<std::string, std::string>> registered;
    for (const auto& [method, pattern] : server_->Routes()) {
        if (pattern.rfind("/api/", 0) != 0) continue;
        registered.insert({method, pattern});
        EXPECT_TRUE(matrix.count({method, pattern}))
            << method << " " << pattern << " is not in the authorisation matrix";
    }
    for (const auto& [route, entry] : matrix) {
        EXPECT_TRUE(registered.count(route))
            << route.first << " " << route.second << " is in the matrix but not a route";
    }

    int calls = 0;
    for (const auto& [route, entry] : matrix) {
        if (!registered.count(route)) continue;
        for (Side side : {Side::Own, Side::Foreign}) {
            if (side == Side::Foreign && !entry.object_scoped) continue;
            for (Who who : kEveryone) {
                Call call = entry.make(side);
                ApiAnswer answer = Run(who, call);
                ++calls;
                int expected = Expected(entry.rule, who, side);
                std::string what = call.method + " " + call.path + " as " + NameOf(who) +
                                   (side == Side::Own ? " (own)" : " (foreign)") + ": " +
                                   std::to_string(answer.status) + " " + answer.body;
                if (expected == 0) {
                    EXPECT_TRUE(answer.status >= 200 && answer.status < 500 &&
                                answer.status != 401 && answer.status != 403 &&
                                answer.status != 404)
                        << what;
                } else {
                    EXPECT_EQ(answer.status, expected) << what;
                }
            }
        }
    }
    EXPECT_GT(calls, 300);
}

}  // namespace
}  // namespace portal::server
