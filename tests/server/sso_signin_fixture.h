// The SSO sign-in suites' fixture (issue 15, R-ACC-5): the real server with the demo data,
// allowed to reach providers on loopback (PORTAL_OUTBOUND_ALLOW_PRIVATE), a connection of
// Northwind HQ set up through the API (its domain marked verified in the database: DNS
// verification has suites of its own), and a browser's side of a sign-in: start, the provider,
// the callback with the pre-login cookie.
//
//   EvilProvider idp;
//   Id connection = AddConnection(idp.issuer(), {.domain = "example.test"});
//   SsoLogin login = StartSso("alice@example.test");       // 302 to the provider
//   ApiAnswer back = Callback(idp.FollowToCallback(login.location), login.cookie);
//   // back: 302 to "/#/" with a portal_session cookie, or to "/#/?sso=<code>"
#pragma once

#include <optional>
#include <string>

#include "api_fixture.h"

namespace portal::server::testing {

struct ConnectionSetup {
    std::string domain = "example.test";  // added to Northwind HQ and marked verified
    std::string client_id = "portal-test";
    std::string client_secret = "s3cret";
    std::optional<std::string> default_role;  // "readonly", "admin"; nullopt: JSON null
};

// A sign-in started: the provider URL to go to, and the pre-login cookie ("portal_sso=...").
struct SsoLogin {
    ApiAnswer start;
    std::string location;
    std::string cookie;
};

class SsoSignInTest : public ApiTest {
  protected:
    // ApiTest's server, restarted with outbound_allow_private (the providers are on loopback).
    void SetUp() override;

    // The server's public URL, which the redirect URI is built on.
    std::string PublicUrl() const;
    // A connection of Northwind HQ (created by Anne, its admin) for a verified setup.domain;
    // its id (0 with a test failure).
    Id AddConnection(const std::string& issuer, const ConnectionSetup& setup = {});
    // Adds `domain` to account_id (as `admin`, an admin of it) and marks it verified in the
    // database; its id.
    Id AddVerifiedDomain(Id account_id, const std::string& domain, const DemoPerson& admin = kAnne);

    // GET /api/v1/auth/sso/start?email=&next= (as `client`, anonymous by default).
    SsoLogin StartSso(const std::string& email, const std::string& next = "",
                      const ApiClient* client = nullptr) const;
    // GET the portal URL the provider sent the browser to, with `cookie` ("portal_sso=...").
    ApiAnswer Callback(const std::string& url, const std::string& cookie) const;
    // A client of the session an answer set ("portal_session=..."), empty cookie when none.
    ApiClient SessionOf(const ApiAnswer& answer) const;
    // Runs SQL on a second connection (for checks and set-ups behind the API's back).
    void Exec(const std::string& sql) const;
    // Audit entries of `action` in the database.
    int64_t AuditCount(const std::string& action) const;
};

// "portal_sso=VALUE" from an answer's Set-Cookie headers; empty when none.
std::string PreLoginCookieOf(const ApiAnswer& answer);
// "portal_session=TOKEN" from any of an answer's Set-Cookie headers (the callback sets two);
// empty when none.
std::string SessionCookieIn(const ApiAnswer& answer);
// Every Set-Cookie header of an answer, joined with "\n".
std::string SetCookies(const ApiAnswer& answer);

}  // namespace portal::server::testing
