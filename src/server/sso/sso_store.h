// Single sign-on's configuration in SQL (migration 013, issue 15, R-ACC-5): the domains an account
// proves with DNS, its OpenID Connect connections (client secret sealed), the break-glass admins
// and what the enforcement of a connection needs to know. No HTTP: the routes (sso_api.cpp,
// sso_signin.cpp) and Auth::Login call these inside Store::Write or Store::Read. The state of a
// sign-in in progress, identities and logout tokens are in sso_login_store.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/people.h"
#include "server/store.h"

namespace portal::server::sso {

// ---------------------------------------------------------------------------------------------
// [SECTION] Records

struct SsoDomain {
    Id id = 0;
    Id account_id = 0;
    std::string domain;  // lower-case ASCII, no trailing dot
    std::string token;   // public: published as "portal-verification=<token>"
    std::optional<int64_t> verified_at;
    std::optional<int64_t> last_check_at;
    std::string last_check_outcome;  // "" (never checked), verified, no_record, wrong_value,
                                     // dns_failed
    std::string last_check_message;
    int64_t created_at = 0;

    bool verified() const { return verified_at.has_value(); }
};

struct SsoConnection {
    Id id = 0;
    Id account_id = 0;
    std::string name;
    std::string issuer;
    std::string client_id;
    std::string client_secret_sealed;  // SecretBox::Seal; unseal with ctx.secrets only to use it
    std::optional<Role> default_role;  // nullopt: only members or invited people come in
    bool enforced = false;
    std::optional<int64_t> tested_at;
    std::string tested_subject;
    std::string discovery_json;  // the provider's discovery document (MetadataFromDocument)
    std::optional<int64_t> discovered_at;
    int64_t created_at = 0;
    int64_t updated_at = 0;
    // Its domains (verified or not: a domain may have been re-checked and failed since), by id.
    std::vector<SsoDomain> domains;

    std::vector<Id> DomainIds() const;
    // Whether `domain` (lower-case) is one of its domains and verified.
    bool HasVerifiedDomain(const std::string& domain) const;
};

// "Alice@Example.COM" -> "example.com"; "" when there is no '@' or nothing after it.
std::string EmailDomain(const std::string& email);

// ---------------------------------------------------------------------------------------------
// [SECTION] Domains

bool ListSsoDomains(Store::Writer& w, Id account_id, std::vector<SsoDomain>& out,
                    std::string& error);
bool FindSsoDomain(Store::Writer& w, Id domain_id, SsoDomain& out, bool& found, std::string& error);
// Whether an account of another parent entity than parent_entity_id holds `domain` verified
// (R-ACC-5: a verified domain is one customer's).
bool DomainVerifiedElsewhere(Store::Writer& w, const std::string& domain, Id parent_entity_id,
                             bool& taken, std::string& error);
// Fails (UNIQUE) when the account already holds the domain: check with ListSsoDomains first.
bool InsertSsoDomain(Store::Writer& w, SsoDomain& domain, std::string& error);
// verified_at, last_check_at, last_check_outcome, last_check_message.
bool UpdateSsoDomainCheck(Store::Writer& w, const SsoDomain& domain, std::string& error);
// Removes it from every connection; a connection left without a domain stops being enforced.
bool DeleteSsoDomain(Store::Writer& w, Id domain_id, int64_t now, std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Connections (with their domains)

bool ListSsoConnections(Store::Writer& w, Id account_id, std::vector<SsoConnection>& out,
                        std::string& error);
bool FindSsoConnection(Store::Writer& w, Id connection_id, SsoConnection& out, bool& found,
                       std::string& error);
// The connections holding `domain` (lower-case) as a VERIFIED domain, whatever the account:
// enforced ones first, then by id. Empty when SSO is not set up for it.
bool FindSsoConnectionsForDomain(Store::Writer& w, const std::string& domain,
                                 std::vector<SsoConnection>& out, std::string& error);
// Every connection whose issuer is exactly `issuer` (back-channel logout).
bool FindSsoConnectionsByIssuer(Store::Writer& w, const std::string& issuer,
                                std::vector<SsoConnection>& out, std::string& error);
// Every column but id, account_id and created_at, and the domain set (connection.domains' ids).
bool InsertSsoConnection(Store::Writer& w, SsoConnection& connection, std::string& error);
bool UpdateSsoConnection(Store::Writer& w, const SsoConnection& connection, std::string& error);
bool DeleteSsoConnection(Store::Writer& w, Id connection_id, std::string& error);
// A Test sign-in through it succeeded (SERVER-B's callback): tested_at, tested_subject.
bool MarkSsoConnectionTested(Store::Writer& w, Id connection_id, int64_t now,
                             const std::string& subject, std::string& error);
// Whether the account has an enforced connection.
bool AccountHasEnforcedConnection(Store::Writer& w, Id account_id, bool& enforced,
                                  std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Accounts, users and break-glass

// The account's parent entity; found false for no such account.
bool AccountParentEntity(Store::Writer& w, Id account_id, Id& parent_entity_id, bool& found,
                         std::string& error);

// A member of an account as the users route shows them.
struct SsoUser {
    Id user_id = 0;
    std::string email;
    std::string name;
    Role role = Role::ReadOnly;
    bool has_password = false;
    bool disabled = false;
    bool break_glass = false;
    std::string last_password_sign_in_at;  // 'YYYY-MM-DDTHH:MM:SSZ'; "" never
    std::optional<int64_t> last_sso_sign_in_at;
    struct Identity {
        Id connection_id = 0;  // 0: its connection was deleted
        std::string issuer;
    };
    std::vector<Identity> identities;
};

// The account's members, by email.
bool ListSsoUsers(Store::Writer& w, Id account_id, std::vector<SsoUser>& out, std::string& error);
bool FindSsoUser(Store::Writer& w, Id account_id, Id user_id, SsoUser& out, bool& found,
                 std::string& error);
bool SetBreakGlass(Store::Writer& w, Id account_id, Id user_id, bool break_glass,
                   std::string& error);
// The account's break-glass admins who can still sign in with a password (admin membership,
// break_glass = 1, a password, not disabled), by id.
bool ListBreakGlassAdmins(Store::Writer& w, Id account_id, std::vector<Id>& out,
                          std::string& error);
// Whether user_id is one of ListBreakGlassAdmins(account_id).
bool IsBreakGlassAdmin(Store::Writer& w, Id account_id, Id user_id, bool& yes, std::string& error);
// Whether a password sign-in of `email` must go through SSO instead (R-ACC-5): its domain is a
// verified domain of an enforced connection, and user_id (0: no user, or the password was
// wrong) is not a break-glass admin of any such connection's account.
bool SsoRequiredFor(Store::Writer& w, const std::string& email, Id user_id, bool& required,
                    std::string& error);
// A successful password sign-in (users.last_password_sign_in_at = at).
bool RecordPasswordSignIn(Store::Writer& w, Id user_id, const std::string& at, std::string& error);

}  // namespace portal::server::sso
