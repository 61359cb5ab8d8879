// Single sign-on over REST (issue 15, R-ACC-5): what the rest of the server needs to know of it
// beyond RegisterSsoRoutes / RegisterSsoSignInRoutes (api_support.h).
//
// sso_api.cpp, an account's configuration (admins write; the vendor's operators read, audited):
//   GET, POST     /api/v1/accounts/{id}/sso/domains          admin / operator read
//   POST          /api/v1/sso/domains/{id}/verify            admin: looks the DNS TXT record up
//   DELETE        /api/v1/sso/domains/{id}                   admin
//   GET, POST     /api/v1/accounts/{id}/sso/connections      admin / operator read
//   PATCH, DELETE /api/v1/sso/connections/{id}               admin
//   GET           /api/v1/accounts/{id}/sso/users            admin / operator read
//   PATCH         /api/v1/accounts/{id}/sso/users/{userId}   admin: break-glass on or off
// sso_signin.cpp, signing in (no session needed): /api/v1/auth/sso/discover, start, callback,
// backchannel-logout.
//
// A domain verified by one parent entity is that customer's: no account of another parent entity
// may add or verify it. A connection is enforced (password sign-in refused for its domains' emails)
// only once a Test sign-in went through it, while it has a domain, and while the account keeps a
// break-glass admin who signs in with a password. Client secrets are sealed (SecretBox) and never
// leave: not in an answer, the audit log or a log line.
#pragma once

#include <string>

#include "server/config.h"

namespace portal::server::sso {

// What an account publishes: "_portal-verification.<domain>" TXT "portal-verification=<token>".
inline constexpr const char* kVerificationPrefix = "_portal-verification.";
inline constexpr const char* kVerificationValuePrefix = "portal-verification=";

// <public_url>/api/v1/auth/sso/callback: the redirect URI to register at the provider.
std::string RedirectUri(const Config& config);

// A domain as an admin typed it, made canonical: trimmed, lower-cased, a trailing dot dropped;
// then LDH labels of 1 to 63 characters (no leading or trailing hyphen), at least two labels,
// at most 253 characters, not an IP address. False with why (a sentence after "domain").
bool NormaliseDomain(const std::string& text, std::string& out, std::string& why);

}  // namespace portal::server::sso
