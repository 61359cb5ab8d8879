// People as the server sees them: users, their roles in accounts (memberships, R-ACC-1), the
// accounts delegated to their partner organisation (R-ACC-6), and the Caller a request is made
// by once its session cookie has been resolved (see auth.h for how handlers get one).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/model.h"

namespace portal::server {

enum class Role { ReadOnly, Admin };  // ordered: Admin includes ReadOnly

const char* RoleText(Role role);  // "admin", "readonly"
bool RoleFrom(const std::string& text, Role& out);

struct UserRecord {
    Id id = 0;
    std::string email;
    std::string name;
    std::string password_hash;  // encoded Argon2id; empty: cannot sign in
    std::string language = "en";
    // The user chose `language` (issue 16); until then it is a default of the portal's, GET /me
    // says null and mails speak the language of the account's country.
    bool language_chosen = false;
    bool disabled = false;
};

// The language the user chose; "" until they choose (GET /me's null).
inline std::string ChosenLanguage(const UserRecord& user) {
    return user.language_chosen ? user.language : std::string();
}

struct MembershipRecord {
    Id account_id = 0;
    Role role = Role::ReadOnly;
};

struct DelegationRecord {
    Id account_id = 0;
    Role role = Role::ReadOnly;  // what this user may do: the lesser of the delegation's role
                                 // and the user's role in the partner organisation
    Id partner_org_id = 0;
};

// A sign-in session; times are Unix seconds of the server's clock.
struct SessionRecord {
    Id id = 0;
    Id user_id = 0;
    int64_t created_at = 0;
    int64_t expires_at = 0;  // absolute end
    int64_t last_seen_at = 0;
    bool revoked = false;
    // How it was signed in (issue 15): "password", or "sso" through a connection, with the
    // provider's subject and session id (sid) that a back-channel logout names.
    std::string auth_method = "password";
    Id sso_connection_id = 0;
    std::string sso_subject;
    std::string sso_sid;
};

// What the database says a user may do.
struct UserAccess {
    UserRecord user;
    bool operator_ = false;
    std::vector<MembershipRecord> memberships;  // by account id
    std::vector<DelegationRecord> delegations;  // by account id, then partner organisation
};

// The signed-in user of a request.
//
// CanRead/CanAdmin answer for customer accounts only, through a membership or a delegation.
// Being an operator grants nothing by itself: a handler whose route the issue opens to
// operators ("POST /orders/{id}/cancel: operator, account admin") says so itself:
//   if (!caller.operator_ && !caller.CanAdmin(account_id)) ...
// The one grant is the vendor's support reading a customer (issue 14): on a read request,
// ApiContext::CheckAccount lets an operator into any existing account read-only, for this
// request only, once the read is in that account's audit log (support_reads).
struct Caller {
    Id user_id = 0;
    Id session_id = 0;
    bool operator_ = false;
    std::map<Id, Role> accounts;  // the best role per account, memberships and delegations

    // The request, as ApiContext::RequireCaller saw it: whether it only reads (GET, HEAD), and
    // its line ("GET /api/v1/accounts/3/rooms?state=all"), which is what a support read is
    // audited as.
    bool reading = false;
    std::string request;
    // The accounts this request reads as the vendor's support (also in `accounts`, read-only).
    std::set<Id> support_reads;

    static Caller From(const UserAccess& access, Id session_id);

    bool CanRead(Id account_id) const { return accounts.count(account_id) != 0; }
    bool SupportReads(Id account_id) const { return support_reads.count(account_id) != 0; }
    bool CanAdmin(Id account_id) const {
        auto found = accounts.find(account_id);
        return found != accounts.end() && found->second == Role::Admin;
    }
};

}  // namespace portal::server
