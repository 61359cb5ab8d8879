// SSO domains through the real server (issue 15, R-ACC-5): an account proves a domain with a DNS
// TXT record, looked up on a real DNS server on loopback (dnsmasq, dns_fixture.h). A domain
// verified by one customer (parent entity) cannot be added or verified by another; accounts of
// one parent entity may each hold it. Admins write, read-only members are refused (403), the
// vendor's operators read, other tenants get the one 404.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "api_fixture.h"
#include "dns_fixture.h"
#include "model_fixture.h"
#include "server/database.h"

namespace portal::server {
namespace {

using Json = api::Json;
using testing::ApiAnswer;
using testing::ApiClient;
using testing::DnsServer;
using testing::Str;

class SsoDomainsTest : public testing::ApiTest {
  protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(dns_.Start());
        ApiTest::SetUp();
        StopServer();
        config_.dns_servers = dns_.ServersText();
        StartServer();
        hq_ = NorthwindHq();
        anne_ = std::make_unique<ApiClient>(SignInAs(testing::kAnne));
    }

    std::string Domains(Id account) const { return Account(account, "/sso/domains"); }
    static std::string Verify(Id domain) {
        return "/api/v1/sso/domains/" + Str(domain) + "/verify";
    }
    static std::string DomainPath(Id domain) { return "/api/v1/sso/domains/" + Str(domain); }

    // Adds `domain` to account as client; the 201's body.
    Json Add(const ApiClient& client, Id account, const std::string& domain) const {
        ApiAnswer added = client.Post(Domains(account), {{"domain", domain}});
        EXPECT_EQ(added.status, 201) << added.body;
        return added.json;
    }
    // Publishes what the domain's verification asks for.
    void Publish(const Json& domain) {
        dns_.SetTxt(domain["verification"]["name"], domain["verification"]["value"]);
    }
    void Exec(const std::string& sql) const {
        auto db = testing::OpenRaw(DatabaseTarget(config_));
        EXPECT_TRUE(db->Exec(sql.c_str())) << sql << ": " << db->LastMessage();
    }

    DnsServer dns_;
    Id hq_ = 0;
    std::unique_ptr<ApiClient> anne_;
};

TEST_F(SsoDomainsTest, AddAnswersTheDomainWithTheRecordToPublish) {
    ApiAnswer added = anne_->Post(Domains(hq_), {{"domain", "  Example.TEST. "}});
    ASSERT_EQ(added.status, 201) << added.body;
    const Json& d = added.json;
    std::set<std::string> keys;
    for (const auto& [key, value] : d.items()) keys.insert(key);
    EXPECT_EQ(keys, (std::set<std::string>{"id", "accountId", "domain", "verified", "verifiedAt",
                                           "verification", "lastCheck", "createdAt"}));
    EXPECT_GT(d["id"].get<int64_t>(), 0);
    EXPECT_EQ(d["accountId"], hq_);
    EXPECT_EQ(d["domain"], "example.test");  // trimmed, lower-cased, trailing dot dropped
    EXPECT_EQ(d["verified"], false);
    EXPECT_TRUE(d["verifiedAt"].is_null());
    EXPECT_TRUE(d["lastCheck"].is_null());
    EXPECT_TRUE(d["createdAt"].is_string());
    EXPECT_EQ(d["verification"]["type"], "dns-txt");
    EXPECT_EQ(d["verification"]["name"], "_portal-verification.example.test");
    std::string value = d["verification"]["value"];
    ASSERT_EQ(value.rfind("portal-verification=", 0), 0u) << value;
    EXPECT_GE(value.size() - std::string("portal-verification=").size(), 32u) << value;

    ApiAnswer list = anne_->Get(Domains(hq_));
    ASSERT_EQ(list.status, 200) << list.body;
    ASSERT_EQ(list.json["items"].size(), 1u);
    EXPECT_EQ(list.json["items"][0], d);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM audit_log WHERE action = 'sso.domain.create'"
                       " AND object = 'sso-domain:" +
                       Str(d["id"].get<Id>()) + "'"),
              1);

    // The same account twice: a conflict, whatever the spelling.
    ApiAnswer again = anne_->Post(Domains(hq_), {{"domain", "EXAMPLE.test"}});
    EXPECT_EQ(again.status, 409) << again.body;
    EXPECT_EQ(again.ErrorCode(), "conflict");
}

TEST_F(SsoDomainsTest, VerifiesOnceThePublishedRecordHoldsTheToken) {
    Json d = Add(*anne_, hq_, "verified.test");
    Id id = d["id"];
    ASSERT_NO_FATAL_FAILURE(Publish(d));
    ApiAnswer verified = anne_->Post(Verify(id), Json::object());
    ASSERT_EQ(verified.status, 200) << verified.body;
    EXPECT_EQ(verified.json["verified"], true);
    EXPECT_TRUE(verified.json["verifiedAt"].is_string());
    EXPECT_EQ(verified.json["lastCheck"]["outcome"], "verified");
    EXPECT_TRUE(verified.json["lastCheck"]["at"].is_string());
    EXPECT_EQ(QueryInt("SELECT count(*) FROM audit_log WHERE action = 'sso.domain.verify'"), 1);

    // Verifying again re-checks: still verified while the record stays.
    ApiAnswer again = anne_->Post(Verify(id), Json::object());
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.json["verified"], true);
    EXPECT_EQ(again.json["verifiedAt"], verified.json["verifiedAt"]);

    // The record gone: the proof no longer holds.
    ASSERT_NO_FATAL_FAILURE(dns_.ClearTxt());
    ApiAnswer gone = anne_->Post(Verify(id), Json::object());
    ASSERT_EQ(gone.status, 200) << gone.body;
    EXPECT_EQ(gone.json["verified"], false);
    EXPECT_EQ(gone.json["lastCheck"]["outcome"], "no_record");
}

TEST_F(SsoDomainsTest, AWrongValueSaysWhatWasFoundAndWhatIsExpected) {
    Json d = Add(*anne_, hq_, "wrong.test");
    ASSERT_NO_FATAL_FAILURE(
        dns_.SetTxt("_portal-verification.wrong.test", "portal-verification=abc"));
    ApiAnswer answer = anne_->Post(Verify(d["id"]), Json::object());
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.json["verified"], false);
    EXPECT_EQ(answer.json["lastCheck"]["outcome"], "wrong_value");
    std::string message = answer.json["lastCheck"]["message"];
    EXPECT_NE(message.find("found portal-verification=abc"), std::string::npos) << message;
    EXPECT_NE(message.find("expected " + d["verification"]["value"].get<std::string>()),
              std::string::npos)
        << message;
}

TEST_F(SsoDomainsTest, NoRecordSaysTheNameHasNone) {
    Json d = Add(*anne_, hq_, "nothing.test");
    ApiAnswer answer = anne_->Post(Verify(d["id"]), Json::object());
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.json["verified"], false);
    EXPECT_EQ(answer.json["lastCheck"]["outcome"], "no_record");
    EXPECT_EQ(answer.json["lastCheck"]["message"],
              "_portal-verification.nothing.test has no TXT record");
    // A name that exists without TXT records is no record either.
    Json other = Add(*anne_, hq_, "arecord.test");
    ASSERT_NO_FATAL_FAILURE(dns_.SetA("_portal-verification.arecord.test", "192.0.2.1"));
    ApiAnswer nodata = anne_->Post(Verify(other["id"]), Json::object());
    ASSERT_EQ(nodata.status, 200) << nodata.body;
    EXPECT_EQ(nodata.json["lastCheck"]["outcome"], "no_record");
}

TEST_F(SsoDomainsTest, AnotherCustomerCannotAddOrVerifyAVerifiedDomain) {
    // R-ACC-5: Northwind verifies shared.test; Contoso (another parent entity) may not add it.
    Json d = Add(*anne_, hq_, "shared.test");
    ASSERT_NO_FATAL_FAILURE(Publish(d));
    ASSERT_EQ(anne_->Post(Verify(d["id"]), Json::object()).json["verified"], true);

    ApiClient dana = SignInAs(testing::kDana);
    ApiAnswer refused = dana.Post(Domains(Contoso()), {{"domain", "shared.test"}});
    EXPECT_EQ(refused.status, 409) << refused.body;
    EXPECT_EQ(refused.ErrorCode(), "rule_violation");
    EXPECT_EQ(refused.Rule(), "R-ACC-5");

    // Contoso added race.test before Northwind verified it: Contoso's verification is refused
    // (R-ACC-5), even with its own record published.
    Json contoso = Add(dana, Contoso(), "race.test");
    Json northwind = Add(*anne_, hq_, "race.test");
    ASSERT_NO_FATAL_FAILURE(Publish(northwind));
    ASSERT_NO_FATAL_FAILURE(Publish(contoso));
    ASSERT_EQ(anne_->Post(Verify(northwind["id"]), Json::object()).json["verified"], true);
    ApiAnswer late = dana.Post(Verify(contoso["id"]), Json::object());
    EXPECT_EQ(late.status, 409) << late.body;
    EXPECT_EQ(late.Rule(), "R-ACC-5");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM sso_domains WHERE verified_at IS NOT NULL"
                       " AND account_id = " +
                       Str(Contoso())),
              0);

    // A sibling account of the same parent entity (Northwind Austin, Sam's by delegation) may
    // hold and verify it too.
    ApiClient sam = SignInAs(testing::kSam);
    Json austin = Add(sam, NorthwindAustin(), "shared.test");
    ASSERT_NO_FATAL_FAILURE(Publish(austin));
    ApiAnswer sibling = sam.Post(Verify(austin["id"]), Json::object());
    ASSERT_EQ(sibling.status, 200) << sibling.body;
    EXPECT_EQ(sibling.json["verified"], true);
}

TEST_F(SsoDomainsTest, ValidationNamesTheDomain) {
    for (const Json& bad :
         {Json(""), Json("   "), Json("localhost"), Json("192.168.1.1"), Json("-bad.example"),
          Json("bad-.example"), Json("a..example"), Json("exa_mple.com"), Json("http://x.com"),
          Json("user@example.com"), Json(std::string(64, 'a') + ".com"),
          Json(std::string(250, 'a').insert(60, ".").insert(120, ".").insert(180, ".") + ".com"),
          Json("ex ample.com"), Json(42), Json(nullptr)}) {
        SCOPED_TRACE(bad.dump());
        ApiAnswer answer = anne_->Post(Domains(hq_), {{"domain", bad}});
        EXPECT_EQ(answer.status, 400) << answer.body;
        EXPECT_EQ(answer.ErrorCode(), "invalid_fields");
        ASSERT_TRUE(answer.json["error"]["details"]["fields"].is_array()) << answer.body;
        EXPECT_EQ(answer.json["error"]["details"]["fields"][0]["field"], "domain");
    }
    ApiAnswer missing = anne_->Post(Domains(hq_), Json::object());
    EXPECT_EQ(missing.status, 400);
    EXPECT_EQ(missing.json["error"]["details"]["fields"][0]["field"], "domain");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM sso_domains"), 0);
}

TEST_F(SsoDomainsTest, ReadOnlyMembersAreRefusedAndOperatorsRead) {
    Json d = Add(*anne_, hq_, "roles.test");
    Id id = d["id"];
    ApiClient louis = SignInAs(testing::kLouis);
    EXPECT_EQ(louis.Get(Domains(hq_)).status, 403);
    EXPECT_EQ(louis.Post(Domains(hq_), {{"domain", "louis.test"}}).status, 403);
    EXPECT_EQ(louis.Post(Verify(id), Json::object()).status, 403);
    EXPECT_EQ(louis.Delete(DomainPath(id)).status, 403);

    // The vendor's support reads (audited as support.read), and changes nothing.
    ApiClient olivia = SignInAs(testing::kOlivia);
    ApiAnswer read = olivia.Get(Domains(hq_));
    ASSERT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(read.json["items"].size(), 1u);
    EXPECT_EQ(olivia.Post(Domains(hq_), {{"domain", "olivia.test"}}).status, 404);
    EXPECT_EQ(olivia.Delete(DomainPath(id)).status, 404);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM sso_domains"), 1);
}

TEST_F(SsoDomainsTest, AnotherTenantsDomainAnswersLikeAMissingOne) {
    Json d = Add(*anne_, hq_, "tenant.test");
    Id id = d["id"];
    ApiClient dana = SignInAs(testing::kDana);
    ApiAnswer missing = dana.Post(Verify(999999), Json::object());
    ASSERT_EQ(missing.status, 404);
    ApiAnswer foreign = dana.Post(Verify(id), Json::object());
    EXPECT_EQ(foreign.status, 404);
    EXPECT_EQ(foreign.body, missing.body);
    ApiAnswer foreign_delete = dana.Delete(DomainPath(id));
    EXPECT_EQ(foreign_delete.status, 404);
    EXPECT_EQ(foreign_delete.body, dana.Delete(DomainPath(999999)).body);
    ApiAnswer foreign_list = dana.Get(Domains(hq_));
    EXPECT_EQ(foreign_list.status, 404);
    EXPECT_EQ(foreign_list.body, dana.Get(Domains(999999)).body);
    EXPECT_EQ(foreign_list.body, missing.body);
    EXPECT_EQ(dana.Post(Domains(hq_), {{"domain", "dana.test"}}).status, 404);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM sso_domains"), 1);
}

TEST_F(SsoDomainsTest, DeleteRemovesTheDomainFromConnections) {
    Json d = Add(*anne_, hq_, "gone.test");
    Id id = d["id"];
    ASSERT_NO_FATAL_FAILURE(Publish(d));
    ASSERT_EQ(anne_->Post(Verify(id), Json::object()).json["verified"], true);
    // An enforced connection holding only this domain (written behind the API's back: its
    // discovery and test are sso_connections_test's).
    Exec(
        "INSERT INTO sso_connections(account_id, name, issuer, client_id, client_secret_sealed,"
        " enforced, tested_at, created_at, updated_at) VALUES (" +
        Str(hq_) + ", 'IdP', 'https://idp.test', 'portal', 'v1:x', 1, 1, 1, 1)");
    Id connection = QueryInt("SELECT max(id) FROM sso_connections");
    Exec("INSERT INTO sso_connection_domains(connection_id, domain_id) VALUES (" + Str(connection) +
         ", " + Str(id) + ")");

    ApiAnswer deleted = anne_->Delete(DomainPath(id));
    ASSERT_EQ(deleted.status, 204) << deleted.body;
    EXPECT_EQ(QueryInt("SELECT count(*) FROM sso_connection_domains"), 0);
    // R-ACC-5: an enforced connection left with no domain stops being enforced.
    EXPECT_EQ(QueryInt("SELECT enforced FROM sso_connections WHERE id = " + Str(connection)), 0);
    EXPECT_EQ(anne_->Get(Domains(hq_)).json["items"].size(), 0u);
    EXPECT_EQ(anne_->Delete(DomainPath(id)).status, 404);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM audit_log WHERE action = 'sso.domain.delete'"), 1);
}

}  // namespace
}  // namespace portal::server
