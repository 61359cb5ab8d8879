#include "api/people_json.h"

namespace portal::api {

namespace {

bool ReadUser(const Json& json, const std::string& path, User& out,
              std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader reader(json, path, errors);
    reader.Int64("id", out.id);
    reader.String("email", out.email);
    reader.String("name", out.name);
    reader.String("language", out.language);
    return errors.size() == before;
}

}  // namespace

Json UserToJson(const User& user) {
    return {
        {"id", user.id}, {"email", user.email}, {"name", user.name}, {"language", user.language}};
}

bool UserFromJson(const Json& json, User& out, std::vector<FieldError>& errors) {
    return ReadUser(json, "", out, errors);
}

Json MeToJson(const Me& me) {
    Json memberships = Json::array();
    for (const MembershipInfo& membership : me.memberships) {
        memberships.push_back({{"accountId", membership.account_id}, {"role", membership.role}});
    }
    Json delegations = Json::array();
    for (const DelegationInfo& delegation : me.delegations) {
        delegations.push_back({{"accountId", delegation.account_id},
                               {"role", delegation.role},
                               {"partnerOrgId", delegation.partner_org_id}});
    }
    return {{"user", UserToJson(me.user)},
            {"memberships", std::move(memberships)},
            {"delegations", std::move(delegations)},
            {"operator", me.is_operator}};
}

bool MeFromJson(const Json& json, Me& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader root(json, "", errors);
    if (const Json* user = root.Object("user")) ReadUser(*user, "user", out.user, errors);
    out.memberships.clear();
    if (const Json* memberships = root.Array("memberships")) {
        for (size_t i = 0; i < memberships->size(); ++i) {
            FieldReader item((*memberships)[i], IndexPath("memberships", i), errors);
            MembershipInfo& membership = out.memberships.emplace_back();
            item.Int64("accountId", membership.account_id);
            item.String("role", membership.role);
        }
    }
    out.delegations.clear();
    if (const Json* delegations = root.Array("delegations")) {
        for (size_t i = 0; i < delegations->size(); ++i) {
            FieldReader item((*delegations)[i], IndexPath("delegations", i), errors);
            DelegationInfo& delegation = out.delegations.emplace_back();
            item.Int64("accountId", delegation.account_id);
            item.String("role", delegation.role);
            item.Int64("partnerOrgId", delegation.partner_org_id);
        }
    }
    root.Bool("operator", out.is_operator);
    return errors.size() == before;
}

Json LoginRequestToJson(const LoginRequest& login) {
    return {{"email", login.email}, {"password", login.password}};
}

bool LoginRequestFromJson(const Json& json, LoginRequest& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader root(json, "", errors);
    if (root.String("email", out.email) && out.email.empty()) root.Fail("email", "is empty");
    if (root.String("password", out.password) && out.password.empty()) {
        root.Fail("password", "is empty");
    }
    return errors.size() == before;
}

}  // namespace portal::api
