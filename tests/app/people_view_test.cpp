// People & access, drawn headless against a scripted server: the lists an admin and a read-only
// member see, the Invite dialog (fields, per-field errors, Enter and Escape), role changes and
// the last admin's refusal (R-ACC-1), removal with confirmation, resend, partner delegations,
// and every label in French.
#include <imgui_internal.h>

#include <nlohmann/json.hpp>
#include <set>

#include "api/state_json.h"
#include "app/views/views.h"
#include "app_fixture.h"

namespace portal::app {
namespace {

constexpr const char* kMembers =
    R"({"members":[{"userId":1,"email":"anne@example.com","name":"Anne","role":"admin"},)"
    R"({"userId":2,"email":"louis@example.com","name":"Louis","role":"readonly"}]})";
constexpr const char* kInvitations =
    R"({"invitations":[)"
    R"({"id":11,"accountId":7,"partnerOrgId":null,"email":"nina@example.com","role":"readonly",)"
    R"("status":"pending","createdAt":"2026-11-01T09:00:00Z","expiresAt":"2026-12-01T09:00:00Z","invitedBy":1},)"
    R"({"id":12,"accountId":7,"partnerOrgId":null,"email":"omar@example.com","role":"admin",)"
    R"("status":"expired","createdAt":"2026-09-01T09:00:00Z","expiresAt":"2026-10-01T09:00:00Z","invitedBy":1},)"
    R"({"id":13,"accountId":7,"partnerOrgId":null,"email":"gone@example.com","role":"admin",)"
    R"("status":"accepted","createdAt":"2026-09-01T09:00:00Z","expiresAt":"2026-10-01T09:00:00Z","invitedBy":null},)"
    R"({"id":14,"accountId":7,"partnerOrgId":null,"email":"old@example.com","role":"admin",)"
    R"("status":"revoked","createdAt":"2026-09-01T09:00:00Z","expiresAt":"2026-10-01T09:00:00Z","invitedBy":1}]})";
constexpr const char* kDelegations =
    R"({"delegations":[{"accountId":7,"partnerOrgId":3,"partnerName":"Fabrikam Services",)"
    R"("role":"admin"}]})";

class PeopleView : public AppFrames {
  protected:
    // Signed in as Anne with `role` in account 7, on People & access.
    void OpenPeople(const std::string& role = "admin") {
        StartWithAccount(api::StateToJson(State{}).dump(), role);
        app_->OnLocationHash("#/people?account=7");
        Frames();
    }
    // The admin's page with its three lists loaded.
    void OpenLoaded() {
        OpenPeople("admin");
        ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/members", 200, kMembers), 1);
        ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/invitations", 200, kInvitations), 1);
        ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/delegations", 200, kDelegations), 1);
        Frames();
    }
    std::string KeyOf(const std::string& path, const std::string& method) {
        const PendingTransport::Pending* pending = Request(path, method);
        if (!pending) return "";
        for (const auto& [name, value] : pending->request.headers) {
            if (name == "Idempotency-Key") return value;
        }
        return "";
    }
};

TEST_F(PeopleView, AdminSeesMembersPendingInvitationsAndPartners) {
    OpenLoaded();
    EXPECT_NE(Item("Anne (you)"), nullptr);
    EXPECT_NE(Item("louis@example.com"), nullptr);
    EXPECT_NE(Item("Admin"), nullptr);
    EXPECT_NE(Item("Read-only"), nullptr);
    // Waiting for an answer: pending and expired (the one to resend); history is not.
    EXPECT_NE(Item("nina@example.com"), nullptr);
    EXPECT_NE(Item("omar@example.com"), nullptr);
    EXPECT_NE(Item("Pending"), nullptr);
    EXPECT_NE(Item("Expired"), nullptr);
    EXPECT_NE(Item(FormatDateIn(Language::English, DateFromYmd(2026, 12, 1))), nullptr)
        << "the expiry, as a date in the chosen language";
    EXPECT_EQ(Item("gone@example.com"), nullptr);
    EXPECT_EQ(Item("old@example.com"), nullptr);
    EXPECT_NE(Item("Fabrikam Services"), nullptr);
    for (const char* label :
         {"Invite", "Make admin", "Make read-only", "Remove", "Resend", "Grant access", "Revoke"}) {
        const BridgeItem* item = Control(label);
        ASSERT_NE(item, nullptr) << label;
        EXPECT_TRUE(item->enabled) << label;
    }
}

TEST_F(PeopleView, ReadOnlyMemberSeesEveryChangeDisabledAndLoadsOnlyTheMembers) {
    OpenPeople("readonly");
    EXPECT_NE(Request("/api/v1/accounts/7/members"), nullptr);
    // The server refuses these lists to read-only members: they are not even asked for.
    EXPECT_EQ(Request("/api/v1/accounts/7/invitations"), nullptr);
    EXPECT_EQ(Request("/api/v1/accounts/7/delegations"), nullptr);
    transport_.Answer("/api/v1/accounts/7/members", 200, kMembers);
    Frames();
    EXPECT_NE(Item("louis@example.com"), nullptr);
    EXPECT_NE(Item("Only the admins of this account see its pending invitations and partner "
                   "access."),
              nullptr);
    for (const char* label : {"Invite", "Make admin", "Make read-only", "Remove"}) {
        const BridgeItem* item = Control(label);
        ASSERT_NE(item, nullptr) << label;
        EXPECT_FALSE(item->enabled) << label << " must be disabled for a read-only member";
    }
    Click("Invite");
    EXPECT_EQ(Item("Send invitation"), nullptr) << "a disabled Invite opens nothing";
    ClickControl("Remove");
    EXPECT_EQ(Item("Remove from account"), nullptr);
}

TEST_F(PeopleView, InviteSendsTheEmailAndRoleThenReloadsTheInvitations) {
    OpenLoaded();
    Click("Invite");
    ASSERT_NE(Item("Send invitation"), nullptr);
    ASSERT_NE(Item("Email"), nullptr);
    // Read-only is the default; Admin is one click (and Read-only one more, back).
    EXPECT_FALSE(app_->state().people_page.invite_admin);
    Type("Email", "rita@example.com");
    ClickControl("Read-only");
    EXPECT_FALSE(app_->state().people_page.invite_admin);
    ClickControl("Admin");
    EXPECT_TRUE(app_->state().people_page.invite_admin);
    Click("Send invitation");
    nlohmann::json body = BodyOf("/api/v1/accounts/7/invitations", "POST");
    EXPECT_EQ(body, nlohmann::json({{"email", "rita@example.com"}, {"role", "admin"}}));
    ASSERT_EQ(
        transport_.Answer(
            "/api/v1/accounts/7/invitations", 201,
            R"({"invitation":{"id":15,"accountId":7,"partnerOrgId":null,"email":"rita@example.com",)"
            R"("role":"admin","status":"pending","createdAt":"2026-11-19T09:00:00Z",)"
            R"("expiresAt":"2026-12-19T09:00:00Z","invitedBy":1}})"),
        1);
    Frames();
    EXPECT_EQ(Item("Send invitation"), nullptr) << "the dialog closes once sent";
    EXPECT_NE(Item("Invitation sent to rita@example.com."), nullptr);
    // Only the list that changed reloads, not the account's state.
    ASSERT_NE(Request("/api/v1/accounts/7/invitations", "GET"), nullptr);
    EXPECT_EQ(Request("/api/v1/accounts/7/state"), nullptr);
    EXPECT_EQ(Request("/api/v1/accounts/7/members"), nullptr);
    std::string list = kInvitations;
    list.insert(
        list.find('[') + 1,
        R"({"id":15,"accountId":7,"partnerOrgId":null,"email":"rita@example.com","role":"admin",)"
        R"("status":"pending","createdAt":"2026-11-19T09:00:00Z","expiresAt":"2026-12-19T09:00:00Z","invitedBy":1},)");
    transport_.Answer("/api/v1/accounts/7/invitations", 200, list);
    Frames();
    EXPECT_NE(Item("rita@example.com"), nullptr);
}

TEST_F(PeopleView, FieldErrorsShowUnderTheirField) {
    OpenLoaded();
    Click("Invite");
    Type("Email", "not an email");
    Click("Send invitation");
    ASSERT_EQ(
        transport_.Answer(
            "/api/v1/accounts/7/invitations", 400,
            R"({"error":{"code":"invalid_fields","message":"A field is missing or invalid: email",)"
            R"("details":{"fields":[{"field":"email","message":"is not a valid email address"}]}}})"),
        1);
    Frames();
    const BridgeItem* field = Item("Email");
    const BridgeItem* error = Item("is not a valid email address");
    const BridgeItem* role = Item("Role");
    ASSERT_NE(field, nullptr);
    ASSERT_NE(error, nullptr);
    ASSERT_NE(role, nullptr);
    EXPECT_GT(error->y, field->y) << "under the field";
    EXPECT_LT(error->y, role->y) << "before the next field";
    EXPECT_EQ(Item("A field is missing or invalid: email"), nullptr)
        << "the field says it; no second, vaguer sentence";
    ASSERT_NE(Item("Send invitation"), nullptr) << "the dialog stays, with what was typed";
    EXPECT_STREQ(app_->state().people_page.invite_email, "not an email");
}

TEST_F(PeopleView, EnterSendsEscapeClosesAndAnEmptyEmailIsNotSent) {
    OpenLoaded();
    Click("Invite");
    Click("Send invitation");
    EXPECT_NE(Item("Enter an email address."), nullptr);
    EXPECT_EQ(Request("/api/v1/accounts/7/invitations", "POST"), nullptr);
    Type("Email", "sam@example.com");
    Press(ImGuiKey_Enter);
    EXPECT_EQ(BodyOf("/api/v1/accounts/7/invitations", "POST"),
              nlohmann::json({{"email", "sam@example.com"}, {"role", "readonly"}}));
    std::string first_key = KeyOf("/api/v1/accounts/7/invitations", "POST");
    EXPECT_FALSE(first_key.empty());
    transport_.Answer("/api/v1/accounts/7/invitations", 409,
                      R"({"error":{"code":"already_invited","message":"sam@example.com has a )"
                      R"(pending invitation already; resend it instead","details":{}}})");
    Frames();
    EXPECT_NE(Item("sam@example.com has a pending invitation already; resend it instead"), nullptr);
    // Another email is another change: a new Idempotency-Key (the server kept the refusal under
    // the first one and would answer 422 for its reuse).
    Frames(30);  // half a second: the next click is not a double click (which selects a word)
    Click("Email");
    Press(ImGuiKey_End);
    ImGui::GetIO().AddInputCharactersUTF8("2");
    Frames(2);
    Press(ImGuiKey_Enter);
    EXPECT_EQ(BodyOf("/api/v1/accounts/7/invitations", "POST"),
              nlohmann::json({{"email", "sam@example.com2"}, {"role", "readonly"}}));
    std::string second_key = KeyOf("/api/v1/accounts/7/invitations", "POST");
    EXPECT_FALSE(second_key.empty());
    EXPECT_NE(second_key, first_key);
    transport_.Answer("/api/v1/accounts/7/invitations", 400,
                      R"({"error":{"code":"invalid_fields","message":"x","details":{"fields":)"
                      R"([{"field":"email","message":"is not a valid email address"}]}}})");
    Frames();
    Press(ImGuiKey_Escape);
    EXPECT_EQ(Item("Send invitation"), nullptr) << "Escape closes the dialog";
    EXPECT_FALSE(Request("/api/v1/accounts/7/invitations", "POST"));
}

TEST_F(PeopleView, TheLastAdminsRefusalShowsTheRulesSentence) {
    OpenLoaded();
    Click("Make read-only");  // Anne's row: the only admin
    EXPECT_EQ(BodyOf("/api/v1/accounts/7/members/1", "PATCH"),
              nlohmann::json({{"role", "readonly"}}));
    transport_.Answer(
        "/api/v1/accounts/7/members/1", 409,
        R"({"error":{"code":"rule_violation","message":"An account keeps at least )"
        R"(one admin: make someone else admin first","details":{"rule":"R-ACC-1"}}})");
    Frames();
    EXPECT_NE(Item("An account keeps at least one admin: make someone else admin first (R-ACC-1)"),
              nullptr);
    EXPECT_EQ(Request("/api/v1/accounts/7/members"), nullptr) << "nothing changed: no reload";

    Click("Make admin");  // Louis
    EXPECT_EQ(BodyOf("/api/v1/accounts/7/members/2", "PATCH"), nlohmann::json({{"role", "admin"}}));
    transport_.Answer(
        "/api/v1/accounts/7/members/2", 200,
        R"({"member":{"userId":2,"email":"louis@example.com","name":"Louis","role":"admin"}})");
    Frames();
    EXPECT_NE(Item("Louis is now an admin."), nullptr);
    EXPECT_EQ(Item("An account keeps at least one admin: make someone else admin first (R-ACC-1)"),
              nullptr);
    EXPECT_NE(Request("/api/v1/accounts/7/members", "GET"), nullptr);
}

TEST_F(PeopleView, RemoveAsksFirstThenDeletesAndReloads) {
    OpenLoaded();
    ClickControl("Remove", 1);  // Louis's row
    EXPECT_NE(Item("Remove Louis from this account? They lose access to it at once."), nullptr);
    EXPECT_EQ(Request("/api/v1/accounts/7/members/2", "DELETE"), nullptr)
        << "not before confirming";
    Press(ImGuiKey_Escape);
    EXPECT_EQ(Item("Remove from account"), nullptr) << "Escape cancels";
    ClickControl("Remove", 1);
    Click("Remove from account");
    ASSERT_NE(Request("/api/v1/accounts/7/members/2", "DELETE"), nullptr);
    transport_.Answer("/api/v1/accounts/7/members/2", 204, "");
    Frames();
    EXPECT_NE(Item("Louis was removed from this account."), nullptr);
    EXPECT_EQ(Item("Remove from account"), nullptr);
    ASSERT_NE(Request("/api/v1/accounts/7/members", "GET"), nullptr);
}

TEST_F(PeopleView, ResendMakesANewLinkAndReloads) {
    OpenLoaded();
    ClickControl("Resend", 1);  // omar@, expired
    ASSERT_NE(Request("/api/v1/invitations/12/resend", "POST"), nullptr);
    transport_.Answer(
        "/api/v1/invitations/12/resend", 201,
        R"({"invitation":{"id":16,"accountId":7,"partnerOrgId":null,"email":"omar@example.com",)"
        R"("role":"admin","status":"pending","createdAt":"2026-11-19T09:00:00Z",)"
        R"("expiresAt":"2026-12-19T09:00:00Z","invitedBy":1}})");
    Frames();
    EXPECT_NE(Item("A new link was sent to omar@example.com; the previous one no longer works."),
              nullptr);
    EXPECT_NE(Request("/api/v1/accounts/7/invitations", "GET"), nullptr);
}

// Issue 16: a delegation names the partner's public code, which the partner gives the customer
// (its consent); the list of partner organisations is the operators' alone.
TEST_F(PeopleView, GrantTakesThePartnersCode) {
    OpenLoaded();
    Click("Grant access");
    EXPECT_EQ(Request("/api/v1/partners"), nullptr) << "no list to pick from";
    ASSERT_NE(Item("Partner code"), nullptr);
    Click("Grant");
    EXPECT_NE(Item("Enter the partner code first."), nullptr);
    EXPECT_EQ(Request("/api/v1/accounts/7/delegations", "POST"), nullptr);
    Type("Partner code", " p-7kq3-m9zx ");
    ClickControl("Admin");
    Click("Grant");
    EXPECT_EQ(BodyOf("/api/v1/accounts/7/delegations", "POST"),
              nlohmann::json({{"partnerCode", "P-7KQ3-M9ZX"}, {"role", "admin"}}));
    transport_.Answer(
        "/api/v1/accounts/7/delegations", 201,
        R"({"delegation":{"accountId":7,"partnerOrgId":4,"partnerName":"Tailspin AV","role":"admin"}})");
    Frames();
    EXPECT_NE(Item("Tailspin AV now has access to this account."), nullptr);
    EXPECT_EQ(Item("Grant"), nullptr) << "the dialog closes";
    EXPECT_NE(Request("/api/v1/accounts/7/delegations", "GET"), nullptr);
}

TEST_F(PeopleView, AnUnknownPartnerCodeIsSaidInWords) {
    OpenLoaded();
    Click("Grant access");
    Type("Partner code", "P-2222-2222");
    Click("Grant");
    transport_.Answer("/api/v1/accounts/7/delegations", 404,
                      R"({"error":{"code":"not_found","message":"Not found","details":{}}})");
    Frames();
    EXPECT_NE(Item("No partner organisation has this code."), nullptr);
    EXPECT_NE(Item("Partner code"), nullptr) << "the dialog stays, to correct the code";
}

TEST_F(PeopleView, RevokeAsksFirst) {
    OpenLoaded();
    Click("Revoke");
    EXPECT_NE(Item("Revoke the access of Fabrikam Services to this account?"), nullptr);
    EXPECT_EQ(Request("/api/v1/accounts/7/delegations/3", "DELETE"), nullptr);
    Click("Revoke access");
    ASSERT_NE(Request("/api/v1/accounts/7/delegations/3", "DELETE"), nullptr);
    transport_.Answer("/api/v1/accounts/7/delegations/3", 204, "");
    Frames();
    EXPECT_NE(Item("The access of Fabrikam Services was revoked."), nullptr);
    EXPECT_NE(Request("/api/v1/accounts/7/delegations", "GET"), nullptr);
}

TEST_F(PeopleView, AnotherAccountLoadsItsOwnLists) {
    OpenLoaded();
    EXPECT_EQ(app_->state().people_page.loaded_for, 7);
    app_->state().people_page.ForgetAccount();  // what App does when the account changes
    Frames();
    EXPECT_NE(Request("/api/v1/accounts/7/members"), nullptr);
    EXPECT_NE(Request("/api/v1/accounts/7/invitations"), nullptr);
}

// Every label of the page, its dialogs and its confirmations has its French.
TEST_F(PeopleView, EveryLabelHasItsFrench) {
    app_->SetLanguage(Language::French);
    StartWithAccount(api::StateToJson(State{}).dump(), "admin");
    std::set<std::string> before = app_->state().tr.missing();  // the shell's, not this page's
    app_->OnLocationHash("#/people?account=7");
    Frames();
    transport_.Answer("/api/v1/accounts/7/members", 200, kMembers);
    transport_.Answer("/api/v1/accounts/7/invitations", 200, kInvitations);
    transport_.Answer("/api/v1/accounts/7/delegations", 200, kDelegations);
    Frames();
    ASSERT_NE(Item("Personnes et accès"), nullptr);
    ClickControl("Retirer", 1);
    Click("Révoquer");
    Click("Inviter");
    Click("Envoyer l'invitation");  // empty: its message
    Press(ImGuiKey_Escape);
    Click("Donner accès");
    EXPECT_NE(Item("Code partenaire"), nullptr);
    Click("Accorder");  // nothing typed: its message
    EXPECT_NE(Item("Saisissez d'abord le code partenaire."), nullptr);
    Type("Code partenaire", "P-2222-2222");
    Click("Accorder");
    transport_.Answer("/api/v1/accounts/7/delegations", 404,
                      R"({"error":{"code":"not_found","message":"x","details":{}}})");
    Frames();
    EXPECT_NE(Item("Aucune organisation partenaire n'a ce code."), nullptr);
    for (const std::string& text : app_->state().tr.missing()) {
        if (!before.count(text)) ADD_FAILURE() << "no French: " << text;
    }
}

// Issue 17: Invite and Grant access open dialogs named by their titles, the first field taking
// the keyboard (required, and invalid with its error once refused); Escape closes them.
TEST_F(PeopleView, BothDialogsAreNamedAndCloseOnEscape) {
    OpenLoaded();
    Click("Invite");
    ASSERT_NE(app_->bridge().FindNode(MirrorRole::Dialog, "Invite someone"), nullptr);
    const MirrorNode* email = app_->bridge().FindNode(MirrorRole::Textbox, "Email");
    ASSERT_NE(email, nullptr);
    EXPECT_EQ(ImGui::GetActiveID(), email->id) << "typing goes to the first field";
    EXPECT_NE(email->states & a11y::state::kRequired, 0u);
    Click("Send invitation");
    email = app_->bridge().FindNode(MirrorRole::Textbox, "Email");
    ASSERT_NE(email, nullptr);
    EXPECT_NE(email->states & a11y::state::kInvalid, 0u);
    EXPECT_EQ(email->description, "Enter an email address.");
    Press(ImGuiKey_Escape);
    EXPECT_EQ(app_->bridge().FindNode(MirrorRole::Dialog, "Invite someone"), nullptr);
    Click("Grant access");
    ASSERT_NE(app_->bridge().FindNode(MirrorRole::Dialog, "Grant a partner access"), nullptr);
    Press(ImGuiKey_Escape);
    EXPECT_EQ(app_->bridge().FindNode(MirrorRole::Dialog, "Grant a partner access"), nullptr);
    EXPECT_EQ(Request("/api/v1/accounts/7/invitations", "POST"), nullptr);
    EXPECT_EQ(Request("/api/v1/accounts/7/delegations", "POST"), nullptr);
}

}  // namespace
}  // namespace portal::app
