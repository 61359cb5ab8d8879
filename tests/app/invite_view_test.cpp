// The invitation page (#/invite/<token>), drawn headless against a scripted server: what the
// link says before anyone accepts it, the form's checks, accepting and being signed in into the
// account, an existing user's password, and dead links (410: used, expired, replaced; 404).
#include <nlohmann/json.hpp>
#include <set>

#include "app/views/views.h"
#include "app_fixture.h"

namespace portal::app {
namespace {

constexpr const char* kPreview =
    R"({"email":"nina@example.com","accountName":"Northwind HQ","accountId":7,"partnerOrgId":null,)"
    R"("role":"readonly","invitedBy":"Anne Martin","expiresAt":"2026-12-19T09:00:00Z",)"
    R"("existingUser":false})";

class InviteView : public AppFrames {
  protected:
    // Opens the mail's link with nobody signed in.
    void OpenLink(const std::string& token = "tok-123") {
        app_->OnLocationHash("#/invite/" + token);
        Frames();
        transport_.Answer("/api/v1/health", 200, kHealth);
        transport_.Answer("/api/v1/catalogue", 200, catalogue_json_);
        transport_.Answer(
            "/api/v1/me", 401,
            R"({"error":{"code":"unauthenticated","message":"Sign in","details":{}}})");
        Frames();
    }
    void OpenPreview(const std::string& preview = kPreview) {
        OpenLink();
        ASSERT_EQ(transport_.Answer("/api/v1/invitations/preview", 200, preview), 1);
        Frames();
    }
    nlohmann::json BodyOf(const std::string& path) {
        const PendingTransport::Pending* pending = Request(path, "POST");
        if (!pending) {
            ADD_FAILURE() << "no POST " << path;
            return nullptr;
        }
        return nlohmann::json::parse(pending->request.body);
    }
    void Fill(const std::string& name, const std::string& password, const std::string& confirm) {
        Type("Your name", name);
        Type("Password", password);
        Type("Confirm password", confirm);
    }
};

TEST_F(InviteView, SaysWhoInvitedWhomToWhichAccountAndRole) {
    OpenLink();
    EXPECT_NE(Item("Reading your invitation…"), nullptr);
    EXPECT_EQ(BodyOf("/api/v1/invitations/preview"), nlohmann::json({{"token", "tok-123"}}));
    transport_.Answer("/api/v1/invitations/preview", 200, kPreview);
    Frames();
    EXPECT_NE(Item("Join Northwind HQ"), nullptr);
    EXPECT_NE(Item("Anne Martin invited you to join Northwind HQ as a read-only member."), nullptr);
    EXPECT_NE(Item("As a read-only member you see everything and change nothing."), nullptr);
    EXPECT_NE(Item("This link works until " +
                   FormatDateIn(Language::English, DateFromYmd(2026, 12, 19)) + "."),
              nullptr);
    for (const char* label : {"Your name", "Password", "Confirm password", "Join and sign in"}) {
        const BridgeItem* item = Item(label);
        ASSERT_NE(item, nullptr) << label;
        EXPECT_FALSE(item->text) << label << " is a field";
    }
    // The invited email is shown, not a field: the account is made for it only.
    const BridgeItem* email = Item("nina@example.com");
    ASSERT_NE(email, nullptr);
    EXPECT_TRUE(email->text);
    for (const BridgeItem& item : app_->bridge().items()) {
        EXPECT_FALSE(!item.text && item.label == "Email") << "no field to change the email";
    }
    EXPECT_EQ(Request("/api/v1/me"), nullptr) << "the page asks nothing more of the session";
}

TEST_F(InviteView, AnAdminsInvitationSaysSo) {
    nlohmann::json preview = nlohmann::json::parse(kPreview);
    preview["role"] = "admin";
    OpenPreview(preview.dump());
    EXPECT_NE(Item("Anne Martin invited you to join Northwind HQ as an admin."), nullptr);
    EXPECT_NE(Item("As an admin you manage rooms, licenses, people and settings."), nullptr);
}

TEST_F(InviteView, ChecksTheFormThenAcceptsAndSignsIntoTheAccount) {
    OpenPreview();
    Click("Join and sign in");
    EXPECT_NE(Item("Enter your name."), nullptr);
    EXPECT_NE(Item("Use at least 12 characters."), nullptr);
    Fill("Nina Roux", "short", "short");
    Click("Join and sign in");
    EXPECT_EQ(Item("Enter your name."), nullptr);
    EXPECT_NE(Item("Use at least 12 characters."), nullptr);
    // Twelve characters, counted as characters (é is one), but the confirmation differs.
    Type("Password", "é-long-pass");  // "short" + this: 16 characters
    Click("Join and sign in");
    EXPECT_EQ(Item("Use at least 12 characters."), nullptr);
    EXPECT_NE(Item("The two passwords differ."), nullptr);
    EXPECT_EQ(Request("/api/v1/invitations/accept"), nullptr)
        << "nothing is sent until it is right";
    Type("Confirm password", "é-long-pass");
    Press(ImGuiKey_Enter);
    EXPECT_EQ(BodyOf("/api/v1/invitations/accept"),
              nlohmann::json({{"token", "tok-123"},
                              {"name", "Nina Roux"},
                              {"password", "shorté-long-pass"},
                              {"language", "en"}}));
    transport_.Answer(
        "/api/v1/invitations/accept", 200,
        R"({"user":{"id":5,"email":"nina@example.com","name":"Nina Roux","language":"en"}})");
    Frames();
    // Signed in: the account opens, the link leaves the history, the password is forgotten.
    EXPECT_EQ(app_->state().route.page, Page::Overview);
    EXPECT_EQ(app_->state().route.account, 7);
    ASSERT_FALSE(platform_.hashes.empty());
    EXPECT_EQ(platform_.hashes.back(), "#/overview?account=7");
    EXPECT_STREQ(app_->state().invite_page.password, "");
    EXPECT_STREQ(app_->state().invite_page.confirm, "");
    EXPECT_FALSE(app_->state().signed_out);
    ASSERT_EQ(
        transport_.Answer("/api/v1/me", 200,
                          R"({"user":{"id":5,"email":"nina@example.com","name":"Nina Roux",)"
                          R"("language":"en"},"memberships":[{"accountId":7,"role":"readonly"}],)"
                          R"("delegations":[],"operator":false})"),
        1);
    Frames();
    ASSERT_EQ(
        transport_.Answer("/api/v1/accounts?health=1", 200,
                          R"({"accounts":[{"id":7,"name":"Northwind HQ","kind":"headquarters",)"
                          R"("country":"FR","city":"Paris","role":"readonly"}]})"),
        1);
    Frames();
    EXPECT_EQ(app_->state().account.id, 7);
    EXPECT_NE(app_->StateJson().find(R"("user":{"email":"nina@example.com")"), std::string::npos)
        << app_->StateJson();
}

TEST_F(InviteView, TheServersFieldErrorsShowUnderTheField) {
    OpenPreview();
    Fill("Nina", "twelve chars", "twelve chars");
    Click("Join and sign in");
    transport_.Answer(
        "/api/v1/invitations/accept", 400,
        R"({"error":{"code":"invalid_fields","message":"A field is missing or invalid: name",)"
        R"("details":{"fields":[{"field":"name","message":"is longer than 200 characters"}]}}})");
    Frames();
    const BridgeItem* field = Item("Your name");
    const BridgeItem* error = Item("is longer than 200 characters");
    const BridgeItem* next = Item("Password");
    ASSERT_TRUE(field && error && next);
    EXPECT_GT(error->y, field->y);
    EXPECT_LT(error->y, next->y);
    EXPECT_EQ(Item("A field is missing or invalid: name"), nullptr);
    EXPECT_STREQ(app_->state().invite_page.name, "Nina") << "what was typed stays";
}

TEST_F(InviteView, AnExistingUserJoinsWithTheirPassword) {
    nlohmann::json preview = nlohmann::json::parse(kPreview);
    preview["existingUser"] = true;
    OpenPreview(preview.dump());
    EXPECT_NE(Item("nina@example.com has an account already: enter its password to join."),
              nullptr);
    EXPECT_EQ(Item("Your name"), nullptr);
    EXPECT_EQ(Item("Confirm password"), nullptr);
    Click("Join and sign in");
    EXPECT_NE(Item("Enter your password."), nullptr);
    Type("Password", "her own");
    Click("Join and sign in");
    EXPECT_EQ(BodyOf("/api/v1/invitations/accept"),
              nlohmann::json({{"token", "tok-123"}, {"password", "her own"}, {"language", "en"}}));
    transport_.Answer("/api/v1/invitations/accept", 401,
                      R"({"error":{"code":"invalid_credentials","message":"This email has an )"
                      R"(account already: give its password","details":{}}})");
    Frames();
    EXPECT_NE(Item("This email has an account already: give its password"), nullptr);
    EXPECT_NE(Item("Join and sign in"), nullptr);
}

// R-ACC-2: the link is its recipient's; signed in as someone else, the page offers to sign out.
TEST_F(InviteView, SignedInAsSomeoneElseOffersToSignOut) {
    OpenPreview();
    Fill("Nina", "twelve chars", "twelve chars");
    Click("Join and sign in");
    transport_.Answer(
        "/api/v1/invitations/accept", 403,
        R"x({"error":{"code":"invitation_other_user","message":"This invitation is for )x"
        R"x(another email than the one you are signed in with; sign out first (R-ACC-2)",)x"
        R"x("details":{}}})x");
    Frames();
    EXPECT_NE(Item("This invitation is for another email than the one you are signed in with; sign "
                   "out first (R-ACC-2)"),
              nullptr);
    Click("Sign out");
    EXPECT_NE(Request("/api/v1/auth/logout", "POST"), nullptr);
    EXPECT_EQ(app_->state().route.page, Page::Invite) << "the page stays, to be accepted again";
}

struct DeadLink {
    int status;
    const char* code;
    const char* what;
    const char* how;
};

void PrintTo(const DeadLink& link, std::ostream* out) {
    *out << link.status << " " << link.code;
}

class InviteDeadLink : public InviteView, public ::testing::WithParamInterface<DeadLink> {};

TEST_P(InviteDeadLink, SaysWhyAndHowToGetANewOne) {
    const DeadLink& dead = GetParam();
    OpenLink();
    std::string body =
        std::string(R"({"error":{"code":")") + dead.code + R"(","message":"gone","details":{}}})";
    ASSERT_EQ(transport_.Answer("/api/v1/invitations/preview", dead.status, body), 1);
    Frames();
    EXPECT_NE(Item(dead.what), nullptr);
    EXPECT_NE(Item(dead.how), nullptr);
    EXPECT_EQ(Item("Join and sign in"), nullptr) << "a dead link asks for no password";
    EXPECT_EQ(Item("Password"), nullptr);
    Click("Go to sign in");
    EXPECT_EQ(app_->state().route.page, Page::Overview);
}

INSTANTIATE_TEST_SUITE_P(
    Links, InviteDeadLink,
    ::testing::Values(
        DeadLink{410, "invitation_expired", "This invitation has expired.",
                 "Invitation links work for 30 days. Ask an admin of the account to resend the "
                 "invitation: you will get a new link by email."},
        DeadLink{410, "invitation_used", "This invitation has been used already.",
                 "If you accepted it, sign in with the email and password you chose. If you did "
                 "not, ask an admin of the account to invite you again."},
        DeadLink{410, "invitation_revoked", "This link was replaced by a newer one.",
                 "Use the link of the latest invitation email, or ask an admin of the account to "
                 "resend the invitation."},
        DeadLink{404, "not_found", "This invitation link is not valid.",
                 "Check that the whole link was copied from the email, or ask an admin of the "
                 "account to resend the invitation."}),
    [](const ::testing::TestParamInfo<DeadLink>& info) { return std::string(info.param.code); });

// Used in another tab between reading and accepting: the same message as a dead link.
TEST_F(InviteView, ALinkUsedMeanwhileSaysSo) {
    OpenPreview();
    Fill("Nina", "twelve chars", "twelve chars");
    Click("Join and sign in");
    transport_.Answer("/api/v1/invitations/accept", 410,
                      R"({"error":{"code":"invitation_used","message":"used","details":{}}})");
    Frames();
    EXPECT_NE(Item("This invitation has been used already."), nullptr);
    EXPECT_EQ(Item("Join and sign in"), nullptr);
}

TEST_F(InviteView, ANewLinkForgetsTheLastOne) {
    OpenPreview();
    Fill("Nina", "twelve chars", "twelve chars");
    app_->OnLocationHash("#/invite/other-token");
    Frames();
    EXPECT_EQ(BodyOf("/api/v1/invitations/preview"), nlohmann::json({{"token", "other-token"}}));
    EXPECT_STREQ(app_->state().invite_page.password, "");
    EXPECT_EQ(Item("Join Northwind HQ"), nullptr);
}

TEST_F(InviteView, EveryLabelHasItsFrench) {
    app_->SetLanguage(Language::French);
    Frames();
    std::set<std::string> before = app_->state().tr.missing();
    nlohmann::json preview = nlohmann::json::parse(kPreview);
    preview["partnerOrgId"] = 3;
    preview["accountId"] = nullptr;
    OpenPreview(preview.dump());
    EXPECT_NE(Item("Anne Martin vous invite à rejoindre l'organisation partenaire Northwind HQ en "
                   "tant que membre en lecture seule."),
              nullptr);
    EXPECT_NE(Item("Ce lien est valable jusqu'au " +
                   FormatDateIn(Language::French, DateFromYmd(2026, 12, 19)) + "."),
              nullptr);
    Click("Rejoindre et se connecter");
    app_->OnLocationHash("#/invite/dead");
    Frames();
    transport_.Answer("/api/v1/invitations/preview", 410,
                      R"({"error":{"code":"invitation_expired","message":"x","details":{}}})");
    Frames();
    EXPECT_NE(Item("Cette invitation a expiré."), nullptr);
    for (const std::string& text : app_->state().tr.missing()) {
        if (!before.count(text)) ADD_FAILURE() << "no French: " << text;
    }
}

}  // namespace
}  // namespace portal::app
