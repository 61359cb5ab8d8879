// People as the REST API speaks them (issue 4): the signed-in user, what GET /api/v1/me says
// they may do, and the sign-in body. Handlers and views use these structs; neither sees JSON.
#pragma once

#include <string>
#include <vector>

#include "api/json_fields.h"

namespace portal::api {

// {id, email, name, language}; language "en" or "fr" once the user chose it, else null (issue
// 16: the portal then follows the browser's languages).
struct User {
    long long id = 0;
    std::string email;
    std::string name;
    std::string language;  // "": not chosen (JSON null)
};

// {accountId, role}; role "admin" or "readonly" (R-ACC-1).
struct MembershipInfo {
    long long account_id = 0;
    std::string role;
};

// {accountId, role, partnerOrgId} (R-ACC-6).
struct DelegationInfo {
    long long account_id = 0;
    std::string role;
    long long partner_org_id = 0;
};

// {id, name, code, role}: a partner organisation the user is a member of (R-ACC-6), with the
// public code its customers delegate to (issue 16).
struct PartnerOrgInfo {
    long long id = 0;
    std::string name;
    std::string code;
    std::string role;
};

// GET /api/v1/me: {user, memberships, delegations, partnerOrgs, operator}.
struct Me {
    User user;
    std::vector<MembershipInfo> memberships;
    std::vector<DelegationInfo> delegations;
    std::vector<PartnerOrgInfo> partner_orgs;
    bool is_operator = false;
};

// POST /api/v1/auth/login: {email, password}.
struct LoginRequest {
    std::string email;
    std::string password;
};

// GET /api/v1/accounts/{id}/members: {members:[{userId, email, name, role}]}.
struct Member {
    long long user_id = 0;
    std::string email;
    std::string name;
    std::string role;  // "admin" | "readonly"
};

// GET /api/v1/accounts/{id}/invitations: {invitations:[{id, accountId, partnerOrgId, email,
// role, status, createdAt, expiresAt, invitedBy}]}; status "pending", "accepted", "expired" or
// "revoked"; times 'YYYY-MM-DDTHH:MM:SSZ'; invitedBy a user id, 0 (null) for the vendor.
struct Invitation {
    long long id = 0;
    long long account_id = 0;
    std::string email;
    std::string role;
    std::string status;
    std::string created_at;
    std::string expires_at;
    long long invited_by = 0;
};

// GET /api/v1/accounts/{id}/delegations: {delegations:[{accountId, partnerOrgId, partnerName,
// role}]} (R-ACC-6).
struct Delegation {
    long long account_id = 0;
    long long partner_org_id = 0;
    std::string partner_name;
    std::string role;
};

// GET /api/v1/partners: {partners:[{id, name, code}]} (operators).
struct PartnerOrg {
    long long id = 0;
    std::string name;
    std::string code;
};

// POST /api/v1/invitations/preview {token}: what the invitation page shows before accepting.
// account_id is 0 for an invitation to a partner organisation (then partner_org_id is set and
// account_name is the organisation's); invited_by is the inviter's name.
struct InvitationPreview {
    std::string email;
    std::string account_name;
    long long account_id = 0;
    long long partner_org_id = 0;
    std::string role;
    std::string invited_by;
    std::string expires_at;
    bool existing_user = false;  // accepting takes the existing user's password
};

bool MembersFromJson(const Json& json, std::vector<Member>& out, std::vector<FieldError>& errors);
bool InvitationsFromJson(const Json& json, std::vector<Invitation>& out,
                         std::vector<FieldError>& errors);
bool DelegationsFromJson(const Json& json, std::vector<Delegation>& out,
                         std::vector<FieldError>& errors);
bool PartnersFromJson(const Json& json, std::vector<PartnerOrg>& out,
                      std::vector<FieldError>& errors);
Json InvitationPreviewToJson(const InvitationPreview& preview);
bool InvitationPreviewFromJson(const Json& json, InvitationPreview& out,
                               std::vector<FieldError>& errors);

Json UserToJson(const User& user);
bool UserFromJson(const Json& json, User& out, std::vector<FieldError>& errors);
Json MeToJson(const Me& me);
bool MeFromJson(const Json& json, Me& out, std::vector<FieldError>& errors);
Json LoginRequestToJson(const LoginRequest& login);
bool LoginRequestFromJson(const Json& json, LoginRequest& out, std::vector<FieldError>& errors);

}  // namespace portal::api
