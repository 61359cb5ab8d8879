#include "api_fixture.h"

#include <gtest/gtest.h>

#include <regex>

#include "model_fixture.h"
#include "server/database.h"

namespace portal::server::testing {

std::string ApiAnswer::Header(const std::string& name) const {
    auto found = headers.find(name);
    return found == headers.end() ? std::string() : found->second;
}

std::string ApiAnswer::ErrorCode() const {
    if (!json.is_object() || !json.contains("error")) return "";
    return json["error"].value("code", "");
}

std::string ApiAnswer::Rule() const {
    if (!json.is_object() || !json.contains("error") || !json["error"].contains("details")) {
        return "";
    }
    return json["error"]["details"].value("rule", "");
}

namespace {

ApiAnswer ToAnswer(const httplib::Result& result) {
    ApiAnswer answer;
    if (!result) return answer;
    answer.status = result->status;
    answer.body = result->body;
    answer.headers = result->headers;
    std::string error;
    if (!api::ParseJson(answer.body, answer.json, error)) answer.json = nullptr;
    return answer;
}

}  // namespace

ApiAnswer ApiClient::Send(const std::string& method, const std::string& path,
                          const std::string& body, const std::string& content_type,
                          const httplib::Headers& extra) const {
    httplib::Client client("127.0.0.1", port_);
    client.set_decompress(false);
    client.set_read_timeout(30, 0);
    httplib::Request req;
    req.method = method;
    req.path = path;
    req.headers = extra;
    if (!extra.count("X-Requested-With")) req.headers.emplace("X-Requested-With", "portal");
    if (!cookie_.empty()) req.headers.emplace("Cookie", cookie_);
    if (!content_type.empty()) req.headers.emplace("Content-Type", content_type);
    req.body = body;
    return ToAnswer(client.send(req));
}

ApiAnswer ApiClient::Get(const std::string& path, const httplib::Headers& extra) const {
    return Send("GET", path, "", "", extra);
}

ApiAnswer ApiClient::Post(const std::string& path, const api::Json& body,
                          const httplib::Headers& extra) const {
    return Send("POST", path, body.dump(), "application/json", extra);
}

ApiAnswer ApiClient::PostText(const std::string& path, const std::string& body,
                              const std::string& content_type,
                              const httplib::Headers& extra) const {
    return Send("POST", path, body, content_type, extra);
}

ApiAnswer ApiClient::Patch(const std::string& path, const api::Json& body,
                           const httplib::Headers& extra) const {
    return Send("PATCH", path, body.dump(), "application/json", extra);
}

ApiAnswer ApiClient::Delete(const std::string& path, const httplib::Headers& extra) const {
    return Send("DELETE", path, "", "", extra);
}

std::string SessionCookieOf(const ApiAnswer& answer) {
    std::smatch match;
    std::string header = answer.Header("Set-Cookie");
    if (!std::regex_search(header, match, std::regex("^portal_session=([^;]*)"))) return {};
    return "portal_session=" + match[1].str();
}

void ApiTest::SetUp() {
    ServerTest::SetUp();  // starts a server without the demo data: restart it with them
    StopServer();
    config_.demo = true;
    StartServer();
}

ApiClient ApiTest::SignInAs(const std::string& email, const std::string& password) const {
    ApiClient anonymous = Anonymous();
    ApiAnswer answer =
        anonymous.Post("/api/v1/auth/login", {{"email", email}, {"password", password}});
    EXPECT_EQ(answer.status, 200) << email << ": " << answer.body;
    return ApiClient(server_->Port(), SessionCookieOf(answer));
}

ApiClient ApiTest::SignInAs(const DemoPerson& person) const {
    return SignInAs(person.email, person.password);
}

int64_t ApiTest::QueryInt(const std::string& sql) const {
    auto db = OpenRaw(DatabaseTarget(config_));
    Statement query = db->Prepare(sql);
    EXPECT_TRUE(query.Valid()) << db->Error();
    if (!query.Valid() || query.Step() != Statement::StepResult::Row) {
        ADD_FAILURE() << "no row: " << sql;
        return 0;
    }
    return query.ColumnInt(0);
}

std::vector<std::string> ApiTest::Texts(const std::string& sql,
                                        const std::string& parameter) const {
    auto db = OpenRaw(DatabaseTarget(config_));
    Statement query = db->Prepare(sql);
    EXPECT_TRUE(query.Valid()) << db->Error();
    std::vector<std::string> out;
    if (!query.Valid()) return out;
    query.Bind(1, parameter);
    while (query.Step() == Statement::StepResult::Row) out.push_back(query.ColumnText(0));
    return out;
}

std::string ApiTest::TokenMailedTo(const std::string& email) const {
    std::vector<std::string> bodies = Texts(
        "SELECT body FROM outbox WHERE recipient = ? AND kind = 'invitation' ORDER BY id DESC",
        email);
    if (bodies.empty()) {
        ADD_FAILURE() << "no invitation mailed to " << email;
        return "";
    }
    std::smatch match;
    if (!std::regex_search(bodies[0], match, std::regex("/#/invite/([A-Za-z0-9_-]+)"))) {
        ADD_FAILURE() << "no link in the mail: " << bodies[0];
        return "";
    }
    return match[1].str();
}

namespace {

std::string Quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

}  // namespace

Id ApiTest::AccountNamed(const std::string& name) const {
    return QueryInt("SELECT id FROM accounts WHERE name = " + Quoted(name));
}

Id ApiTest::RoomNamed(const std::string& name) const {
    return QueryInt("SELECT id FROM rooms WHERE name = " + Quoted(name));
}

Id ApiTest::PartnerNamed(const std::string& name) const {
    return QueryInt("SELECT id FROM partner_orgs WHERE name = " + Quoted(name));
}

std::string ApiTest::PartnerCode(const std::string& name) const {
    std::vector<std::string> codes = Texts("SELECT code FROM partner_orgs WHERE name = ?", name);
    EXPECT_EQ(codes.size(), 1u) << name;
    return codes.empty() ? std::string() : codes[0];
}

Id ApiTest::UserNamed(const std::string& email) const {
    return QueryInt("SELECT id FROM users WHERE email = " + Quoted(email));
}

}  // namespace portal::server::testing
