// The people endpoints over a real socket with the demo data: invitations (their whole life on
// a clock the test moves: invite, mail, accept, expiry, reuse, resend), the cap on the people of
// an account, members and the last admin, partner organisations and delegations, and tenancy
// (another account's objects answer the one 404).
#include <gtest/gtest.h>

#include <regex>

#include "api_fixture.h"
#include "model_fixture.h"
#include "server/database.h"
#include "server/text.h"

namespace portal::server {
namespace {

using testing::ApiAnswer;
using testing::ApiClient;
using testing::kAnne;
using testing::kDana;
using testing::kLouis;
using testing::kOlivia;
using testing::kSam;
using testing::OpenRaw;
using testing::SessionCookieOf;
using testing::Str;

constexpr int64_t kDay = 24 * 60 * 60;
constexpr const char* kPassword = "a long enough password";

class PeopleApiTest : public testing::ApiTest {
  protected:
    // Anne (admin of Northwind HQ) invites email; the answer must be 201.
    api::Json Invite(const ApiClient& admin, Id account, const std::string& email,
                     const std::string& role = "readonly") const {
        ApiAnswer answer =
            admin.Post(Account(account, "/invitations"), {{"email", email}, {"role", role}});
        EXPECT_EQ(answer.status, 201) << answer.body;
        return answer.json.value("invitation", api::Json());
    }

    ApiAnswer Accept(const ApiClient& client, const std::string& token,
                     const std::string& name = "New Person",
                     const std::string& password = kPassword) const {
        return client.Post("/api/v1/invitations/accept",
                           {{"token", token}, {"name", name}, {"password", password}});
    }

    ApiAnswer Preview(const ApiClient& client, const std::string& token) const {
        return client.Post("/api/v1/invitations/preview", {{"token", token}});
    }

    // The role /me gives the client in account, through a membership or a delegation; "" none.
    std::string MembershipRole(const ApiClient& client, Id account) const {
        ApiAnswer me = client.Get("/api/v1/me");
        EXPECT_EQ(me.status, 200) << me.body;
        for (const api::Json& membership : me.json.value("memberships", api::Json::array())) {
            if (membership.value("accountId", Id{0}) == account) return membership["role"];
        }
        return "";
    }
    std::string DelegatedRole(const ApiClient& client, Id account) const {
        ApiAnswer me = client.Get("/api/v1/me");
        EXPECT_EQ(me.status, 200) << me.body;
        for (const api::Json& delegation : me.json.value("delegations", api::Json::array())) {
            if (delegation.value("accountId", Id{0}) == account) return delegation["role"];
        }
        return "";
    }

    std::string InvitationStatus(const ApiClient& admin, Id account, Id invitation) const {
        ApiAnswer list = admin.Get(Account(account, "/invitations"));
        EXPECT_EQ(list.status, 200) << list.body;
        for (const api::Json& item : list.json.value("invitations", api::Json::array())) {
            if (item.value("id", Id{0}) == invitation) return item["status"];
        }
        return "(absent)";
    }

    // The one body of a missing object, for byte comparisons.
    std::string NotFoundBody() const {
        return SignInAs(kOlivia).Get("/api/v1/accounts/999999999/members").body;
    }

    std::string FieldOf(const ApiAnswer& answer, size_t i = 0) const {
        const api::Json& fields = answer.json["error"]["details"]["fields"];
        return fields.size() > i ? fields[i].value("field", "") : "";
    }
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Invitations

// R-ACC-2, R-ACC-3: an admin invites a colleague; the mail carries the link; accepting creates
// the user with exactly the invited email, gives the role and signs them in; the link is single
// use.
TEST_F(PeopleApiTest, InvitationLifeCycle) {
    ApiClient anne = SignInAs(kAnne);
    api::Json invitation = Invite(anne, NorthwindHq(), "  Nina.Roux@northwind.example ");
    EXPECT_EQ(invitation["email"], "Nina.Roux@northwind.example");  // trimmed
    EXPECT_EQ(invitation["accountId"], NorthwindHq());
    EXPECT_EQ(invitation["role"], "readonly");
    EXPECT_EQ(invitation["status"], "pending");
    EXPECT_EQ(invitation["invitedBy"], UserNamed(kAnne.email));
    EXPECT_FALSE(invitation.contains("token"));
    Id id = invitation["id"];
    // Stored hashed only: the token never appears in the table.
    std::string token = TokenMailedTo("Nina.Roux@northwind.example");
    ASSERT_EQ(token.size(), 43u);  // 256 bits, URL-safe base64
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM invitations WHERE token_hash LIKE '%" + token + "%'"),
              0);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox WHERE recipient = "
                       "'Nina.Roux@northwind.example' AND subject = 'Bienvenue'"),
              1);  // HQ is in France: the mail is in French
    EXPECT_EQ(InvitationStatus(anne, NorthwindHq(), id), "pending");

    ApiAnswer accepted = Accept(Anonymous(), token, "Nina Roux");
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    EXPECT_EQ(accepted.json["user"]["email"], "Nina.Roux@northwind.example");
    EXPECT_EQ(accepted.json["user"]["name"], "Nina Roux");
    std::string cookie = SessionCookieOf(accepted);
    ASSERT_FALSE(cookie.empty()) << "accepting signs in";
    ApiClient nina(server_->Port(), cookie);
    EXPECT_EQ(MembershipRole(nina, NorthwindHq()), "readonly");
    EXPECT_EQ(nina.Get(Account(NorthwindHq(), "/members")).status, 200);
    // And she can sign in with the password she chose.
    SignInAs("nina.roux@northwind.example", kPassword);

    EXPECT_EQ(InvitationStatus(anne, NorthwindHq(), id), "accepted");
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM audit_log WHERE action IN"
                       " ('invitation.create', 'invitation.accept') AND object = 'invitation:" +
                       Str(id) + "'"),
              2);

    // Single use (R-ACC-2): the same link again, even by its own user.
    ApiAnswer again = Accept(Anonymous(), token, "Nina Roux");
    EXPECT_EQ(again.status, 410) << again.body;
    EXPECT_EQ(again.ErrorCode(), "invitation_used");
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM users WHERE email = 'nina.roux@northwind.example'"),
              1);
}

// R-ACC-2: the link is valid 30 days: still at 30 days - 1 s, no longer at 30 days + 1 s.
TEST_F(PeopleApiTest, InvitationValidThirtyDays) {
    ApiClient anne = SignInAs(kAnne);
    Invite(anne, NorthwindHq(), "early@northwind.example");
    std::string early = TokenMailedTo("early@northwind.example");
    api::Json late_invitation = Invite(anne, NorthwindHq(), "late@northwind.example");
    std::string late = TokenMailedTo("late@northwind.example");

    clock_.Advance(30 * kDay - 1);
    ApiAnswer in_time = Accept(Anonymous(), early);
    EXPECT_EQ(in_time.status, 200) << in_time.body;

    clock_.Advance(2);  // 30 days + 1 s
    ApiAnswer too_late = Accept(Anonymous(), late);
    EXPECT_EQ(too_late.status, 410) << too_late.body;
    EXPECT_EQ(too_late.ErrorCode(), "invitation_expired");
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM users WHERE email = 'late@northwind.example'"), 0);
    anne = SignInAs(kAnne);  // her session has idled out meanwhile
    EXPECT_EQ(InvitationStatus(anne, NorthwindHq(), late_invitation["id"]), "expired");
}

// R-ACC-2: a resend makes a new link (new token, 30 new days); the old one stops working.
TEST_F(PeopleApiTest, ResendReplacesTheLink) {
    ApiClient anne = SignInAs(kAnne);
    Id first = Invite(anne, NorthwindHq(), "omar@northwind.example", "admin")["id"];
    std::string old_token = TokenMailedTo("omar@northwind.example");

    clock_.Advance(31 * kDay);  // expired: the usual reason to resend
    anne = SignInAs(kAnne);
    ApiAnswer resent =
        anne.Post("/api/v1/invitations/" + Str(first) + "/resend", api::Json::object());
    ASSERT_EQ(resent.status, 201) << resent.body;
    Id second = resent.json["invitation"]["id"];
    EXPECT_NE(second, first);
    EXPECT_EQ(resent.json["invitation"]["status"], "pending");
    EXPECT_EQ(resent.json["invitation"]["role"], "admin");
    EXPECT_EQ(resent.json["invitation"]["email"], "omar@northwind.example");
    std::string new_token = TokenMailedTo("omar@northwind.example");
    EXPECT_NE(new_token, old_token);
    EXPECT_EQ(InvitationStatus(anne, NorthwindHq(), first), "revoked");

    ApiAnswer old_link = Accept(Anonymous(), old_token);
    EXPECT_EQ(old_link.status, 410) << old_link.body;
    EXPECT_EQ(old_link.ErrorCode(), "invitation_revoked");

    // A revoked invitation is not resent again: its replacement is.
    ApiAnswer twice =
        anne.Post("/api/v1/invitations/" + Str(first) + "/resend", api::Json::object());
    EXPECT_EQ(twice.status, 409) << twice.body;
    EXPECT_EQ(twice.ErrorCode(), "invitation_revoked");

    ApiAnswer new_link = Accept(Anonymous(), new_token, "Omar");
    ASSERT_EQ(new_link.status, 200) << new_link.body;
    ApiClient omar(server_->Port(), SessionCookieOf(new_link));
    EXPECT_EQ(MembershipRole(omar, NorthwindHq()), "admin");

    // Accepted: nothing left to resend.
    ApiAnswer used =
        anne.Post("/api/v1/invitations/" + Str(second) + "/resend", api::Json::object());
    EXPECT_EQ(used.status, 409) << used.body;
    EXPECT_EQ(used.ErrorCode(), "invitation_used");
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM audit_log WHERE action = 'invitation.resend'"), 1);
}

// R-ACC-2: operators resend any invitation; a read-only member may not; another tenant sees none.
TEST_F(PeopleApiTest, WhoMayResend) {
    ApiClient anne = SignInAs(kAnne);
    Id id = Invite(anne, NorthwindHq(), "pia@northwind.example")["id"];
    std::string path = "/api/v1/invitations/" + Str(id) + "/resend";

    ApiAnswer louis = SignInAs(kLouis).Post(path, api::Json::object());
    EXPECT_EQ(louis.status, 403) << louis.body;
    ApiAnswer dana = SignInAs(kDana).Post(path, api::Json::object());
    EXPECT_EQ(dana.status, 404) << dana.body;
    EXPECT_EQ(dana.body, NotFoundBody());
    ApiAnswer missing = anne.Post("/api/v1/invitations/999999/resend", api::Json::object());
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.body, NotFoundBody());

    ApiAnswer olivia = SignInAs(kOlivia).Post(path, api::Json::object());
    EXPECT_EQ(olivia.status, 201) << olivia.body;
    ApiAnswer accepted = Accept(Anonymous(), TokenMailedTo("pia@northwind.example"));
    EXPECT_EQ(accepted.status, 200) << accepted.body;
}

// R-ACC-2: the link works for its recipient only: a session of another email is refused.
TEST_F(PeopleApiTest, AnotherSignedInUserIsRefused) {
    ApiClient anne = SignInAs(kAnne);
    Id id = Invite(anne, NorthwindHq(), "quentin@northwind.example")["id"];
    std::string token = TokenMailedTo("quentin@northwind.example");

    ApiAnswer dana = Accept(SignInAs(kDana), token);
    EXPECT_EQ(dana.status, 403) << dana.body;
    EXPECT_EQ(dana.ErrorCode(), "invitation_other_user");
    EXPECT_TRUE(SessionCookieOf(dana).empty());
    EXPECT_EQ(InvitationStatus(anne, NorthwindHq(), id), "pending");
    EXPECT_EQ(MembershipRole(SignInAs(kDana), NorthwindHq()), "");

    // The recipient, signed out, still can.
    EXPECT_EQ(Accept(Anonymous(), token).status, 200);
}

// R-ACC-4: an email that has a user already gets the membership, never a second user; the
// holder of the link proves to be that user by its password (whatever the email's case).
TEST_F(PeopleApiTest, ExistingUserJoinsWithTheirPassword) {
    ApiClient anne = SignInAs(kAnne);
    Invite(anne, NorthwindHq(), "Dana.Lee@Contoso.example");
    std::string token = TokenMailedTo("Dana.Lee@Contoso.example");
    int64_t users = QueryInt("SELECT COUNT(*) FROM users");

    ApiAnswer no_password = Accept(Anonymous(), token, "", "");
    EXPECT_EQ(no_password.status, 401) << no_password.body;
    EXPECT_EQ(no_password.ErrorCode(), "invalid_credentials");
    ApiAnswer wrong = Accept(Anonymous(), token, "Someone", "not dana's password");
    EXPECT_EQ(wrong.status, 401) << wrong.body;

    ApiAnswer right = Accept(Anonymous(), token, "", kDana.password);
    ASSERT_EQ(right.status, 200) << right.body;
    EXPECT_EQ(right.json["user"]["id"], UserNamed(kDana.email));
    EXPECT_EQ(right.json["user"]["name"], "Dana Lee");  // her name stays hers
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM users"), users);
    ApiClient dana(server_->Port(), SessionCookieOf(right));
    EXPECT_EQ(MembershipRole(dana, NorthwindHq()), "readonly");
    EXPECT_EQ(MembershipRole(dana, Contoso()), "admin");
}

// A session of the invited user itself is proof enough: no password asked.
TEST_F(PeopleApiTest, ExistingUserSignedInNeedsNoPassword) {
    ApiClient dana_admin = SignInAs(kDana);
    Invite(dana_admin, Contoso(), kLouis.email, "admin");
    ApiClient louis = SignInAs(kLouis);
    ApiAnswer accepted =
        louis.Post("/api/v1/invitations/accept", {{"token", TokenMailedTo(kLouis.email)}});
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    louis.set_cookie(SessionCookieOf(accepted));  // rotated
    EXPECT_EQ(MembershipRole(louis, Contoso()), "admin");
    EXPECT_EQ(MembershipRole(louis, NorthwindHq()), "readonly");
}

// A new user chooses a password of at least 12 characters and gives a name; an unknown token is
// the one 404.
TEST_F(PeopleApiTest, AcceptChecksItsFields) {
    ApiClient anne = SignInAs(kAnne);
    Id id = Invite(anne, NorthwindHq(), "rita@northwind.example")["id"];
    std::string token = TokenMailedTo("rita@northwind.example");

    ApiAnswer short_password = Accept(Anonymous(), token, "Rita", "eleven char");
    EXPECT_EQ(short_password.status, 400) << short_password.body;
    EXPECT_EQ(short_password.ErrorCode(), "invalid_fields");
    EXPECT_EQ(FieldOf(short_password), "password");
    ApiAnswer no_name = Accept(Anonymous(), token, "   ", "twelve chars");
    EXPECT_EQ(no_name.status, 400) << no_name.body;
    EXPECT_EQ(FieldOf(no_name), "name");
    ApiAnswer no_token = Anonymous().Post("/api/v1/invitations/accept", {{"name", "Rita"}});
    EXPECT_EQ(no_token.status, 400);
    EXPECT_EQ(FieldOf(no_token), "token");
    EXPECT_EQ(InvitationStatus(anne, NorthwindHq(), id), "pending");

    std::string other = token;
    other[0] = other[0] == 'x' ? 'y' : 'x';
    ApiAnswer unknown = Accept(Anonymous(), other);
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(unknown.body, NotFoundBody());

    EXPECT_EQ(Accept(Anonymous(), token, "Rita", "twelve chars").status, 200);
}

// R-ACC-2: the invitation page reads who invites whom to which account and role, without a
// session, and reading changes nothing: the link stays pending and works afterwards.
TEST_F(PeopleApiTest, PreviewSaysWhoInvitesWhomAndChangesNothing) {
    ApiClient anne = SignInAs(kAnne);
    api::Json invitation = Invite(anne, NorthwindHq(), "Vera@northwind.example", "readonly");
    std::string token = TokenMailedTo("Vera@northwind.example");
    int64_t audit = QueryInt("SELECT COUNT(*) FROM audit_log");
    int64_t users = QueryInt("SELECT COUNT(*) FROM users");

    ApiAnswer preview = Preview(Anonymous(), token);
    ASSERT_EQ(preview.status, 200) << preview.body;
    EXPECT_EQ(preview.json["email"], "Vera@northwind.example");
    EXPECT_EQ(preview.json["accountName"], "Northwind Traders — Siège");
    EXPECT_EQ(preview.json["accountId"], NorthwindHq());
    EXPECT_TRUE(preview.json["partnerOrgId"].is_null());
    EXPECT_EQ(preview.json["role"], "readonly");
    EXPECT_EQ(preview.json["invitedBy"], "Anne Martin");
    EXPECT_EQ(preview.json["expiresAt"], invitation["expiresAt"]);
    EXPECT_EQ(preview.json["existingUser"], false);
    EXPECT_FALSE(preview.json.contains("token"));
    EXPECT_TRUE(SessionCookieOf(preview).empty()) << "reading an invitation signs no one in";

    // Twice, and from a signed-in browser of someone else: still the same answer.
    EXPECT_EQ(Preview(Anonymous(), token).json, preview.json);
    EXPECT_EQ(Preview(SignInAs(kDana), token).json, preview.json);
    EXPECT_EQ(InvitationStatus(anne, NorthwindHq(), invitation["id"]), "pending");
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM audit_log"), audit);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM users"), users);

    ASSERT_EQ(Accept(Anonymous(), token, "Vera").status, 200);
    ApiAnswer used = Preview(Anonymous(), token);
    EXPECT_EQ(used.status, 410) << used.body;
    EXPECT_EQ(used.ErrorCode(), "invitation_used");
}

// An email that has a user already: the page asks for its password instead of a new one.
TEST_F(PeopleApiTest, PreviewSaysWhenTheEmailHasAnAccount) {
    Invite(SignInAs(kAnne), NorthwindHq(), "DANA.LEE@contoso.example", "admin");
    ApiAnswer preview = Preview(Anonymous(), TokenMailedTo("DANA.LEE@contoso.example"));
    ASSERT_EQ(preview.status, 200) << preview.body;
    EXPECT_EQ(preview.json["existingUser"], true);
    EXPECT_EQ(preview.json["role"], "admin");
}

// Dead links answer what accepting them would (410 and its code); an unknown token is the one
// 404; a missing token is a field error.
TEST_F(PeopleApiTest, PreviewOfDeadAndUnknownLinks) {
    ApiClient anne = SignInAs(kAnne);
    Id first = Invite(anne, NorthwindHq(), "wes@northwind.example")["id"];
    std::string revoked = TokenMailedTo("wes@northwind.example");
    ASSERT_EQ(
        anne.Post("/api/v1/invitations/" + Str(first) + "/resend", api::Json::object()).status,
        201);
    std::string fresh = TokenMailedTo("wes@northwind.example");
    Invite(anne, NorthwindHq(), "xia@northwind.example");
    std::string expiring = TokenMailedTo("xia@northwind.example");

    ApiAnswer old_link = Preview(Anonymous(), revoked);
    EXPECT_EQ(old_link.status, 410) << old_link.body;
    EXPECT_EQ(old_link.ErrorCode(), "invitation_revoked");
    EXPECT_EQ(Preview(Anonymous(), fresh).status, 200);

    clock_.Advance(30 * kDay + 1);
    ApiAnswer expired = Preview(Anonymous(), expiring);
    EXPECT_EQ(expired.status, 410) << expired.body;
    EXPECT_EQ(expired.ErrorCode(), "invitation_expired");

    std::string other = fresh;
    other[0] = other[0] == 'x' ? 'y' : 'x';
    ApiAnswer unknown = Preview(Anonymous(), other);
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(unknown.body, NotFoundBody());
    ApiAnswer no_token = Anonymous().Post("/api/v1/invitations/preview", api::Json::object());
    EXPECT_EQ(no_token.status, 400) << no_token.body;
    EXPECT_EQ(FieldOf(no_token), "token");
}

// The vendor's invitations (a partner organisation's first admin, by an operator) name the
// vendor as the mails do, and the organisation instead of an account.
TEST_F(PeopleApiTest, PreviewOfAPartnerInvitationNamesTheVendor) {
    ApiAnswer created = SignInAs(kOlivia).Post(
        "/api/v1/partners", {{"name", "Woodgrove AV"}, {"adminEmail", "yan@woodgrove.example"}});
    ASSERT_EQ(created.status, 201) << created.body;
    ApiAnswer preview = Preview(Anonymous(), TokenMailedTo("yan@woodgrove.example"));
    ASSERT_EQ(preview.status, 200) << preview.body;
    EXPECT_EQ(preview.json["accountName"], "Woodgrove AV");
    EXPECT_TRUE(preview.json["accountId"].is_null());
    EXPECT_EQ(preview.json["partnerOrgId"], created.json["partner"]["id"]);
    EXPECT_EQ(preview.json["invitedBy"], "Support Services");
    EXPECT_EQ(preview.json["role"], "admin");
}

TEST_F(PeopleApiTest, InviteChecksItsFields) {
    ApiClient anne = SignInAs(kAnne);
    std::string path = Account(NorthwindHq(), "/invitations");
    ApiAnswer bad_email = anne.Post(path, {{"email", "not an email"}, {"role", "admin"}});
    EXPECT_EQ(bad_email.status, 400) << bad_email.body;
    EXPECT_EQ(FieldOf(bad_email), "email");
    ApiAnswer bad_role = anne.Post(path, {{"email", "s@northwind.example"}, {"role", "owner"}});
    EXPECT_EQ(bad_role.status, 400) << bad_role.body;
    EXPECT_EQ(FieldOf(bad_role), "role");

    // Already a member, whatever the letter case (R-ACC-4).
    ApiAnswer member =
        anne.Post(path, {{"email", "LOUIS.bernard@northwind.example"}, {"role", "admin"}});
    EXPECT_EQ(member.status, 409) << member.body;
    EXPECT_EQ(member.ErrorCode(), "already_member");

    Invite(anne, NorthwindHq(), "sven@northwind.example");
    ApiAnswer twice = anne.Post(path, {{"email", "Sven@northwind.example"}, {"role", "admin"}});
    EXPECT_EQ(twice.status, 409) << twice.body;
    EXPECT_EQ(twice.ErrorCode(), "already_invited");
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox WHERE kind = 'invitation'"), 1);
}

// R-ACC-3: members and pending invitations count towards the cap; expired ones do not.
TEST_F(PeopleApiTest, UsersPerAccountCap) {
    StopServer();
    config_.max_users_per_account = 3;  // HQ has Anne and Louis
    StartServer();
    ApiClient anne = SignInAs(kAnne);
    std::string path = Account(NorthwindHq(), "/invitations");
    Invite(anne, NorthwindHq(), "third@northwind.example");
    ApiAnswer fourth = anne.Post(path, {{"email", "fourth@northwind.example"}, {"role", "admin"}});
    EXPECT_EQ(fourth.status, 409) << fourth.body;
    EXPECT_EQ(fourth.ErrorCode(), "rule_violation");
    EXPECT_EQ(fourth.Rule(), "R-ACC-3");

    // Accepted, the third is a member: still three.
    ASSERT_EQ(Accept(Anonymous(), TokenMailedTo("third@northwind.example")).status, 200);
    EXPECT_EQ(anne.Post(path, {{"email", "fourth@northwind.example"}, {"role", "admin"}}).Rule(),
              "R-ACC-3");

    // Another account has its own count.
    Invite(SignInAs(kDana), Contoso(), "second@contoso.example");

    // A member leaves: room for one more; once that invitation expires, it stops counting.
    ASSERT_EQ(
        anne.Delete(Account(NorthwindHq(), "/members/" + Str(UserNamed("third@northwind.example"))))
            .status,
        204);
    Invite(anne, NorthwindHq(), "fourth@northwind.example");
    EXPECT_EQ(anne.Post(path, {{"email", "fifth@northwind.example"}, {"role", "admin"}}).Rule(),
              "R-ACC-3");
    clock_.Advance(30 * kDay);
    anne = SignInAs(kAnne);
    Invite(anne, NorthwindHq(), "fifth@northwind.example");
}

// R-ACC-1: only admins invite; read-only members see the members, not the invitations.
TEST_F(PeopleApiTest, ReadOnlyMemberCannotInvite) {
    ApiClient louis = SignInAs(kLouis);
    ApiAnswer invite = louis.Post(Account(NorthwindHq(), "/invitations"),
                                  {{"email", "x@northwind.example"}, {"role", "readonly"}});
    EXPECT_EQ(invite.status, 403) << invite.body;
    EXPECT_EQ(invite.ErrorCode(), "forbidden");
    EXPECT_EQ(louis.Get(Account(NorthwindHq(), "/invitations")).status, 403);
    ApiAnswer members = louis.Get(Account(NorthwindHq(), "/members"));
    ASSERT_EQ(members.status, 200) << members.body;
    ASSERT_EQ(members.json["members"].size(), 2u);
    EXPECT_EQ(members.json["members"][0]["email"], kAnne.email);
    EXPECT_EQ(members.json["members"][0]["role"], "admin");
    EXPECT_EQ(members.json["members"][0]["name"], "Anne Martin");
    EXPECT_EQ(members.json["members"][0]["userId"], UserNamed(kAnne.email));
    EXPECT_EQ(members.json["members"][1]["role"], "readonly");
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM invitations"), 0);
}

// Tenancy: another account's admin gets the one 404 for everything of ours.
TEST_F(PeopleApiTest, AnotherAccountsAdminSeesNothing) {
    ApiClient anne = SignInAs(kAnne);
    Invite(anne, NorthwindHq(), "tom@northwind.example");
    ApiClient dana = SignInAs(kDana);
    std::string not_found = NotFoundBody();
    Id louis = UserNamed(kLouis.email);
    std::vector<ApiAnswer> answers = {
        dana.Get(Account(NorthwindHq(), "/invitations")),
        dana.Post(Account(NorthwindHq(), "/invitations"),
                  {{"email", "y@contoso.example"}, {"role", "admin"}}),
        dana.Get(Account(NorthwindHq(), "/members")),
        dana.Patch(Account(NorthwindHq(), "/members/" + Str(louis)), {{"role", "admin"}}),
        dana.Delete(Account(NorthwindHq(), "/members/" + Str(louis))),
        dana.Get(Account(NorthwindHq(), "/delegations")),
        dana.Post(Account(NorthwindHq(), "/delegations"),
                  {{"partnerCode", PartnerCode("Fabrikam Services")}, {"role", "admin"}}),
        dana.Delete(
            Account(NorthwindHq(), "/delegations/" + Str(PartnerNamed("Fabrikam Services")))),
        dana.Get(Account(999999, "/members")),
    };
    for (const ApiAnswer& answer : answers) {
        EXPECT_EQ(answer.status, 404) << answer.body;
        EXPECT_EQ(answer.body, not_found);
    }
    EXPECT_EQ(MembershipRole(SignInAs(kLouis), NorthwindHq()), "readonly");
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM invitations"), 1);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Members

// R-ACC-1: an account keeps at least one admin: the last one can be neither demoted nor removed.
TEST_F(PeopleApiTest, LastAdminStays) {
    ApiClient anne = SignInAs(kAnne);
    Id anne_id = UserNamed(kAnne.email);
    Id louis_id = UserNamed(kLouis.email);
    std::string anne_path = Account(NorthwindHq(), "/members/" + Str(anne_id));
    std::string louis_path = Account(NorthwindHq(), "/members/" + Str(louis_id));

    ApiAnswer demote = anne.Patch(anne_path, {{"role", "readonly"}});
    EXPECT_EQ(demote.status, 409) << demote.body;
    EXPECT_EQ(demote.ErrorCode(), "rule_violation");
    EXPECT_EQ(demote.Rule(), "R-ACC-1");
    ApiAnswer remove = anne.Delete(anne_path);
    EXPECT_EQ(remove.status, 409) << remove.body;
    EXPECT_EQ(remove.Rule(), "R-ACC-1");

    // Read-only Louis may not change roles; an unknown member is the one 404.
    EXPECT_EQ(SignInAs(kLouis).Patch(louis_path, {{"role", "admin"}}).status, 403);
    EXPECT_EQ(anne.Patch(Account(NorthwindHq(), "/members/999999"), {{"role", "admin"}}).body,
              NotFoundBody());
    ApiAnswer bad_role = anne.Patch(louis_path, {{"role", "owner"}});
    EXPECT_EQ(bad_role.status, 400);
    EXPECT_EQ(FieldOf(bad_role), "role");

    ApiAnswer promote = anne.Patch(louis_path, {{"role", "admin"}});
    ASSERT_EQ(promote.status, 200) << promote.body;
    EXPECT_EQ(promote.json["member"]["role"], "admin");
    EXPECT_EQ(anne.Patch(anne_path, {{"role", "readonly"}}).status, 200);  // Louis is admin now
    ApiClient louis = SignInAs(kLouis);
    EXPECT_EQ(louis.Delete(anne_path).status, 204);
    EXPECT_EQ(louis.Delete(louis_path).Rule(), "R-ACC-1");

    ApiAnswer members = louis.Get(Account(NorthwindHq(), "/members"));
    ASSERT_EQ(members.json["members"].size(), 1u);
    EXPECT_EQ(members.json["members"][0]["userId"], louis_id);
    EXPECT_EQ(anne.Get(Account(NorthwindHq(), "/members")).status, 404);  // no longer hers
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM audit_log WHERE action = 'member.update'"), 2);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM audit_log WHERE action = 'member.remove'"), 1);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Partners and delegations

// R-ACC-6: a customer admin delegates to a partner; the partner's users see the account; a
// repeated grant changes the role; a revoke takes it away.
TEST_F(PeopleApiTest, DelegationGrantAndRevoke) {
    ApiClient dana = SignInAs(kDana);
    ApiClient sam = SignInAs(kSam);
    Id fabrikam = PartnerNamed("Fabrikam Services");
    std::string path = Account(Contoso(), "/delegations");
    EXPECT_EQ(DelegatedRole(sam, Contoso()), "");
    EXPECT_EQ(sam.Get(Account(Contoso(), "/members")).status, 404);
    ApiAnswer none = dana.Get(path);
    ASSERT_EQ(none.status, 200) << none.body;
    EXPECT_TRUE(none.json["delegations"].empty());

    // Issue 16: the partner's public code, which only its members see, not its id.
    std::string code = PartnerCode("Fabrikam Services");
    ApiAnswer by_id = dana.Post(path, {{"partnerOrgId", fabrikam}, {"role", "readonly"}});
    EXPECT_EQ(by_id.status, 400) << by_id.body;
    EXPECT_EQ(FieldOf(by_id), "partnerCode");
    ApiAnswer granted = dana.Post(path, {{"partnerCode", code}, {"role", "readonly"}});
    ASSERT_EQ(granted.status, 201) << granted.body;
    EXPECT_EQ(granted.json["delegation"], (api::Json{{"accountId", Contoso()},
                                                     {"partnerOrgId", fabrikam},
                                                     {"partnerName", "Fabrikam Services"},
                                                     {"role", "readonly"}}));
    EXPECT_EQ(DelegatedRole(sam, Contoso()), "readonly");
    EXPECT_EQ(sam.Get(Account(Contoso(), "/members")).status, 200);
    EXPECT_EQ(sam.Get(Account(Contoso(), "/delegations")).status, 403);  // read-only

    // Whatever the letter case and surrounding spaces of a code typed by hand.
    std::string typed = " " + text::Lower(code) + " ";
    ApiAnswer changed = dana.Post(path, {{"partnerCode", typed}, {"role", "admin"}});
    ASSERT_EQ(changed.status, 200) << changed.body;
    EXPECT_EQ(changed.json["delegation"]["role"], "admin");
    EXPECT_EQ(DelegatedRole(sam, Contoso()), "admin");
    ApiAnswer list = dana.Get(path);
    ASSERT_EQ(list.json["delegations"].size(), 1u);
    EXPECT_EQ(list.json["delegations"][0]["role"], "admin");

    // An unknown code is a missing partner: 404, the one body.
    ApiAnswer unknown = dana.Post(path, {{"partnerCode", "P-2222-2222"}, {"role", "admin"}});
    EXPECT_EQ(unknown.status, 404) << unknown.body;
    EXPECT_EQ(unknown.body, NotFoundBody());

    EXPECT_EQ(dana.Delete(path + "/" + Str(fabrikam)).status, 204);
    EXPECT_EQ(DelegatedRole(sam, Contoso()), "");
    EXPECT_EQ(sam.Get(Account(Contoso(), "/members")).status, 404);
    EXPECT_EQ(dana.Delete(path + "/" + Str(fabrikam)).body, NotFoundBody());
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM audit_log WHERE action = 'delegation.grant'"), 2);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM audit_log WHERE action = 'delegation.revoke'"), 1);
    // Northwind's delegations to Fabrikam are untouched.
    EXPECT_EQ(DelegatedRole(sam, NorthwindHq()), "admin");
}

// R-ACC-6: an operator adds a partner organisation; its first admin is invited by mail like a
// customer's, and once in, sees the accounts delegated to the partner.
TEST_F(PeopleApiTest, OperatorAddsPartner) {
    ApiClient olivia = SignInAs(kOlivia);
    ApiAnswer created = olivia.Post("/api/v1/partners", {{"name", " Tailspin Integrators "},
                                                         {"adminEmail", "ada@tailspin.example"}});
    ASSERT_EQ(created.status, 201) << created.body;
    Id partner = created.json["partner"]["id"];
    EXPECT_EQ(created.json["partner"]["name"], "Tailspin Integrators");
    EXPECT_EQ(created.json["invitation"]["partnerOrgId"], partner);
    EXPECT_TRUE(created.json["invitation"]["accountId"].is_null());
    EXPECT_EQ(created.json["invitation"]["role"], "admin");
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox WHERE recipient = 'ada@tailspin.example'"
                       " AND subject = 'Welcome'"),
              1);

    ApiAnswer partners = olivia.Get("/api/v1/partners");
    ASSERT_EQ(partners.status, 200) << partners.body;
    bool listed = false;
    for (const api::Json& item : partners.json["partners"]) listed |= item["id"] == partner;
    EXPECT_TRUE(listed);

    ApiAnswer same_name = olivia.Post("/api/v1/partners", {{"name", "tailspin integrators"},
                                                           {"adminEmail", "bob@tailspin.example"}});
    EXPECT_EQ(same_name.status, 409) << same_name.body;
    EXPECT_EQ(same_name.ErrorCode(), "partner_exists");
    ApiAnswer bad = olivia.Post("/api/v1/partners", {{"name", ""}, {"adminEmail", "nope"}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(FieldOf(bad, 0), "name");
    EXPECT_EQ(FieldOf(bad, 1), "adminEmail");

    ApiAnswer accepted = Accept(Anonymous(), TokenMailedTo("ada@tailspin.example"), "Ada");
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    Id ada = accepted.json["user"]["id"];
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM partner_members WHERE user_id = " + Str(ada) +
                       " AND partner_org_id = " + Str(partner) + " AND role = 'admin'"),
              1);
    ApiClient ada_client(server_->Port(), SessionCookieOf(accepted));
    // Ada gives Contoso her organisation's code (issue 16), which she sees and Contoso does not.
    ApiAnswer me = ada_client.Get("/api/v1/me");
    ASSERT_EQ(me.json["partnerOrgs"].size(), 1u) << me.body;
    EXPECT_EQ(me.json["partnerOrgs"][0]["code"], created.json["partner"]["code"]);
    std::string code = me.json["partnerOrgs"][0]["code"];
    ASSERT_EQ(
        SignInAs(kDana)
            .Post(Account(Contoso(), "/delegations"), {{"partnerCode", code}, {"role", "admin"}})
            .status,
        201);
    EXPECT_EQ(DelegatedRole(ada_client, Contoso()), "admin");
    EXPECT_EQ(ada_client.Get(Account(Contoso(), "/members")).status, 200);
}

TEST_F(PeopleApiTest, PartnersAreForOperators) {
    ApiClient anne = SignInAs(kAnne);
    ApiAnswer post =
        anne.Post("/api/v1/partners", {{"name", "Sneaky"}, {"adminEmail", "s@sneaky.example"}});
    EXPECT_EQ(post.status, 403) << post.body;
    EXPECT_EQ(anne.Get("/api/v1/partners").status, 403);
    EXPECT_EQ(SignInAs(kSam).Get("/api/v1/partners").status, 403);
    EXPECT_EQ(Anonymous().Get("/api/v1/partners").status, 401);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM partner_orgs WHERE name = 'Sneaky'"), 0);
}

}  // namespace
}  // namespace portal::server
