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
    out.language.clear();
    if (json.is_object() && json.contains("language") && !json["language"].is_null()) {
        reader.String("language", out.language);
    }
    return errors.size() == before;
}

// Reads root[key] as an array, each element with read(reader, element); false on any problem.
// An optional list that is absent reads as empty.
template <class T, class Read>
bool ReadList(const Json& json, const char* key, std::vector<T>& out,
              std::vector<FieldError>& errors, Read read, bool required = true) {
    size_t before = errors.size();
    FieldReader root(json, "", errors);
    out.clear();
    if (const Json* list = root.Array(key, required)) {
        for (size_t i = 0; i < list->size(); ++i) {
            FieldReader item((*list)[i], IndexPath(key, i), errors);
            read(item, out.emplace_back());
        }
    }
    return errors.size() == before;
}

}  // namespace

Json UserToJson(const User& user) {
    return {{"id", user.id},
            {"email", user.email},
            {"name", user.name},
            {"language", user.language.empty() ? Json(nullptr) : Json(user.language)}};
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
    Json partner_orgs = Json::array();
    for (const PartnerOrgInfo& org : me.partner_orgs) {
        partner_orgs.push_back(
            {{"id", org.id}, {"name", org.name}, {"code", org.code}, {"role", org.role}});
    }
    return {{"user", UserToJson(me.user)},
            {"memberships", std::move(memberships)},
            {"delegations", std::move(delegations)},
            {"partnerOrgs", std::move(partner_orgs)},
            {"operator", me.is_operator}};
}

bool MeFromJson(const Json& json, Me& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader root(json, "", errors);
    if (const Json* user = root.Object("user")) ReadUser(*user, "user", out.user, errors);
    ReadList(json, "memberships", out.memberships, errors,
             [](FieldReader& item, MembershipInfo& membership) {
                 item.Int64("accountId", membership.account_id);
                 item.String("role", membership.role);
             });
    ReadList(json, "delegations", out.delegations, errors,
             [](FieldReader& item, DelegationInfo& delegation) {
                 item.Int64("accountId", delegation.account_id);
                 item.String("role", delegation.role);
                 item.Int64("partnerOrgId", delegation.partner_org_id);
             });
    // Optional: a server before issue 16 sends none.
    ReadList(
        json, "partnerOrgs", out.partner_orgs, errors,
        [](FieldReader& item, PartnerOrgInfo& org) {
            item.Int64("id", org.id);
            item.String("name", org.name);
            item.String("code", org.code);
            item.String("role", org.role);
        },
        /*required=*/false);
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

// ---------------------------------------------------------------------------------------------
// [SECTION] People & access, the invitation page

bool MembersFromJson(const Json& json, std::vector<Member>& out, std::vector<FieldError>& errors) {
    return ReadList(json, "members", out, errors, [](FieldReader& item, Member& member) {
        item.Int64("userId", member.user_id);
        item.String("email", member.email);
        item.String("name", member.name);
        item.String("role", member.role);
    });
}

bool InvitationsFromJson(const Json& json, std::vector<Invitation>& out,
                         std::vector<FieldError>& errors) {
    return ReadList(json, "invitations", out, errors,
                    [](FieldReader& item, Invitation& invitation) {
                        item.Int64("id", invitation.id);
                        item.Int64("accountId", invitation.account_id, /*required=*/false);
                        item.String("email", invitation.email);
                        item.String("role", invitation.role);
                        item.String("status", invitation.status);
                        item.String("createdAt", invitation.created_at);
                        item.String("expiresAt", invitation.expires_at);
                        item.Int64("invitedBy", invitation.invited_by, /*required=*/false);
                    });
}

bool DelegationsFromJson(const Json& json, std::vector<Delegation>& out,
                         std::vector<FieldError>& errors) {
    return ReadList(json, "delegations", out, errors,
                    [](FieldReader& item, Delegation& delegation) {
                        item.Int64("accountId", delegation.account_id);
                        item.Int64("partnerOrgId", delegation.partner_org_id);
                        item.String("partnerName", delegation.partner_name);
                        item.String("role", delegation.role);
                    });
}

bool PartnersFromJson(const Json& json, std::vector<PartnerOrg>& out,
                      std::vector<FieldError>& errors) {
    return ReadList(json, "partners", out, errors, [](FieldReader& item, PartnerOrg& partner) {
        item.Int64("id", partner.id);
        item.String("name", partner.name);
        item.String("code", partner.code, false);
    });
}

Json InvitationPreviewToJson(const InvitationPreview& preview) {
    auto optional_id = [](long long id) { return id == 0 ? Json(nullptr) : Json(id); };
    return {{"email", preview.email},
            {"accountName", preview.account_name},
            {"accountId", optional_id(preview.account_id)},
            {"partnerOrgId", optional_id(preview.partner_org_id)},
            {"role", preview.role},
            {"invitedBy", preview.invited_by},
            {"expiresAt", preview.expires_at},
            {"existingUser", preview.existing_user}};
}

bool InvitationPreviewFromJson(const Json& json, InvitationPreview& out,
                               std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader root(json, "", errors);
    root.String("email", out.email);
    root.String("accountName", out.account_name);
    root.Int64("accountId", out.account_id, /*required=*/false);
    root.Int64("partnerOrgId", out.partner_org_id, /*required=*/false);
    root.String("role", out.role);
    root.String("invitedBy", out.invited_by);
    root.String("expiresAt", out.expires_at);
    root.Bool("existingUser", out.existing_user, /*required=*/false);
    return errors.size() == before;
}

}  // namespace portal::api
