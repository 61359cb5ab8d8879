#include "sso_signin_fixture.h"

#include <gtest/gtest.h>

#include <regex>

#include "model_fixture.h"
#include "server/database.h"
#include "server/net/outbound.h"

namespace portal::server::testing {

std::string SetCookies(const ApiAnswer& answer) {
    std::string out;
    auto range = answer.headers.equal_range("Set-Cookie");
    for (auto it = range.first; it != range.second; ++it) out += it->second + "\n";
    return out;
}

std::string PreLoginCookieOf(const ApiAnswer& answer) {
    std::smatch match;
    std::string cookies = SetCookies(answer);
    if (!std::regex_search(cookies, match, std::regex("(^|\n)portal_sso=([^;\n]+)"))) return {};
    return "portal_sso=" + match[2].str();
}

std::string SessionCookieIn(const ApiAnswer& answer) {
    std::smatch match;
    std::string cookies = SetCookies(answer);
    if (!std::regex_search(cookies, match, std::regex("(^|\n)portal_session=([^;\n]+)"))) {
        return {};
    }
    return "portal_session=" + match[2].str();
}

void SsoSignInTest::SetUp() {
    ApiTest::SetUp();
    StopServer();
    config_.outbound_allow_private = true;
    StartServer();
}

std::string SsoSignInTest::PublicUrl() const {
    return server_->config().public_url;
}

void SsoSignInTest::Exec(const std::string& sql) const {
    auto db = OpenRaw(DatabaseTarget(config_));
    ASSERT_TRUE(db->Exec(sql.c_str())) << sql << ": " << db->Error();
}

int64_t SsoSignInTest::AuditCount(const std::string& action) const {
    return QueryInt("SELECT COUNT(*) FROM audit_log WHERE action = '" + action + "'");
}

Id SsoSignInTest::AddVerifiedDomain(Id account_id, const std::string& domain,
                                    const DemoPerson& admin) {
    ApiAnswer added =
        SignInAs(admin).Post(Account(account_id, "/sso/domains"), {{"domain", domain}});
    EXPECT_EQ(added.status, 201) << added.body;
    Id id = added.json.value("id", Id{0});
    // R-ACC-5's DNS proof is the DNS suites' business: here the domain is simply verified.
    Exec(
        "UPDATE sso_domains SET verified_at = 1700000000, last_check_outcome = 'verified'"
        " WHERE id = " +
        Str(id));
    return id;
}

Id SsoSignInTest::AddConnection(const std::string& issuer, const ConnectionSetup& setup) {
    Id domain = AddVerifiedDomain(NorthwindHq(), setup.domain);
    ApiClient anne = SignInAs(kAnne);
    api::Json body = {{"name", "Test IdP"},          {"issuer", issuer},
                      {"clientId", setup.client_id}, {"clientSecret", setup.client_secret},
                      {"domains", {domain}},         {"enforced", false}};
    body["defaultRole"] = setup.default_role ? api::Json(*setup.default_role) : api::Json();
    ApiAnswer created = anne.Post(Account(NorthwindHq(), "/sso/connections"), body);
    EXPECT_EQ(created.status, 201) << created.body;
    return created.json.value("id", Id{0});
}

SsoLogin SsoSignInTest::StartSso(const std::string& email, const std::string& next,
                                 const ApiClient* client) const {
    ApiClient anonymous = Anonymous();
    const ApiClient& who = client ? *client : anonymous;
    std::string path = "/api/v1/auth/sso/start?email=" + net::PercentEncode(email);
    if (!next.empty()) path += "&next=" + net::PercentEncode(next);
    SsoLogin login;
    login.start = who.Get(path);
    login.location = login.start.Header("Location");
    login.cookie = PreLoginCookieOf(login.start);
    return login;
}

ApiAnswer SsoSignInTest::Callback(const std::string& url, const std::string& cookie) const {
    std::string origin = PublicUrl();
    EXPECT_EQ(url.rfind(origin + "/api/v1/auth/sso/callback?", 0), 0u) << url;
    std::string path = url.rfind(origin, 0) == 0 ? url.substr(origin.size()) : url;
    return ApiClient(server_->Port(), cookie).Get(path);
}

ApiClient SsoSignInTest::SessionOf(const ApiAnswer& answer) const {
    return ApiClient(server_->Port(), SessionCookieIn(answer));
}

}  // namespace portal::server::testing
