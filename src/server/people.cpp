// Roles as the schema spells them, and a Caller made of what the database says.
#include "server/people.h"

#include <algorithm>

namespace portal::server {

const char* RoleText(Role role) {
    return role == Role::Admin ? "admin" : "readonly";
}

bool RoleFrom(const std::string& text, Role& out) {
    if (text == "admin") {
        out = Role::Admin;
    } else if (text == "readonly") {
        out = Role::ReadOnly;
    } else {
        return false;
    }
    return true;
}

Caller Caller::From(const UserAccess& access, Id session_id) {
    Caller caller;
    caller.user_id = access.user.id;
    caller.session_id = session_id;
    caller.operator_ = access.operator_;
    auto grant = [&](Id account_id, Role role) {
        auto [at, inserted] = caller.accounts.emplace(account_id, role);
        if (!inserted) at->second = std::max(at->second, role);
    };
    for (const MembershipRecord& membership : access.memberships) {
        grant(membership.account_id, membership.role);
    }
    for (const DelegationRecord& delegation : access.delegations) {
        grant(delegation.account_id, delegation.role);
    }
    return caller;
}

}  // namespace portal::server
