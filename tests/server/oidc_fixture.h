// The two OpenID providers of the SSO suites (issue 15, R-ACC-5) as child processes on loopback,
// started with node from PATH: tests/support/oidc/real_provider.mjs (npm oidc-provider 8.x, its
// development login and consent pages) and evil_provider.mjs (npm jose, wrong on demand). Both
// need `npm ci` (scripts/setup does it); nothing skips without them.
//
//   RealProvider idp({.redirect_uri = PublicUrl() + "/api/v1/auth/sso/callback"});
//   ASSERT_TRUE(idp.ok());                    // issuer() == "http://127.0.0.1:<port()>"
//   std::string callback = idp.FollowToCallback(start.Header("Location"), "alice");
//   // callback: <redirect_uri>?code=...&state=...&iss=...; request it from the portal with the
//   // portal_sso cookie of /auth/sso/start.
//
//   EvilProvider evil;
//   evil.SetMode("alg_none");                 // or {{"mode", "good"}, {"email", "x@y.test"}}
//   std::string token = evil.MakeLogoutToken({{"sub", "alice-sub"}});
//   api::Json seen = evil.Requests();         // seen["token"][0]["authorization"]
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "api/json_fields.h"

namespace portal::server::testing {

// One answer of a provider's control or discovery endpoint.
struct OidcAnswer {
    int status = 0;  // 0: no answer
    std::string body;
    api::Json json;  // the body parsed; null when it is not JSON
};

// What the two providers share: the child process, its issuer, plain HTTP to it, and the
// browser's part of a login.
class OidcProvider {
  public:
    OidcProvider(const OidcProvider&) = delete;
    OidcProvider& operator=(const OidcProvider&) = delete;
    virtual ~OidcProvider();  // SIGTERM, then reaped (SIGKILL after 2 s)

    bool ok() const { return port_ > 0; }  // started and listening (a test failure otherwise)
    int port() const { return port_; }
    std::string issuer() const { return "http://127.0.0.1:" + std::to_string(port_); }

    OidcAnswer Get(const std::string& path) const;
    OidcAnswer Post(const std::string& path, const api::Json& body) const;
    OidcAnswer Discovery() const { return Get("/.well-known/openid-configuration"); }

    // Does what a browser does from the provider's authorization URL (the Location of the
    // portal's /auth/sso/start) until a redirect leaves the provider's origin, and returns that
    // URL: the portal callback with code, state and iss (or error). The evil provider answers
    // at once; the real one shows its login page (login picks the account: alice, eve, anne;
    // any password) and its consent page, with its cookies kept between requests. Empty, with
    // a test failure saying where it stopped, when the flow does not get there.
    std::string FollowToCallback(const std::string& authorize_url,
                                 const std::string& login = "alice") const;

  protected:
    OidcProvider() = default;
    // Runs `node <PORTAL_TEST_OIDC_DIR>/<script> --port 0 <args>` and waits up to 10 s for its
    // "listening <port>" line.
    void Start(const std::string& script, const std::vector<std::string>& args);

  private:
    pid_t pid_ = -1;
    int stdout_ = -1;
    int port_ = 0;
};

struct RealProviderOptions {
    std::string redirect_uri;  // required; several: comma-separated
    std::string
        backchannel_logout_uri;  // empty: <redirect origin>/api/v1/auth/sso/backchannel-logout
    std::string post_logout_redirect_uri;  // empty: <redirect origin>/
    std::string domain = "example.test";   // alice@ and eve@ this domain
    std::string existing_email;            // anne's email (empty: the script's default)
    std::string client_id = "portal-test";
    std::string client_secret = "s3cret";
};

// npm oidc-provider with devInteractions. Accounts: alice (sub alice-sub, alice@<domain>,
// email_verified true), eve (eve-sub, eve@<domain>, false), anne (anne-sub, existing_email,
// true).
class RealProvider : public OidcProvider {
  public:
    explicit RealProvider(RealProviderOptions options);

    const RealProviderOptions& options() const { return options_; }
    const std::string& client_id() const { return options_.client_id; }
    const std::string& client_secret() const { return options_.client_secret; }

    // Makes the provider sign a back-channel logout token with its own key and POST it to the
    // client's backchannel_logout_uri. who: {"sub": "alice-sub"} or {"login": "alice"}, plus
    // "sid" optionally. status is the portal's answer (502: it could not be reached);
    // json: {status, body, logout_token}.
    OidcAnswer BackchannelLogout(const api::Json& who) const;

  private:
    RealProviderOptions options_;
};

struct EvilProviderOptions {
    std::string domain = "example.test";  // alice@ this domain in mode good
    std::string client_id = "portal-test";
    std::string client_secret = "s3cret";
};

// The jose-built provider; see evil_provider.mjs for every mode and override.
class EvilProvider : public OidcProvider {
  public:
    explicit EvilProvider(EvilProviderOptions options = {});

    const std::string& client_id() const { return options_.client_id; }
    const std::string& client_secret() const { return options_.client_secret; }

    // POST /_control. A string is a mode ("good", "alg_none", "hs256_public_key", "wrong_aud",
    // "wrong_iss", "expired", "future_iat", "wrong_nonce", "no_iss_param", "rotate",
    // "email_unverified", ...); an object is sent as it is (mode, claim overrides, publish).
    // Returns the provider's settings afterwards (a test failure unless it answered 200).
    api::Json SetMode(const api::Json& control) const;
    // A logout token signed with the current key (iss, aud, iat, exp, jti, events by default;
    // fields given here override them, null removes one).
    std::string MakeLogoutToken(const api::Json& claims = api::Json::object()) const;
    // {authorize:[query], token:[{authorization, params}], userinfo, end_session, jwks_fetches,
    // discovery_fetches}
    api::Json Requests() const;
    void ClearRequests() const;

  private:
    EvilProviderOptions options_;
};

// The percent-decoded value of a URL's query parameter; empty when absent.
std::string QueryParam(const std::string& url, const std::string& name);

// The JSON of a compact JWT's header (part 0) or payload (part 1); null when it is not one.
api::Json JwtPart(const std::string& jwt, int part);

}  // namespace portal::server::testing
