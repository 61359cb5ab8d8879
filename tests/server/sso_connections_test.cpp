// SSO connections, break-glass admins and the enforcement of single sign-on through the real
// server (issue 15, R-ACC-5), with the jose-built provider of oidc_fixture.h answering discovery
// on loopback (PORTAL_OUTBOUND_ALLOW_PRIVATE). The discovery document is checked on save (its
// issuer must be the configured one); the client secret is write-only and sealed at rest; a
// connection is enforced only once tested, with a domain, and while the account keeps a
// break-glass admin who signs in with a password; then a password sign-in for its domains is
// refused with the address to start SSO. The Test sign-in itself is the sign-in suite's: here
// tested_at is set in the database.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "api_fixture.h"
#include "model_fixture.h"
#include "oidc_fixture.h"
#include "server/database.h"
#include "server/password.h"

namespace portal::server {
namespace {

using Json = api::Json;
using testing::ApiAnswer;
using testing::ApiClient;
using testing::EvilProvider;
using testing::Str;

constexpr const char* kSecret = "the-client-secret-9f2c";

class SsoConnectionsTest : public testing::ApiTest {
  protected:
    void SetUp() override {
        ASSERT_TRUE(evil_.ok());
        ApiTest::SetUp();
        StopServer();
        config_.outbound_allow_private = true;  // the provider is on loopback, over http
        StartServer();
        hq_ = NorthwindHq();
        anne_id_ = UserNamed(testing::kAnne.email);
        anne_ = std::make_unique<ApiClient>(SignInAs(testing::kAnne));
    }

    std::string Connections(Id account) const { return Account(account, "/sso/connections"); }
    static std::string ConnectionPath(Id id) { return "/api/v1/sso/connections/" + Str(id); }
    std::string UserPath(Id account, Id user) const {
        return Account(account, "/sso/users/" + Str(user));
    }

    void Exec(const std::string& sql) const {
        auto db = testing::OpenRaw(DatabaseTarget(config_));
        EXPECT_TRUE(db->Exec(sql.c_str())) << sql << ": " << db->LastMessage();
    }
    std::string QueryText(const std::string& sql) const {
        auto db = testing::OpenRaw(DatabaseTarget(config_));
        Statement query = db->Prepare(sql);
        EXPECT_EQ(query.Step(), Statement::StepResult::Row) << sql;
        return query.ColumnIsNull(0) ? "" : query.ColumnText(0);
    }

    // A domain of account, verified (its DNS proof is sso_domains_test's).
    Id VerifiedDomain(Id account, const std::string& domain) const {
        Exec(
            "INSERT INTO sso_domains(account_id, domain, token, verified_at, created_at) VALUES (" +
            Str(account) + ", '" + domain + "', 'tok', 1, 1)");
        return QueryInt("SELECT max(id) FROM sso_domains");
    }
    Json Body(const std::vector<Id>& domains) const {
        return {{"name", "Northwind IdP"}, {"issuer", evil_.issuer()}, {"clientId", "portal-test"},
                {"clientSecret", kSecret}, {"domains", domains},       {"defaultRole", nullptr},
                {"enforced", false}};
    }
    Json Create(const std::vector<Id>& domains) const {
        ApiAnswer created = anne_->Post(Connections(hq_), Body(domains));
        EXPECT_EQ(created.status, 201) << created.body;
        return created.json;
    }
    void MarkTested(Id connection) const {
        Exec(
            "UPDATE sso_connections SET tested_at = 100, tested_subject = 'alice-sub' WHERE id = " +
            Str(connection));
    }
    // A user of account with a role, signing in with password (empty: none).
    Id AddMember(const std::string& email, const std::string& password, const char* role) const {
        std::string hash;
        if (!password.empty()) EXPECT_TRUE(HashPassword(password, config_.password_cost, hash));
        Exec("INSERT INTO users(email, name, password_hash, created_at) VALUES ('" + email +
             "', 'Member', '" + hash + "', '2026-01-01T00:00:00Z')");
        Id user = UserNamed(email);
        Exec("INSERT INTO memberships(user_id, account_id, role) VALUES (" + Str(user) + ", " +
             Str(hq_) + ", '" + role + "')");
        return user;
    }
    // Anne break-glass, the connection tested and enforced.
    Id EnforcedConnection() {
        Id domain = VerifiedDomain(hq_, "northwind.example");
        Id id = Create({domain})["id"];
        MarkTested(id);
        EXPECT_EQ(anne_->Patch(UserPath(hq_, anne_id_), {{"breakGlass", true}}).status, 200);
        ApiAnswer enforced = anne_->Patch(ConnectionPath(id), {{"enforced", true}});
        EXPECT_EQ(enforced.status, 200) << enforced.body;
        return id;
    }
    ApiAnswer PasswordSignIn(const std::string& email, const std::string& password) const {
        return Anonymous().Post("/api/v1/auth/login", {{"email", email}, {"password", password}});
    }

    EvilProvider evil_;
    Id hq_ = 0;
    Id anne_id_ = 0;
    std::unique_ptr<ApiClient> anne_;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Saving a connection

TEST_F(SsoConnectionsTest, CreateChecksDiscoveryAndNeverAnswersTheSecret) {
    Id domain = VerifiedDomain(hq_, "northwind.example");
    ApiAnswer created = anne_->Post(Connections(hq_), Body({domain}));
    ASSERT_EQ(created.status, 201) << created.body;
    const Json& c = created.json;
    std::set<std::string> keys;
    for (const auto& [key, value] : c.items()) keys.insert(key);
    EXPECT_EQ(keys, (std::set<std::string>{"id", "accountId", "name", "issuer", "clientId",
                                           "clientSecretSet", "domains", "defaultRole", "enforced",
                                           "testedAt", "redirectUri", "endSessionEndpoint",
                                           "createdAt", "updatedAt"}));
    EXPECT_EQ(c["accountId"], hq_);
    EXPECT_EQ(c["issuer"], evil_.issuer());
    EXPECT_EQ(c["clientId"], "portal-test");
    EXPECT_EQ(c["clientSecretSet"], true);
    EXPECT_EQ(c["domains"], Json::array({domain}));
    EXPECT_TRUE(c["defaultRole"].is_null());
    EXPECT_EQ(c["enforced"], false);
    EXPECT_TRUE(c["testedAt"].is_null());
    EXPECT_EQ(c["redirectUri"], server_->config().public_url + "/api/v1/auth/sso/callback");
    EXPECT_EQ(c["endSessionEndpoint"], evil_.issuer() + "/session/end");
    EXPECT_EQ(created.body.find(kSecret), std::string::npos);
    EXPECT_GE(evil_.Requests()["discovery_fetches"].get<int>(), 1);

    ApiAnswer list = anne_->Get(Connections(hq_));
    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_EQ(list.json["redirectUri"], server_->config().public_url + "/api/v1/auth/sso/callback");
    ASSERT_EQ(list.json["items"].size(), 1u);
    EXPECT_EQ(list.json["items"][0], c);
    EXPECT_EQ(list.body.find(kSecret), std::string::npos);

    // Sealed at rest, and in no audit entry.
    std::string sealed = QueryText("SELECT client_secret_sealed FROM sso_connections");
    EXPECT_EQ(sealed.rfind("v1:", 0), 0u) << sealed;
    EXPECT_EQ(sealed.find(kSecret), std::string::npos);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM audit_log WHERE action = 'sso.connection.create'"), 1);
    EXPECT_EQ(QueryInt(std::string("SELECT count(*) FROM audit_log WHERE coalesce(before, '') ||"
                                   " coalesce(after, '') LIKE '%") +
                       kSecret + "%'"),
              0);
    EXPECT_NE(QueryText("SELECT discovery_json FROM sso_connections").find("jwks_uri"),
              std::string::npos);

    // A new secret: sealed anew, still never answered.
    ApiAnswer patched = anne_->Patch(ConnectionPath(c["id"]), {{"clientSecret", "another-one"}});
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(patched.body.find("another-one"), std::string::npos);
    EXPECT_NE(QueryText("SELECT client_secret_sealed FROM sso_connections"), sealed);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM audit_log WHERE coalesce(before, '') ||"
                       " coalesce(after, '') LIKE '%another-one%'"),
              0);
}

TEST_F(SsoConnectionsTest, ADiscoveryDocumentOfAnotherIssuerIsRefusedNamingTheIssuer) {
    evil_.SetMode({{"mode", "good"}, {"discovery_issuer", "https://someone-else.example"}});
    ApiAnswer refused = anne_->Post(Connections(hq_), Body({}));
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(refused.ErrorCode(), "discovery_failed");
    ASSERT_TRUE(refused.json["error"]["details"]["fields"].is_array()) << refused.body;
    EXPECT_EQ(refused.json["error"]["details"]["fields"][0]["field"], "issuer");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM sso_connections"), 0);

    // Nobody answering: the same.
    Json body = Body({});
    body["issuer"] = "http://127.0.0.1:1";
    ApiAnswer unreachable = anne_->Post(Connections(hq_), body);
    EXPECT_EQ(unreachable.status, 422) << unreachable.body;
    EXPECT_EQ(unreachable.json["error"]["details"]["fields"][0]["field"], "issuer");

    body["issuer"] = "not a url";
    ApiAnswer invalid = anne_->Post(Connections(hq_), body);
    EXPECT_EQ(invalid.status, 400) << invalid.body;
    EXPECT_EQ(invalid.json["error"]["details"]["fields"][0]["field"], "issuer");
}

TEST_F(SsoConnectionsTest, DomainsMustBeVerifiedDomainsOfTheAccount) {
    Exec("INSERT INTO sso_domains(account_id, domain, token, created_at) VALUES (" + Str(hq_) +
         ", 'unproven.example', 'tok', 1)");
    Id unverified = QueryInt("SELECT max(id) FROM sso_domains");
    Id foreign = VerifiedDomain(Contoso(), "contoso.example");
    for (Id domain : {unverified, foreign, Id{999999}}) {
        SCOPED_TRACE(domain);
        ApiAnswer refused = anne_->Post(Connections(hq_), Body({domain}));
        EXPECT_EQ(refused.status, 400) << refused.body;
        EXPECT_EQ(refused.ErrorCode(), "invalid_fields");
        EXPECT_EQ(refused.json["error"]["details"]["fields"][0]["field"], "domains");
    }
    for (const char* missing : {"name", "issuer", "clientId", "clientSecret"}) {
        Json body = Body({});
        body.erase(missing);
        ApiAnswer refused = anne_->Post(Connections(hq_), body);
        EXPECT_EQ(refused.status, 400) << refused.body;
        EXPECT_EQ(refused.json["error"]["details"]["fields"][0]["field"], missing);
    }
    EXPECT_EQ(QueryInt("SELECT count(*) FROM sso_connections"), 0);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Enforcement (R-ACC-5)

TEST_F(SsoConnectionsTest, EnforcementNeedsATestADomainAndABreakGlassAdmin) {
    // Never at creation: it has not been tested.
    Json body = Body({VerifiedDomain(hq_, "northwind.example")});
    body["enforced"] = true;
    ApiAnswer at_creation = anne_->Post(Connections(hq_), body);
    EXPECT_EQ(at_creation.status, 409) << at_creation.body;
    EXPECT_EQ(at_creation.Rule(), "R-ACC-5");

    Id domain = QueryInt("SELECT max(id) FROM sso_domains");
    Id id = Create({domain})["id"];
    ApiAnswer untested = anne_->Patch(ConnectionPath(id), {{"enforced", true}});
    EXPECT_EQ(untested.status, 409) << untested.body;
    EXPECT_EQ(untested.Rule(), "R-ACC-5");
    EXPECT_NE(untested.json["error"]["message"].get<std::string>().find("Test sign-in"),
              std::string::npos)
        << untested.body;

    MarkTested(id);
    ApiAnswer no_domain =
        anne_->Patch(ConnectionPath(id), {{"enforced", true}, {"domains", Json::array()}});
    EXPECT_EQ(no_domain.status, 409) << no_domain.body;
    EXPECT_NE(no_domain.json["error"]["message"].get<std::string>().find("domain"),
              std::string::npos)
        << no_domain.body;

    ApiAnswer no_break_glass = anne_->Patch(ConnectionPath(id), {{"enforced", true}});
    EXPECT_EQ(no_break_glass.status, 409) << no_break_glass.body;
    EXPECT_NE(no_break_glass.json["error"]["message"].get<std::string>().find("break-glass"),
              std::string::npos)
        << no_break_glass.body;
    EXPECT_EQ(QueryInt("SELECT enforced FROM sso_connections"), 0);

    ApiAnswer marked = anne_->Patch(UserPath(hq_, anne_id_), {{"breakGlass", true}});
    ASSERT_EQ(marked.status, 200) << marked.body;
    ApiAnswer enforced = anne_->Patch(ConnectionPath(id), {{"enforced", true}});
    ASSERT_EQ(enforced.status, 200) << enforced.body;
    EXPECT_EQ(enforced.json["enforced"], true);
    EXPECT_TRUE(enforced.json["testedAt"].is_string());
    EXPECT_EQ(QueryInt("SELECT count(*) FROM audit_log WHERE action = 'sso.connection.update'"), 1);
}

TEST_F(SsoConnectionsTest, ChangingTheProviderClearsTheTestAndIsRefusedWhileEnforced) {
    Id id = EnforcedConnection();
    // R-ACC-5: enforced, the provider settings cannot change under everyone's feet.
    for (const Json& change : {Json{{"clientId", "other"}}, Json{{"clientSecret", "new"}},
                               Json{{"issuer", evil_.issuer() + "/x"}}}) {
        SCOPED_TRACE(change.dump());
        ApiAnswer refused = anne_->Patch(ConnectionPath(id), change);
        EXPECT_EQ(refused.status, 409) << refused.body;
        EXPECT_EQ(refused.Rule(), "R-ACC-5");
    }
    // A rename keeps the test.
    ApiAnswer renamed = anne_->Patch(ConnectionPath(id), {{"name", "Renamed"}});
    ASSERT_EQ(renamed.status, 200) << renamed.body;
    EXPECT_TRUE(renamed.json["testedAt"].is_string());
    EXPECT_EQ(renamed.json["enforced"], true);

    // With enforced:false in the same PATCH: allowed, and the test is gone.
    ApiAnswer changed =
        anne_->Patch(ConnectionPath(id), {{"clientId", "other"}, {"enforced", false}});
    ASSERT_EQ(changed.status, 200) << changed.body;
    EXPECT_EQ(changed.json["clientId"], "other");
    EXPECT_EQ(changed.json["enforced"], false);
    EXPECT_TRUE(changed.json["testedAt"].is_null());

    // A new issuer: discovered again (another provider), and untested.
    MarkTested(id);
    EvilProvider second;
    ASSERT_TRUE(second.ok());
    ApiAnswer moved = anne_->Patch(ConnectionPath(id), {{"issuer", second.issuer()}});
    ASSERT_EQ(moved.status, 200) << moved.body;
    EXPECT_EQ(moved.json["issuer"], second.issuer());
    EXPECT_TRUE(moved.json["testedAt"].is_null());
    EXPECT_EQ(moved.json["endSessionEndpoint"], second.issuer() + "/session/end");
    // And one whose discovery fails: refused, nothing changed.
    ApiAnswer bad = anne_->Patch(ConnectionPath(id), {{"issuer", "http://127.0.0.1:1"}});
    EXPECT_EQ(bad.status, 422) << bad.body;
    EXPECT_EQ(QueryText("SELECT issuer FROM sso_connections WHERE id = " + Str(id)),
              second.issuer());
}

TEST_F(SsoConnectionsTest, BreakGlassIsForAdminsWithAPassword) {
    Id louis = UserNamed(testing::kLouis.email);
    ApiAnswer readonly = anne_->Patch(UserPath(hq_, louis), {{"breakGlass", true}});
    EXPECT_EQ(readonly.status, 409) << readonly.body;
    EXPECT_EQ(readonly.Rule(), "R-ACC-5");
    Id sso_only = AddMember("sso-only@northwind.example", "", "admin");
    ApiAnswer no_password = anne_->Patch(UserPath(hq_, sso_only), {{"breakGlass", true}});
    EXPECT_EQ(no_password.status, 409) << no_password.body;
    EXPECT_EQ(no_password.Rule(), "R-ACC-5");

    ApiAnswer anne = anne_->Patch(UserPath(hq_, anne_id_), {{"breakGlass", true}});
    ASSERT_EQ(anne.status, 200) << anne.body;
    EXPECT_EQ(anne.json["userId"], anne_id_);
    EXPECT_EQ(anne.json["breakGlass"], true);
    EXPECT_EQ(anne.json["hasPassword"], true);
    EXPECT_EQ(anne.json["role"], "admin");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM audit_log WHERE action = 'sso.user.break_glass'"), 1);

    ApiAnswer users = anne_->Get(Account(hq_, "/sso/users"));
    ASSERT_EQ(users.status, 200) << users.body;
    bool seen = false;
    for (const Json& item : users.json["items"]) {
        if (item["userId"] != anne_id_) continue;
        seen = true;
        EXPECT_EQ(item, anne.json);
        EXPECT_TRUE(item["lastPasswordSignInAt"].is_string()) << item;  // she signed in
        EXPECT_TRUE(item["lastSsoSignInAt"].is_null());
        EXPECT_EQ(item["ssoIdentities"], Json::array());
    }
    EXPECT_TRUE(seen) << users.body;

    // Who may: the read-only member sees nothing of it (403), another tenant gets the 404,
    // the vendor's support reads.
    ApiClient louis_client = SignInAs(testing::kLouis);
    EXPECT_EQ(louis_client.Get(Account(hq_, "/sso/users")).status, 403);
    EXPECT_EQ(louis_client.Patch(UserPath(hq_, louis), {{"breakGlass", true}}).status, 403);
    ApiClient dana = SignInAs(testing::kDana);
    EXPECT_EQ(dana.Patch(UserPath(hq_, anne_id_), {{"breakGlass", false}}).status, 404);
    EXPECT_EQ(SignInAs(testing::kOlivia).Get(Account(hq_, "/sso/users")).status, 200);
    // Someone who is not a member of the account: as missing.
    EXPECT_EQ(
        anne_->Patch(UserPath(hq_, UserNamed(testing::kDana.email)), {{"breakGlass", true}}).status,
        404);
}

TEST_F(SsoConnectionsTest, EnforcedSsoRefusesPasswordsButForBreakGlassAdmins) {
    EnforcedConnection();
    // R-ACC-5: Louis (northwind.example, not break-glass) is sent to SSO, right password or not.
    for (const std::string& password : {std::string(testing::kLouis.password), std::string("no")}) {
        ApiAnswer refused = PasswordSignIn(testing::kLouis.email, password);
        EXPECT_EQ(refused.status, 403) << refused.body;
        EXPECT_EQ(refused.ErrorCode(), "sso_required");
        EXPECT_EQ(refused.json["error"]["message"],
                  "Your organisation requires single sign-on for this address.");
        EXPECT_EQ(refused.json["error"]["details"]["ssoUrl"],
                  "/api/v1/auth/sso/start?email=louis.bernard%40northwind.example");
        EXPECT_TRUE(SessionCookieOf(refused).empty());
    }
    // An unknown address of the domain: the same answer (nothing said about who exists).
    ApiAnswer unknown = PasswordSignIn("nobody@NorthWind.example", "whatever");
    EXPECT_EQ(unknown.status, 403) << unknown.body;
    EXPECT_EQ(unknown.ErrorCode(), "sso_required");

    // The break-glass admin still signs in with her password (and only with the right one).
    ApiAnswer anne = PasswordSignIn(testing::kAnne.email, testing::kAnne.password);
    EXPECT_EQ(anne.status, 200) << anne.body;
    ApiAnswer wrong = PasswordSignIn(testing::kAnne.email, "wrong");
    EXPECT_EQ(wrong.status, 403) << wrong.body;
    // An address outside the connection's domains is not concerned.
    EXPECT_EQ(PasswordSignIn(testing::kDana.email, testing::kDana.password).status, 200);
    EXPECT_EQ(PasswordSignIn(testing::kSam.email, testing::kSam.password).status, 200);

    // Enforcement off: passwords again.
    Id id = QueryInt("SELECT id FROM sso_connections");
    ASSERT_EQ(anne_->Patch(ConnectionPath(id), {{"enforced", false}}).status, 200);
    EXPECT_EQ(PasswordSignIn(testing::kLouis.email, testing::kLouis.password).status, 200);
}

TEST_F(SsoConnectionsTest, TheLastBreakGlassAdminCannotBeDroppedWhileEnforced) {
    Id bob = AddMember("bob@northwind.example", "bob-password-123", "admin");
    // Signed in before SSO is required: afterwards his password is refused (not break-glass).
    ApiClient bob_client = SignInAs("bob@northwind.example", "bob-password-123");
    Id id = EnforcedConnection();
    std::string anne_member = Account(hq_, "/members/" + Str(anne_id_));

    // R-ACC-5: not un-marked, demoted nor removed while she is the last one.
    ApiAnswer unmark = anne_->Patch(UserPath(hq_, anne_id_), {{"breakGlass", false}});
    EXPECT_EQ(unmark.status, 409) << unmark.body;
    EXPECT_EQ(unmark.Rule(), "R-ACC-5");
    ApiAnswer demote = bob_client.Patch(anne_member, {{"role", "readonly"}});
    EXPECT_EQ(demote.status, 409) << demote.body;
    EXPECT_EQ(demote.Rule(), "R-ACC-5");
    ApiAnswer remove = bob_client.Delete(anne_member);
    EXPECT_EQ(remove.status, 409) << remove.body;
    EXPECT_EQ(remove.Rule(), "R-ACC-5");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM memberships WHERE role = 'admin' AND break_glass = 1"
                       " AND user_id = " +
                       Str(anne_id_)),
              1);

    // Bob is break-glass too: Anne may go down to read-only, and loses break-glass with it.
    ASSERT_EQ(anne_->Patch(UserPath(hq_, bob), {{"breakGlass", true}}).status, 200);
    ApiAnswer demoted = bob_client.Patch(anne_member, {{"role", "readonly"}});
    ASSERT_EQ(demoted.status, 200) << demoted.body;
    EXPECT_EQ(QueryInt("SELECT break_glass FROM memberships WHERE user_id = " + Str(anne_id_)), 0);
    // Now Bob is the last one; with enforcement off he may go.
    EXPECT_EQ(bob_client.Patch(UserPath(hq_, bob), {{"breakGlass", false}}).status, 409);
    ASSERT_EQ(bob_client.Patch(ConnectionPath(id), {{"enforced", false}}).status, 200);
    EXPECT_EQ(bob_client.Patch(UserPath(hq_, bob), {{"breakGlass", false}}).status, 200);
}

TEST_F(SsoConnectionsTest, DeleteAndWhoMayTouchAConnection) {
    Id id = Create({})["id"];
    ApiClient louis = SignInAs(testing::kLouis);
    EXPECT_EQ(louis.Get(Connections(hq_)).status, 403);
    EXPECT_EQ(louis.Post(Connections(hq_), Body({})).status, 403);
    EXPECT_EQ(louis.Patch(ConnectionPath(id), {{"name", "x"}}).status, 403);
    EXPECT_EQ(louis.Delete(ConnectionPath(id)).status, 403);

    ApiClient dana = SignInAs(testing::kDana);
    ApiAnswer foreign = dana.Patch(ConnectionPath(id), {{"name", "x"}});
    EXPECT_EQ(foreign.status, 404);
    EXPECT_EQ(foreign.body, dana.Patch(ConnectionPath(999999), {{"name", "x"}}).body);
    EXPECT_EQ(dana.Delete(ConnectionPath(id)).status, 404);
    EXPECT_EQ(dana.Get(Connections(hq_)).status, 404);

    ApiClient olivia = SignInAs(testing::kOlivia);
    EXPECT_EQ(olivia.Get(Connections(hq_)).status, 200);
    EXPECT_EQ(olivia.Delete(ConnectionPath(id)).status, 404);

    ApiAnswer deleted = anne_->Delete(ConnectionPath(id));
    EXPECT_EQ(deleted.status, 204) << deleted.body;
    EXPECT_EQ(anne_->Get(Connections(hq_)).json["items"].size(), 0u);
    EXPECT_EQ(anne_->Delete(ConnectionPath(id)).status, 404);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM audit_log WHERE action = 'sso.connection.delete'"), 1);
}

}  // namespace
}  // namespace portal::server
