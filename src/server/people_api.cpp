// People endpoints (issue 4): invitations (R-ACC-2, R-ACC-3), the members of an account and
// their roles (R-ACC-1), partner organisations and the delegations of an account to them
// (R-ACC-6).
//
//   GET, POST  /api/v1/accounts/{id}/invitations            admin
//   POST       /api/v1/invitations/{id}/resend              admin of its account, operator
//   POST       /api/v1/invitations/accept                   the recipient (sets a session)
//   POST       /api/v1/invitations/preview                  whoever holds the link (reads only)
//   PATCH      /api/v1/me                                   signed in: {language} (issue 16)
//   GET        /api/v1/accounts/{id}/members                any member
//   PATCH, DELETE /api/v1/accounts/{id}/members/{userId}    admin
//   GET, POST  /api/v1/partners                             operator
//   GET, POST  /api/v1/accounts/{id}/delegations            admin
//   DELETE     /api/v1/accounts/{id}/delegations/{partnerOrgId}  admin
//
// The vendor's operators read an account's invitations, members and delegations too (GET only,
// audited: ApiContext::CheckAccount).
//
// Each change and its audit entry (and its mail) are one Store::Write. What a transaction
// refuses is recorded in a Refused and answered after it: the Write commits nothing then.
#include <httplib.h>

#include <cctype>
#include <optional>

#include "api/people_json.h"
#include "core/text_checks.h"
#include "server/api_support.h"
#include "server/audit_store.h"
#include "server/http_server.h"
#include "server/invitation_store.h"
#include "server/mail.h"
#include "server/password.h"
#include "server/sso/sso_store.h"
#include "server/store.h"
#include "server/text.h"

namespace portal::server {

namespace {

// The mail's "who invites" when the vendor does (operators, like the order intake).
constexpr const char* kVendorInviter = "Support Services";

// R-ACC-3 / issue 4: the password a new user chooses when accepting an invitation.
constexpr size_t kMinPasswordCharacters = 12;
constexpr size_t kMaxPasswordCharacters = 1024;  // Argon2 takes any length; a body need not
constexpr size_t kMaxNameCharacters = 200;
constexpr size_t kMaxEmailBytes = 254;  // RFC 5321's path limit

// ---------------------------------------------------------------------------------------------
// [SECTION] Small pure helpers

// Emails compare as SQLite's NOCASE does (ASCII letters only), so that the API and the
// database's UNIQUE agree on what is the same email (R-ACC-4).
bool SameEmail(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

// Characters (code points) of UTF-8 text: what people count in a password's length.
size_t Utf8Length(const std::string& text) {
    size_t count = 0;
    for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return count;
}

// Reads key as a trimmed email of the portal's syntax (IsValidEmail; deliverability is the
// mail's business); records a field error otherwise.
void ReadEmail(api::FieldReader& reader, const char* key, std::string& out) {
    if (!reader.String(key, out)) return;
    out = text::Trim(out);
    if (out.size() > kMaxEmailBytes || !IsValidEmail(out)) {
        reader.Fail(key, "is not a valid email address");
    }
}

// Reads key as "admin" or "readonly" (R-ACC-1).
void ReadRole(api::FieldReader& reader, const char* key, Role& out) {
    std::string text;
    if (reader.String(key, text) && !RoleFrom(text, out)) {
        reader.Fail(key, "must be \"admin\" or \"readonly\"");
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Answers decided inside a transaction

api::ApiError NotFound() {
    return MakeError(404, "not_found", "");  // answered with SendNotFound's one body
}

api::ApiError RuleViolation(const std::string& rule, const std::string& message) {
    return MakeError(409, "rule_violation", message, rule);
}

// Why a link cannot be accepted (410 Gone: it existed and is no more); nullopt while pending.
Refused LinkRefusal(InvitationStatus status) {
    switch (status) {
        case InvitationStatus::Pending:
            return std::nullopt;
        case InvitationStatus::Accepted:
            return MakeError(410, "invitation_used", "This invitation has been used already");
        case InvitationStatus::Revoked:
            return MakeError(410, "invitation_revoked",
                             "This invitation was replaced by a newer one; use the latest link");
        case InvitationStatus::Expired:
            return MakeError(410, "invitation_expired",
                             "This invitation has expired; ask for a new one (R-ACC-2)");
    }
    return std::nullopt;
}

std::string LanguageText(Language language) {
    return language == Language::French ? "fr" : "en";
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Invitations

void ListAccountInvitations(ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAdminRead(req, res, account_id, caller)) return;
    std::vector<InvitationRecord> invitations;
    std::string error;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return ListInvitations(w, account_id, invitations, e);
            },
            error)) {
        return ctx.SendInternal(res, "invitations: " + error);
    }
    int64_t now = ctx.Now();
    api::Json list = api::Json::array();
    for (const InvitationRecord& invitation : invitations) {
        list.push_back(InvitationToJson(invitation, now));
    }
    SendJson(res, 200, {{"invitations", std::move(list)}});
}

void PostInvitation(ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::Admin, caller)) return;
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    std::vector<api::FieldError> fields;
    api::FieldReader reader(body, "", fields);
    InvitationRecord invitation;
    ReadEmail(reader, "email", invitation.email);
    ReadRole(reader, "role", invitation.role);
    if (!fields.empty()) return SendFieldErrors(res, fields);

    int64_t now = ctx.Now();
    invitation.account_id = account_id;
    invitation.invited_by = caller.user_id;
    Refused refused;
    std::string token, error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            AccountName account;
            UserRecord inviter, invitee;
            bool account_found = false, inviter_found = false, invitee_found = false;
            if (!FindAccountName(w, account_id, account, account_found, e) ||
                !FindUserById(w, caller.user_id, inviter, inviter_found, e) ||
                !w.FindUserByEmail(invitation.email, invitee, invitee_found, e)) {
                return false;
            }
            if (!account_found) {
                refused = NotFound();
                return true;
            }
            InviteCheck check = InviteCheck::Ok;
            if (!CheckNewInvitation(w, ctx.config, invitation, now, check, e)) return false;
            switch (check) {
                case InviteCheck::Ok:
                    break;
                case InviteCheck::AlreadyMember:
                    refused = MakeError(409, "already_member",
                                        invitation.email + " is a member of this account already");
                    return true;
                case InviteCheck::AlreadyInvited:
                    refused = MakeError(
                        409, "already_invited",
                        invitation.email + " has a pending invitation already; resend it instead");
                    return true;
                case InviteCheck::OverCap:
                    refused = RuleViolation("R-ACC-3",
                                            "This account has reached its limit of " +
                                                std::to_string(ctx.config.max_users_per_account) +
                                                " people (members and pending invitations)");
                    return true;
            }
            // The mail speaks the language the recipient chose, else the account's country's.
            invitation.language = invitee_found && invitee.language_chosen
                                      ? invitee.language
                                      : LanguageText(LanguageForCountry(account.country));
            return CreateInvitation(w, ctx.config, invitation, inviter.name, account.name, now,
                                    token, e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "invite: " + error);
    if (refused) return SendRefused(res, *refused);
    ctx.MailQueued();
    SendJson(res, 201, {{"invitation", InvitationToJson(invitation, now)}});
}

void ResendInvitationRoute(ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    if (!ctx.RequireCaller(req, res, caller)) return;
    Id id = PathId(req, 1);
    InvitationRecord invitation;
    bool found = false;
    std::string error;
    if (!ctx.store.Read([&](Store::Writer& w,
                            std::string& e) { return FindInvitation(w, id, invitation, found, e); },
                        error)) {
        return ctx.SendInternal(res, "resend: " + error);
    }
    if (!found) return SendNotFound(res);
    if (!caller.operator_) {
        // Partner organisations' invitations are the vendor's: to anyone else they do not exist.
        if (invitation.account_id == 0) return SendNotFound(res);
        if (!ctx.CheckAccount(res, caller, invitation.account_id, Role::Admin)) return;
    }

    int64_t now = ctx.Now();
    Refused refused;
    InvitationRecord fresh;
    std::string token;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            bool still = false;
            if (!FindInvitation(w, id, invitation, still, e)) return false;
            if (!still) {
                refused = NotFound();
                return true;
            }
            switch (StatusAt(invitation, now)) {
                case InvitationStatus::Pending:
                case InvitationStatus::Expired:  // the usual reason to resend
                    break;
                case InvitationStatus::Accepted:
                    refused = MakeError(409, "invitation_used",
                                        "This invitation has been accepted; there is nothing to "
                                        "resend");
                    return true;
                case InvitationStatus::Revoked:
                    refused =
                        MakeError(409, "invitation_revoked",
                                  "This invitation was replaced by invitation " +
                                      std::to_string(invitation.replaced_by) + "; resend that one");
                    return true;
            }
            std::string organisation, inviter = kVendorInviter;
            bool place_found = false;
            if (invitation.account_id != 0) {
                AccountName account;
                if (!FindAccountName(w, invitation.account_id, account, place_found, e)) {
                    return false;
                }
                organisation = account.name;
            } else {
                PartnerOrgRecord partner;
                if (!FindPartnerOrg(w, invitation.partner_org_id, partner, place_found, e)) {
                    return false;
                }
                organisation = partner.name;
            }
            if (!caller.operator_) {
                UserRecord user;
                bool user_found = false;
                if (!FindUserById(w, caller.user_id, user, user_found, e)) return false;
                if (user_found) inviter = user.name;
            }
            return ResendInvitation(w, ctx.config, invitation, caller.user_id, inviter,
                                    organisation, now, fresh, token, e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "resend: " + error);
    if (refused) return SendRefused(res, *refused);
    ctx.MailQueued();
    SendJson(res, 201, {{"invitation", InvitationToJson(fresh, now)}});
}

// R-ACC-2: what the invitation page shows before anything is accepted: who invites whom, to
// which account (or partner organisation) and role, until when. It changes nothing. The token
// travels in the body, not the URL, so that it stays out of logs; a dead link answers the 410 of
// accept, so that the page says why before anyone types a password.
void PreviewInvitationRoute(ApiContext& ctx, const Request& req, Response& res) {
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    std::vector<api::FieldError> fields;
    api::FieldReader reader(body, "", fields);
    std::string token;
    if (reader.String("token", token) && token.empty()) reader.Fail("token", "is required");
    if (!fields.empty()) return SendFieldErrors(res, fields);

    int64_t now = ctx.Now();
    InvitationRecord invitation;
    std::string place;
    bool found = false, place_found = false, existing_user = false;
    std::string error;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                if (!FindInvitationByTokenHash(w, Sha256Hex(token), invitation, found, e)) {
                    return false;
                }
                if (!found) return true;
                UserRecord existing;
                if (!w.FindUserByEmail(invitation.email, existing, existing_user, e)) return false;
                if (invitation.account_id != 0) {
                    AccountName account;
                    if (!FindAccountName(w, invitation.account_id, account, place_found, e)) {
                        return false;
                    }
                    place = account.name;
                    return true;
                }
                PartnerOrgRecord partner;
                if (!FindPartnerOrg(w, invitation.partner_org_id, partner, place_found, e)) {
                    return false;
                }
                place = partner.name;
                return true;
            },
            error)) {
        return ctx.SendInternal(res, "preview: " + error);
    }
    if (!found || !place_found) return SendNotFound(res);
    if (Refused gone = LinkRefusal(StatusAt(invitation, now))) return SendError(res, *gone);

    api::InvitationPreview preview;
    preview.email = invitation.email;
    preview.account_name = place;
    preview.account_id = invitation.account_id;
    preview.partner_org_id = invitation.partner_org_id;
    preview.role = RoleText(invitation.role);
    preview.expires_at = InvitationToJson(invitation, now)["expiresAt"].get<std::string>();
    preview.existing_user = existing_user;
    // The mails name the vendor when an operator (or the order intake) invites: so does this.
    preview.invited_by = kVendorInviter;
    if (invitation.invited_by != 0) {
        UserAccess access;
        bool user_found = false;
        if (!ctx.store.LoadUserAccess(invitation.invited_by, access, user_found, error)) {
            return ctx.SendInternal(res, "preview: " + error);
        }
        if (user_found && !access.operator_) preview.invited_by = access.user.name;
    }
    SendJson(res, 200, api::InvitationPreviewToJson(preview));
}

// R-ACC-2: the link works for its recipient only. Whoever holds it either is the user of the
// invited email already (a session of that user, or that user's password) or becomes that user
// (a new account with exactly the invited email); a session of anyone else is refused.
void AcceptInvitationRoute(ApiContext& ctx, const Request& req, Response& res) {
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    std::vector<api::FieldError> fields;
    api::FieldReader reader(body, "", fields);
    std::string token, name, password, language;
    if (reader.String("token", token) && token.empty()) reader.Fail("token", "is required");
    reader.String("name", name, false);
    reader.String("password", password, false);
    // The language chosen on the invitation page (issue 16): the user's from now on.
    if (body.contains("language") && !body["language"].is_null() &&
        reader.String("language", language, false) && language != "en" && language != "fr") {
        reader.Fail("language", "must be \"en\" or \"fr\"");
    }
    if (!fields.empty()) return SendFieldErrors(res, fields);

    // Who presents the link, if anyone: a dead session is no one (the recipient may simply
    // have been signed out), but not a failing store.
    UserAccess session;
    bool signed_in = false;
    if (!SessionTokenFromCookies(req.get_header_value("Cookie")).empty()) {
        Response scratch;
        Caller session_caller;
        signed_in = ctx.auth.Authenticate(req, scratch, session_caller, &session);
        if (!signed_in && scratch.status >= 500) {
            return SendFailure(res);
        }
    }

    int64_t now = ctx.Now();
    InvitationRecord invitation;
    UserRecord existing;
    bool found = false, exists = false;
    std::string error;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return FindInvitationByTokenHash(w, Sha256Hex(token), invitation, found, e) &&
                       (!found || w.FindUserByEmail(invitation.email, existing, exists, e));
            },
            error)) {
        return ctx.SendInternal(res, "accept: " + error);
    }
    if (!found) return SendNotFound(res);
    if (Refused gone = LinkRefusal(StatusAt(invitation, now))) return SendError(res, *gone);
    if (signed_in && !SameEmail(session.user.email, invitation.email)) {
        return SendError(res, 403, "invitation_other_user",
                         "This invitation is for another email than the one you are signed in "
                         "with; sign out first (R-ACC-2)");
    }

    UserRecord user;
    if (exists) {
        // Never a second user for one email (R-ACC-4): the existing one proves who they are.
        // The password counts as a sign-in of that user (limited and recorded alike), or the
        // link would be a way to guess it past the sign-in's limits.
        bool same_session = signed_in && session.user.id == existing.id;
        if (!same_session &&
            !ctx.auth.CheckPassword(req, res, existing.email, &existing, password,
                                    "This email has an account already: give its password")) {
            return;  // 401 or 429 written
        }
        user = existing;
    } else {
        name = text::Trim(name);
        if (name.empty()) {
            fields.push_back({"name", "is required"});
        } else if (Utf8Length(name) > kMaxNameCharacters) {
            fields.push_back({"name", "is longer than 200 characters"});
        } else if (!IsOneLineText(name)) {
            fields.push_back({"name", "must be one line, without control characters"});
        }
        size_t length = Utf8Length(password);
        if (length < kMinPasswordCharacters) {
            fields.push_back({"password", "must be at least 12 characters"});
        } else if (length > kMaxPasswordCharacters) {
            fields.push_back({"password", "must be at most 1024 characters"});
        }
        if (!fields.empty()) return SendFieldErrors(res, fields);
        user.email = invitation.email;  // exactly the invited email, nobody else's
        user.name = name;
        user.language = language.empty() ? invitation.language : language;
        user.language_chosen = !language.empty();
        // Hashed before the transaction: Argon2id takes its time and the write lock is shared.
        if (!HashPassword(password, ctx.config.password_cost, user.password_hash)) {
            return ctx.SendInternal(res, "accept: cannot hash a password");
        }
    }

    Refused refused;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            bool still = false;
            if (!FindInvitation(w, invitation.id, invitation, still, e)) return false;
            if (!still) {
                refused = NotFound();
                return true;
            }
            // Another request may have taken the link meanwhile: single use.
            if ((refused = LinkRefusal(StatusAt(invitation, now)))) return true;
            if (user.id == 0) {
                UserRecord raced;
                bool taken = false;
                if (!w.FindUserByEmail(user.email, raced, taken, e)) return false;
                if (taken) {
                    refused = MakeError(409, "conflict",
                                        "An account for this email was created meanwhile; try "
                                        "again with its password");
                    return true;
                }
                if (!w.InsertUser(user, ctx.NowText(), e)) return false;
            } else if (!language.empty()) {
                if (!w.SetUserLanguage(user.id, language, e)) return false;
                user.language = language;
                user.language_chosen = true;
            }
            return AcceptInvitation(w, invitation, user.id, now, e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "accept: " + error);
    if (refused) return SendRefused(res, *refused);
    if (!ctx.auth.StartSession(req, res, user.id)) return;  // 500 written
    api::User out{static_cast<long long>(user.id), user.email, user.name, ChosenLanguage(user)};
    SendJson(res, 200, {{"user", api::UserToJson(out)}});
}

// The signed-in user's own settings: for now the language they chose (issue 16). Until they
// choose, GET /me says null and the portal follows the browser.
void PatchMe(ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    if (!ctx.RequireCaller(req, res, caller)) return;
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    std::vector<api::FieldError> fields;
    api::FieldReader reader(body, "", fields);
    std::string language;
    if (reader.String("language", language) && language != "en" && language != "fr") {
        reader.Fail("language", "must be \"en\" or \"fr\"");
    }
    if (!fields.empty()) return SendFieldErrors(res, fields);
    UserRecord user;
    bool found = false;
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            return w.SetUserLanguage(caller.user_id, language, e) &&
                   FindUserById(w, caller.user_id, user, found, e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "me: " + error);
    if (!found) return SendNotFound(res);
    api::User out{static_cast<long long>(user.id), user.email, user.name, ChosenLanguage(user)};
    SendJson(res, 200, {{"user", api::UserToJson(out)}});
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Members

void ListAccountMembers(ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::ReadOnly, caller)) return;
    std::vector<MemberRecord> members;
    std::string error;
    if (!ctx.store.Read([&](Store::Writer& w,
                            std::string& e) { return ListMembers(w, account_id, members, e); },
                        error)) {
        return ctx.SendInternal(res, "members: " + error);
    }
    api::Json list = api::Json::array();
    for (const MemberRecord& member : members) list.push_back(MemberToJson(member));
    SendJson(res, 200, {{"members", std::move(list)}});
}

// R-ACC-1: an account keeps at least one admin. next: the member's new role; nullopt: removed.
Refused LastAdminRefusal(const MemberRecord& member, std::optional<Role> next, int admins) {
    bool loses_admin = member.role == Role::Admin && next != Role::Admin;
    if (loses_admin && admins <= 1) {
        return RuleViolation("R-ACC-1",
                             "An account keeps at least one admin: make someone else admin first");
    }
    return std::nullopt;
}

// R-ACC-5 (issue 15): an account that requires single sign-on keeps a break-glass admin, who
// still signs in with a password. refused is set when user_id is its last one.
bool LastBreakGlassRefusal(Store::Writer& w, Id account_id, Id user_id, Refused& refused,
                           std::string& error) {
    bool enforced = false;
    std::vector<Id> admins;
    if (!sso::AccountHasEnforcedConnection(w, account_id, enforced, error)) return false;
    if (!enforced) return true;
    if (!sso::ListBreakGlassAdmins(w, account_id, admins, error)) return false;
    if (admins.size() == 1 && admins[0] == user_id) {
        refused = RuleViolation("R-ACC-5",
                                "This is the last break-glass admin of an account that requires "
                                "single sign-on: mark another admin as break-glass first");
    }
    return true;
}

// PATCH (next: the role read from the body) or DELETE (next: nullopt) of one member.
void ChangeMember(ApiContext& ctx, const Request& req, Response& res, bool remove) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::Admin, caller)) return;
    Id user_id = PathId(req, 2);
    std::optional<Role> next;
    if (!remove) {
        api::Json body;
        if (!ReadJsonBody(req, res, body)) return;
        std::vector<api::FieldError> fields;
        api::FieldReader reader(body, "", fields);
        Role role = Role::ReadOnly;
        ReadRole(reader, "role", role);
        if (!fields.empty()) return SendFieldErrors(res, fields);
        next = role;
    }

    Refused refused;
    MemberRecord member;
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            bool found = false;
            int admins = 0;
            if (!FindMember(w, account_id, user_id, member, found, e)) return false;
            if (!found) {
                refused = NotFound();
                return true;
            }
            if (!CountAdmins(w, account_id, admins, e)) return false;
            if ((refused = LastAdminRefusal(member, next, admins))) return true;
            bool drops_admin = member.role == Role::Admin && next != Role::Admin;
            if (drops_admin) {
                if (!LastBreakGlassRefusal(w, account_id, user_id, refused, e)) return false;
                if (refused) return true;
            }
            api::Json before = MemberToJson(member);
            std::string object = ObjectName("user", user_id);
            if (remove) {
                return DeleteMember(w, account_id, user_id, e) &&
                       Audit(w, ctx, account_id, caller.user_id, "member.remove", object,
                             std::move(before), std::nullopt, e);
            }
            if (member.role == *next) return true;  // nothing changes, nothing to log
            member.role = *next;
            // Break-glass is an admin's: a lowered role loses it (R-ACC-5).
            return UpdateMemberRole(w, account_id, user_id, member.role, e) &&
                   (!drops_admin || sso::SetBreakGlass(w, account_id, user_id, false, e)) &&
                   Audit(w, ctx, account_id, caller.user_id, "member.update", object,
                         std::move(before), MemberToJson(member), e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "member: " + error);
    if (refused) return SendRefused(res, *refused);
    if (remove) {
        res.status = 204;
        return;
    }
    SendJson(res, 200, {{"member", MemberToJson(member)}});
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Partner organisations

void ListPartners(ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    if (!ctx.RequireOperator(req, res, caller)) return;
    std::vector<PartnerOrgRecord> partners;
    std::string error;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) { return ListPartnerOrgs(w, partners, e); },
            error)) {
        return ctx.SendInternal(res, "partners: " + error);
    }
    api::Json list = api::Json::array();
    for (const PartnerOrgRecord& partner : partners) {
        list.push_back({{"id", partner.id}, {"name", partner.name}, {"code", partner.code}});
    }
    SendJson(res, 200, {{"partners", std::move(list)}});
}

// R-ACC-6: a partner organisation, and the invitation of its first admin (like a customer's).
void PostPartner(ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    if (!ctx.RequireOperator(req, res, caller)) return;
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    std::vector<api::FieldError> fields;
    api::FieldReader reader(body, "", fields);
    PartnerOrgRecord partner;
    if (reader.String("name", partner.name)) {
        partner.name = text::Trim(partner.name);
        if (partner.name.empty()) {
            reader.Fail("name", "is required");
        } else if (Utf8Length(partner.name) > kMaxNameCharacters) {
            reader.Fail("name", "is longer than 200 characters");
        } else if (!IsOneLineText(partner.name)) {
            reader.Fail("name", "must be one line, without control characters");
        }
    }
    InvitationRecord invitation;
    ReadEmail(reader, "adminEmail", invitation.email);
    if (!fields.empty()) return SendFieldErrors(res, fields);

    int64_t now = ctx.Now();
    invitation.role = Role::Admin;
    invitation.invited_by = caller.user_id;
    Refused refused;
    std::string token, error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            PartnerOrgRecord same;
            UserRecord invitee;
            bool taken = false, invitee_found = false;
            if (!FindPartnerOrgByName(w, partner.name, same, taken, e) ||
                !w.FindUserByEmail(invitation.email, invitee, invitee_found, e)) {
                return false;
            }
            if (taken) {
                refused = MakeError(409, "partner_exists",
                                    "A partner organisation of this name exists already (id " +
                                        std::to_string(same.id) + ")");
                return true;
            }
            if (!w.InsertPartnerOrg(partner.name, partner.id, e, &partner.code) ||
                !Audit(w, ctx, 0, caller.user_id, "partner.create",
                       ObjectName("partner", partner.id), std::nullopt,
                       api::Json{{"id", partner.id}, {"name", partner.name}}, e)) {
                return false;
            }
            invitation.partner_org_id = partner.id;
            invitation.language =
                invitee_found && invitee.language_chosen ? invitee.language : "en";
            return CreateInvitation(w, ctx.config, invitation, kVendorInviter, partner.name, now,
                                    token, e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "partner: " + error);
    if (refused) return SendRefused(res, *refused);
    ctx.MailQueued();
    SendJson(res, 201,
             {{"partner", {{"id", partner.id}, {"name", partner.name}, {"code", partner.code}}},
              {"invitation", InvitationToJson(invitation, now)}});
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Delegations (R-ACC-6)

void ListAccountDelegations(ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAdminRead(req, res, account_id, caller)) return;
    std::vector<AccountDelegation> delegations;
    std::string error;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return ListDelegations(w, account_id, delegations, e);
            },
            error)) {
        return ctx.SendInternal(res, "delegations: " + error);
    }
    api::Json list = api::Json::array();
    for (const AccountDelegation& delegation : delegations) {
        list.push_back(DelegationToJson(delegation));
    }
    SendJson(res, 200, {{"delegations", std::move(list)}});
}

// A new delegation answers 201; one for a partner that has one already changes its role (200).
void PostDelegation(ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::Admin, caller)) return;
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    std::vector<api::FieldError> fields;
    api::FieldReader reader(body, "", fields);
    // The partner's consent (issue 16): its public code, which its own members see, and never
    // an id any account admin could count through.
    std::string partner_code;
    if (reader.String("partnerCode", partner_code) && text::Trim(partner_code).empty()) {
        reader.Fail("partnerCode", "is required");
    }
    AccountDelegation delegation;
    ReadRole(reader, "role", delegation.role);
    if (!fields.empty()) return SendFieldErrors(res, fields);

    delegation.account_id = account_id;
    Refused refused;
    bool created = false;
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            PartnerOrgRecord partner;
            AccountDelegation previous;
            bool partner_found = false, existed = false;
            if (!FindPartnerOrgByCode(w, partner_code, partner, partner_found, e)) return false;
            if (!partner_found) {
                refused = NotFound();  // an unknown code is a missing partner, nothing more
                return true;
            }
            delegation.partner_org_id = partner.id;
            if (!FindDelegation(w, account_id, partner.id, previous, existed, e)) return false;
            delegation.partner_name = partner.name;
            created = !existed;
            if (existed && previous.role == delegation.role) return true;  // nothing changes
            std::optional<api::Json> before;
            if (existed) before = DelegationToJson(previous);
            return UpsertDelegation(w, account_id, partner.id, delegation.role, e) &&
                   Audit(w, ctx, account_id, caller.user_id, "delegation.grant",
                         ObjectName("partner", partner.id), std::move(before),
                         DelegationToJson(delegation), e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "delegation: " + error);
    if (refused) return SendRefused(res, *refused);
    SendJson(res, created ? 201 : 200, {{"delegation", DelegationToJson(delegation)}});
}

void DeleteDelegationRoute(ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::Admin, caller)) return;
    Id partner_org_id = PathId(req, 2);
    Refused refused;
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            AccountDelegation delegation;
            bool found = false;
            if (!FindDelegation(w, account_id, partner_org_id, delegation, found, e)) return false;
            if (!found) {
                refused = NotFound();
                return true;
            }
            return DeleteDelegation(w, account_id, partner_org_id, e) &&
                   Audit(w, ctx, account_id, caller.user_id, "delegation.revoke",
                         ObjectName("partner", partner_org_id), DelegationToJson(delegation),
                         std::nullopt, e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "delegation: " + error);
    if (refused) return SendRefused(res, *refused);
    res.status = 204;
}

}  // namespace

void RegisterPeopleRoutes(Server& server, ApiContext& ctx) {
    auto route = [&](const char* method, const char* pattern,
                     void (*handler)(ApiContext&, const Request&, Response&)) {
        server.AddRoute(method, pattern, [&ctx, handler](const Request& req, Response& res) {
            handler(ctx, req, res);
        });
    };
    route("GET", "/api/v1/accounts/([0-9]+)/invitations", ListAccountInvitations);
    route("POST", "/api/v1/accounts/([0-9]+)/invitations", PostInvitation);
    route("POST", "/api/v1/invitations/([0-9]+)/resend", ResendInvitationRoute);
    // This exact pattern is what the server exempts from Idempotency-Key replays (a replay
    // would hand the session cookie out again).
    route("POST", "/api/v1/invitations/accept", AcceptInvitationRoute);
    route("POST", "/api/v1/invitations/preview", PreviewInvitationRoute);
    route("GET", "/api/v1/accounts/([0-9]+)/members", ListAccountMembers);
    route("PATCH", "/api/v1/me", PatchMe);
    server.AddRoute(
        "PATCH", "/api/v1/accounts/([0-9]+)/members/([0-9]+)",
        [&ctx](const Request& req, Response& res) { ChangeMember(ctx, req, res, false); });
    server.AddRoute(
        "DELETE", "/api/v1/accounts/([0-9]+)/members/([0-9]+)",
        [&ctx](const Request& req, Response& res) { ChangeMember(ctx, req, res, true); });
    route("GET", "/api/v1/partners", ListPartners);
    route("POST", "/api/v1/partners", PostPartner);
    route("GET", "/api/v1/accounts/([0-9]+)/delegations", ListAccountDelegations);
    route("POST", "/api/v1/accounts/([0-9]+)/delegations", PostDelegation);
    route("DELETE", "/api/v1/accounts/([0-9]+)/delegations/([0-9]+)", DeleteDelegationRoute);
}

}  // namespace portal::server
