// The API suites' fixture: the real server with the demo data (assets/demo/demo.json: Northwind
// with a headquarters and a site account, Contoso, the partner Fabrikam, an operator), and a
// small client that signs in as one of the demo people and speaks JSON with the headers the
// portal sends (X-Requested-With: portal, the session cookie).
//
//   ApiClient anne = SignInAs(kAnne);                 // admin of Northwind HQ
//   ApiAnswer rooms = anne.Get("/api/v1/accounts/" + Str(NorthwindHq()) + "/rooms");
//   EXPECT_EQ(rooms.status, 200);  rooms.json[0]["name"] ...
#pragma once

#include <httplib.h>

#include <string>
#include <vector>

#include "api/json_fields.h"
#include "core/model.h"
#include "server_fixture.h"

namespace portal::server::testing {

struct DemoPerson {
    const char* email;
    const char* password;
};
inline constexpr DemoPerson kAnne{"anne.martin@northwind.example", "northwind-admin"};  // HQ admin
inline constexpr DemoPerson kLouis{"louis.bernard@northwind.example",
                                   "northwind-readonly"};                        // HQ read-only
inline constexpr DemoPerson kDana{"dana.lee@contoso.example", "contoso-admin"};  // Contoso admin
inline constexpr DemoPerson kSam{"sam.patel@fabrikam.example",
                                 "fabrikam-partner"};  // partner: HQ + Austin, admin
inline constexpr DemoPerson kOlivia{"olivia.ops@portal.example", "portal-operator"};  // operator

struct ApiAnswer {
    int status = 0;  // 0: no answer (connection failed)
    std::string body;
    api::Json json;  // the body parsed; null when it is not JSON
    httplib::Headers headers;

    std::string Header(const std::string& name) const;
    std::string ErrorCode() const;  // json.error.code, or ""
    std::string Rule() const;       // json.error.details.rule, or ""
};

class ApiClient {
  public:
    ApiClient(int port, std::string cookie) : port_(port), cookie_(std::move(cookie)) {}

    ApiAnswer Get(const std::string& path, const httplib::Headers& extra = {}) const;
    ApiAnswer Post(const std::string& path, const api::Json& body,
                   const httplib::Headers& extra = {}) const;
    ApiAnswer PostText(const std::string& path, const std::string& body,
                       const std::string& content_type, const httplib::Headers& extra = {}) const;
    ApiAnswer Patch(const std::string& path, const api::Json& body,
                    const httplib::Headers& extra = {}) const;
    ApiAnswer Delete(const std::string& path, const httplib::Headers& extra = {}) const;
    // Any method, raw body (empty content type: none sent).
    ApiAnswer Send(const std::string& method, const std::string& path, const std::string& body,
                   const std::string& content_type, const httplib::Headers& extra = {}) const;

    const std::string& cookie() const { return cookie_; }
    void set_cookie(std::string cookie) { cookie_ = std::move(cookie); }

  private:
    int port_;
    std::string cookie_;  // "portal_session=..." or empty: anonymous
};

// "portal_session=TOKEN" from an answer's Set-Cookie; empty when none.
std::string SessionCookieOf(const ApiAnswer& answer);

inline std::string Str(Id id) {
    return std::to_string(id);
}

class ApiTest : public ServerTest {
  protected:
    // Starts the server with the demo data (config_.demo). A test that needs other settings
    // calls StopServer(), changes config_ and calls StartServer().
    void SetUp() override;

    ApiClient Anonymous() const { return ApiClient(server_->Port(), ""); }
    // "/api/v1/accounts/{id}", then `rest` ("/rooms", "/audit?limit=10").
    static std::string Account(Id id, const std::string& rest = "") {
        return "/api/v1/accounts/" + Str(id) + rest;
    }
    // Signs in through POST /api/v1/auth/login; fails the test when it does not work.
    ApiClient SignInAs(const DemoPerson& person) const;
    ApiClient SignInAs(const std::string& email, const std::string& password) const;

    // Demo ids, looked up by name in the server's database.
    Id AccountNamed(const std::string& name) const;
    Id NorthwindHq() const { return AccountNamed("Northwind Traders — Siège"); }
    Id NorthwindAustin() const { return AccountNamed("Northwind Traders — Austin"); }
    Id Contoso() const { return AccountNamed("Contoso Ltd"); }
    Id RoomNamed(const std::string& name) const;
    Id PartnerNamed(const std::string& name) const;
    // The partner organisation's public code (issue 16), which delegations name.
    std::string PartnerCode(const std::string& name) const;
    Id UserNamed(const std::string& email) const;
    // One integer from SQL on a second connection (for checks behind the API's back).
    int64_t QueryInt(const std::string& sql) const;
    // The texts of a one-column query with one text parameter, on a second connection.
    std::vector<std::string> Texts(const std::string& sql, const std::string& parameter) const;
    // The token of the newest invitation mailed to email: the outbox is the only place it is
    // (the database keeps its hash), in the link <public_url>/#/invite/<token>.
    std::string TokenMailedTo(const std::string& email) const;
};

}  // namespace portal::server::testing
