// People as the REST API speaks them (issue 4): the signed-in user, what GET /api/v1/me says
// they may do, and the sign-in body. Handlers and views use these structs; neither sees JSON.
#pragma once

#include <string>
#include <vector>

#include "api/json_fields.h"

namespace portal::api {

// {id, email, name, language}; language "en" or "fr".
struct User {
    long long id = 0;
    std::string email;
    std::string name;
    std::string language = "en";
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

// GET /api/v1/me: {user, memberships, delegations, operator}.
struct Me {
    User user;
    std::vector<MembershipInfo> memberships;
    std::vector<DelegationInfo> delegations;
    bool is_operator = false;
};

// POST /api/v1/auth/login: {email, password}.
struct LoginRequest {
    std::string email;
    std::string password;
};

Json UserToJson(const User& user);
bool UserFromJson(const Json& json, User& out, std::vector<FieldError>& errors);
Json MeToJson(const Me& me);
bool MeFromJson(const Json& json, Me& out, std::vector<FieldError>& errors);
Json LoginRequestToJson(const LoginRequest& login);
bool LoginRequestFromJson(const Json& json, LoginRequest& out, std::vector<FieldError>& errors);

}  // namespace portal::api
