// Single sign-on's sign-in side in SQL (migration 013, issue 15, R-ACC-5): the state of a sign-in
// in progress (single use, bound to the browser's pre-login cookie), the identities (issuer,
// subject) linked to users, who a verified ID token signs in (linking, invitations, just-in-time
// users), the back-channel logout tokens already used and the sessions they end. No HTTP: the
// routes of sso_signin.cpp and Auth::Logout call these inside Store::Write or Store::Read. The
// configuration (domains, connections, break-glass) is in sso_store.h.
#pragma once

#include <cstdint>
#include <string>

#include "server/people.h"
#include "server/sso/jose.h"
#include "server/sso/sso_store.h"
#include "server/store.h"

namespace portal::server::sso {

// ---------------------------------------------------------------------------------------------
// [SECTION] Sign-ins in progress

// How long a sign-in may take at the provider: the state row's and the pre-login cookie's life.
inline constexpr int64_t kLoginStateSeconds = 10 * 60;

struct LoginState {
    Id id = 0;
    std::string state_hash;    // Sha256Hex of the state parameter
    std::string browser_hash;  // Sha256Hex of the portal_sso cookie
    Id connection_id = 0;
    std::string purpose = "signin";  // or "test" (an admin's Test sign-in: no session)
    Id user_id = 0;                  // the tester, for "test"
    std::string nonce;
    std::string code_verifier_sealed;  // PKCE verifier, SecretBox-sealed
    std::string next = "#/";           // the app route to land on
    std::string email;                 // what the person typed ("" for a test)
    int64_t created_at = 0;
    int64_t expires_at = 0;
    int64_t used_at = 0;  // 0: not yet
};

// Records a new state (created_at..expires_at set by the caller); the states that expired are
// dropped first, so that the table holds only what may still come back.
bool InsertLoginState(Store::Writer& w, LoginState& state, std::string& error);

enum class StateCheck {
    Taken,         // it was unused, unexpired and this browser's: now used
    Missing,       // no such state
    Used,          // presented before (a replay)
    Expired,       // older than kLoginStateSeconds
    OtherBrowser,  // not the browser that started it (login CSRF): left unused
};

// Looks the state up by its hash and marks it used when it may be (single use: only one request
// can win the UPDATE ... WHERE used_at IS NULL). out holds the row whenever there is one.
bool TakeLoginState(Store::Writer& w, const std::string& state_hash,
                    const std::string& browser_hash, int64_t now, LoginState& out,
                    StateCheck& check, std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Connections' discovery documents

// A newer discovery document (the periodic refresh at sign-in start).
bool UpdateConnectionDiscovery(Store::Writer& w, Id connection_id, const std::string& document,
                               int64_t now, std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Who an ID token signs in

// Why a verified ID token does not sign anyone in (the codes of "/#/?sso=<code>").
inline constexpr const char* kEmailUnverified = "email_unverified";
inline constexpr const char* kDomainNotVerified = "domain_not_verified";
inline constexpr const char* kNotInvited = "not_invited";
inline constexpr const char* kDisabled = "disabled";

struct SignInOutcome {
    Id user_id = 0;
    std::string refusal;  // "" when user_id signs in; else one of the codes above
    // How: "identity" (known (iss, sub)), "linked" (an existing user by verified email),
    // "invitation" (a pending invitation accepted), "jit" (created with the default role),
    // "member" (an existing user who could read the account already).
    std::string how;
    bool created_user = false;
};

// R-ACC-5: identity is (issuer, subject). A first sign-in of an email that has a portal user
// links to it only when email_verified is true and the email's domain is a verified domain of
// THIS connection (an email claim alone is no proof: nOAuth, CVE-2023-3128); the same holds for
// creating a user. A user who is not a member of the connection's account comes in through a
// pending invitation to it, else the connection's default role, else only when they can read the
// account already (member, delegated partner user) or are an operator. Everything it writes
// (identity, user, membership, invitation accepted with its audit entry) is in w's transaction;
// a refusal writes nothing. now_text: FormatUtc of now, for users.created_at. A just-in-time
// member counts against max_users_per_account like an invitation (R-ACC-3).
bool ResolveSignIn(Store::Writer& w, const SsoConnection& connection, const IdentityClaims& claims,
                   int64_t now, const std::string& now_text, int max_users_per_account,
                   SignInOutcome& out, std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Back-channel logout

// Records a logout token's jti until expires_at; fresh false when the issuer's jti was seen
// already (a replay). Expired entries are dropped first.
bool RecordLogoutJti(Store::Writer& w, const std::string& issuer, const std::string& jti,
                     int64_t expires_at, int64_t now, bool& fresh, std::string& error);

// Revokes the live SSO sessions of connection_id whose provider session is sid (when not empty)
// or whose subject is subject (when not empty); revoked: how many. Revoking updates sessions,
// which moves the access version (migration 005's trigger), so Auth's session cache drops them
// at once.
bool RevokeSsoSessions(Store::Writer& w, Id connection_id, const std::string& sid,
                       const std::string& subject, int64_t now, int& revoked, std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Sign-out

// Where an SSO session's sign-out may continue at the provider (RP-initiated logout):
// "<end_session_endpoint>?client_id=<id>&post_logout_redirect_uri=<public_url>/", or "" for a
// password session, a deleted connection or a provider without an end_session_endpoint.
bool ProviderLogoutUrl(Store::Writer& w, Id session_id, const std::string& public_url,
                       std::string& url, std::string& error);

}  // namespace portal::server::sso
