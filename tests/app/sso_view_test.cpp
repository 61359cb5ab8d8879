// People & access' Single sign-on section (issue 15, R-ACC-5), drawn headless against a
// scripted server: domains with the TXT record to publish (Copy), Add domain (its body, the
// server's field error under the field with what was typed kept), Verify (the last check's
// message), Remove with confirmation; connections with the redirect URI, Test sign-in (leaves
// with the route to come back to), Require SSO (the server's refusal shown as its sentence),
// the form (no clientSecret when left empty on an edit; a PATCH names only what changed),
// Delete with confirmation; users with break-glass; a Test sign-in that came back; read-only
// members; every label in French. Also the URLs the app leaves for.
#include <cmath>
#include <nlohmann/json.hpp>

#include "api/state_json.h"
#include "app/state/sso.h"
#include "app_fixture.h"

namespace portal::app {
namespace {

constexpr const char* kMembers =
    R"({"members":[{"userId":1,"email":"anne@example.com","name":"Anne","role":"admin"}]})";
constexpr const char* kDomains = R"({"items":[
  {"id":3,"accountId":7,"domain":"example.com","verified":true,
   "verifiedAt":"2026-11-19T09:00:00Z",
   "verification":{"type":"dns-txt","name":"_portal-verification.example.com",
                   "value":"portal-verification=abc123"},
   "lastCheck":{"at":"2026-11-19T09:00:00Z","outcome":"verified","message":""},
   "createdAt":"2026-11-18T08:00:00Z"},
  {"id":4,"accountId":7,"domain":"example.org","verified":false,"verifiedAt":null,
   "verification":{"type":"dns-txt","name":"_portal-verification.example.org",
                   "value":"portal-verification=def456"},
   "lastCheck":{"at":"2026-11-19T09:05:00Z","outcome":"wrong_value",
                "message":"found portal-verification=old, expected portal-verification=def456"},
   "createdAt":"2026-11-18T08:00:00Z"}]})";
constexpr const char* kRedirect = "https://portal.example/api/v1/auth/sso/callback";
constexpr const char* kOkta =
    R"({"id":5,"accountId":7,"name":"Okta","issuer":"https://example.okta.com",)"
    R"("clientId":"portal","clientSecretSet":true,"domains":[3],"defaultRole":null,)"
    R"("enforced":false,"testedAt":null,)"
    R"("redirectUri":"https://portal.example/api/v1/auth/sso/callback",)"
    R"("endSessionEndpoint":null,"createdAt":"2026-11-18T08:00:00Z",)"
    R"("updatedAt":"2026-11-18T08:00:00Z"})";
constexpr const char* kUsers = R"({"items":[
  {"userId":1,"email":"anne@example.com","name":"Anne","role":"admin","hasPassword":true,
   "breakGlass":false,"lastPasswordSignInAt":"2026-11-19T08:00:00Z","lastSsoSignInAt":null,
   "ssoIdentities":[]},
  {"userId":2,"email":"bob@example.com","name":"Bob","role":"readonly","hasPassword":false,
   "breakGlass":false,"lastPasswordSignInAt":null,"lastSsoSignInAt":"2026-11-19T09:30:00Z",
   "ssoIdentities":[{"connectionId":5,"issuer":"https://example.okta.com"}]}]})";

std::string Connections(const std::string& items) {
    return R"({"items":[)" + items + R"(],"redirectUri":")" + kRedirect + R"("})";
}

class SsoView : public AppFrames {
  protected:
    // A tall window: the section sits below the People lists, and a browser test scrolls.
    void SetUp() override {
        AppFrames::SetUp();
        ImGui::GetIO().DisplaySize = ImVec2(1280, 5000);
    }
    // Signed in as Anne with `role` in account 7, on People & access (`hash`).
    void OpenPeople(const std::string& role = "admin",
                    const std::string& hash = "#/people?account=7") {
        StartWithAccount(api::StateToJson(State{}).dump(), role);
        app_->OnLocationHash(hash);
        Frames();
        transport_.Answer("/api/v1/accounts/7/members", 200, kMembers);
        transport_.Answer("/api/v1/accounts/7/invitations", 200, R"({"invitations":[]})");
        transport_.Answer("/api/v1/accounts/7/delegations", 200, R"({"delegations":[]})");
        Frames();
    }
    // The admin's section with its three lists loaded.
    void OpenLoaded(const std::string& connections = Connections(kOkta),
                    const std::string& hash = "#/people?account=7") {
        OpenPeople("admin", hash);
        ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/sso/domains", 200, kDomains), 1);
        ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/sso/connections", 200, connections), 1);
        ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/sso/users", 200, kUsers), 1);
        Frames();
    }
    // Types into a field of the connection form (the last control of that label: the form's
    // "Name" comes after the members table's column of that name), over what it holds when
    // `replace`.
    void Fill(const std::string& label, const std::string& text, bool replace = false) {
        TypeInto(LastControl(label), label, text, replace);
    }
    // The control `label` on the row that shows `row` (a domain's Verify, Remove).
    void ClickInRow(const std::string& label, const std::string& row) {
        const BridgeItem* text = Item(row);
        ASSERT_NE(text, nullptr) << "no row " << row;
        const BridgeItem* best = nullptr;
        for (const BridgeItem& item : app_->bridge().items()) {
            if (item.label != label || item.text) continue;
            if (!best || std::abs(item.y - text->y) < std::abs(best->y - text->y)) best = &item;
        }
        ClickItem(best, label + " of " + row);
    }
    // The item is on screen (scrolled down to, should the page outgrow the window).
    void Reveal(const std::string& label) {
        for (int i = 0; i < 40 && !Item(label); ++i) {
            ImGuiIO& io = ImGui::GetIO();
            io.AddMousePosEvent(700, 400);
            io.AddMouseWheelEvent(0, -3);
            Frames(2);
        }
        ASSERT_NE(Item(label), nullptr) << "no item " << label;
    }
    // A removal asks first: nothing is sent before `confirm` is pressed, then the DELETE of
    // `path`, which the server grants.
    void ConfirmRemoval(const std::string& confirm, const std::string& path) {
        EXPECT_EQ(Request(path, "DELETE"), nullptr) << "not before confirming";
        Reveal(confirm);
        Click(confirm);
        ASSERT_EQ(transport_.Answer(path, 204, ""), 1);
        Frames();
    }
};

TEST(SsoUrls, LeaveWithTheRouteToComeBackTo) {
    Route people{Page::People, "", 7, "tested"};
    EXPECT_EQ(ReturnRoute(people), "#/people?account=7") << "the old outcome is not carried";
    EXPECT_EQ(SsoStartUrl("/api/v1/auth/sso/start?email=a%40example.com", people),
              "/api/v1/auth/sso/start?email=a%40example.com&next=%23%2Fpeople%3Faccount%3D7");
    EXPECT_EQ(SsoStartUrl("/api/v1/auth/sso/start", {Page::Rooms, "12", 3}),
              "/api/v1/auth/sso/start?next=%23%2Frooms%2F12%3Faccount%3D3");
    EXPECT_EQ(SsoTestUrl(5, people),
              "/api/v1/auth/sso/start?connection=5&test=1&next=%23%2Fpeople%3Faccount%3D7");
}

TEST_F(SsoView, AdminSeesDomainsConnectionsAndUsers) {
    OpenLoaded();
    Reveal("Single sign-on");
    Reveal("_portal-verification.example.org");
    EXPECT_NE(Item("example.com"), nullptr);
    EXPECT_NE(Item("Verified"), nullptr);
    EXPECT_NE(Item("Pending"), nullptr);
    EXPECT_NE(Item("found portal-verification=old, expected portal-verification=def456"), nullptr)
        << "why the last check failed, so the admin can fix the record";
    EXPECT_NE(Item("portal-verification=def456"), nullptr);
    Reveal(kRedirect);
    Reveal("Issuer: https://example.okta.com");
    EXPECT_NE(Item("Client ID: portal"), nullptr);
    EXPECT_NE(Item("Client secret: set"), nullptr);
    EXPECT_NE(Item("Domains: example.com"), nullptr);
    EXPECT_NE(Item("New users: Only invited people"), nullptr);
    EXPECT_NE(Item("Not tested yet: a Test sign-in must succeed before SSO can be required."),
              nullptr);
    const BridgeItem* require = Control("Require SSO");
    ASSERT_NE(require, nullptr);
    EXPECT_TRUE(require->checkable);
    EXPECT_FALSE(require->checked);
    EXPECT_TRUE(require->enabled);
    Reveal("bob@example.com");
    EXPECT_NE(Item("Never"), nullptr) << "Anne never signed in through SSO";
    EXPECT_NE(Item("No"), nullptr) << "Bob has no password";
    // Break-glass: admins with a password only (R-ACC-5: someone must always be able to sign in).
    const BridgeItem* anne = Control("Break-glass: anne@example.com");
    const BridgeItem* bob = Control("Break-glass: bob@example.com");
    ASSERT_NE(anne, nullptr);
    ASSERT_NE(bob, nullptr);
    EXPECT_TRUE(anne->enabled);
    EXPECT_TRUE(anne->checkable);
    EXPECT_FALSE(bob->enabled) << "read-only and without a password";
}

TEST_F(SsoView, CopiesTheRecordAndTheRedirectUri) {
    OpenLoaded();
    Reveal("Copy value");
    ClickControl("Copy name");
    ClickControl("Copy value", 1);
    Reveal("Copy redirect URI");
    Click("Copy redirect URI");
    ASSERT_EQ(platform_.copied.size(), 3u);
    EXPECT_EQ(platform_.copied[0], "_portal-verification.example.com");
    EXPECT_EQ(platform_.copied[1], "portal-verification=def456");
    EXPECT_EQ(platform_.copied[2], kRedirect);
}

TEST_F(SsoView, AddDomainSendsItAndShowsTheRecordToPublish) {
    OpenLoaded();
    Reveal("Domain to add");
    Type("Domain to add", " example.net ");
    Click("Add domain");
    EXPECT_EQ(BodyOf("/api/v1/accounts/7/sso/domains", "POST"),
              nlohmann::json({{"domain", "example.net"}}));
    ASSERT_EQ(transport_.Answer(
                  "/api/v1/accounts/7/sso/domains", 201,
                  R"({"id":9,"accountId":7,"domain":"example.net","verified":false,)"
                  R"("verifiedAt":null,"verification":{"type":"dns-txt",)"
                  R"("name":"_portal-verification.example.net","value":"portal-verification=n1"},)"
                  R"("lastCheck":null,"createdAt":"2026-11-19T10:00:00Z"})"),
              1);
    Frames();
    EXPECT_NE(Item("example.net was added: publish its TXT record, then press Verify."), nullptr);
    Reveal("_portal-verification.example.net");
    EXPECT_STREQ(app_->state().sso_page.new_domain, "");
}

TEST_F(SsoView, ADomainTheServerRefusesKeepsWhatWasTypedWithTheFieldNamed) {
    OpenLoaded();
    Reveal("Domain to add");
    Type("Domain to add", "10.0.0.1");
    Click("Add domain");
    ASSERT_EQ(transport_.Answer(
                  "/api/v1/accounts/7/sso/domains", 400,
                  R"({"error":{"code":"invalid_fields","message":"A field is missing or invalid",)"
                  R"("details":{"fields":[{"field":"domain","message":"must be a domain name )"
                  R"(such as example.com, not an IP address"}]}}})"),
              1);
    Frames();
    const BridgeItem* field = Item("Domain to add");
    const BridgeItem* error = Item("must be a domain name such as example.com, not an IP address");
    ASSERT_NE(field, nullptr);
    ASSERT_NE(error, nullptr);
    EXPECT_GT(error->y, field->y) << "under the field";
    EXPECT_STREQ(app_->state().sso_page.new_domain, "10.0.0.1");
    // Another customer's verified domain: the rule's sentence (R-ACC-5).
    Click("Add domain");
    transport_.Answer("/api/v1/accounts/7/sso/domains", 409,
                      R"({"error":{"code":"rule_violation","message":"This domain is verified )"
                      R"(by another organisation.","details":{"rule":"R-ACC-5"}}})");
    Frames();
    EXPECT_NE(Item("This domain is verified by another organisation. (R-ACC-5)"), nullptr);
}

TEST_F(SsoView, AddDomainNeedsOne) {
    OpenLoaded();
    Reveal("Add domain");
    Click("Add domain");
    EXPECT_NE(Item("Enter a domain, such as example.com."), nullptr);
    EXPECT_EQ(Request("/api/v1/accounts/7/sso/domains", "POST"), nullptr);
}

TEST_F(SsoView, VerifyLooksTheRecordUpAndShowsTheAnswer) {
    OpenLoaded();
    Reveal("_portal-verification.example.org");
    ClickInRow("Verify", "example.org");
    const PendingTransport::Pending* verify = Request("/api/v1/sso/domains/4/verify", "POST");
    ASSERT_NE(verify, nullptr);
    EXPECT_FALSE(Control("Verify", 1)->enabled) << "one check at a time";
    ASSERT_EQ(
        transport_.Answer("/api/v1/sso/domains/4/verify", 200,
                          R"({"id":4,"accountId":7,"domain":"example.org","verified":false,)"
                          R"("verifiedAt":null,"verification":{"type":"dns-txt",)"
                          R"("name":"_portal-verification.example.org",)"
                          R"("value":"portal-verification=def456"},"lastCheck":{)"
                          R"("at":"2026-11-19T10:00:00Z","outcome":"no_record",)"
                          R"("message":"_portal-verification.example.org has no TXT record"},)"
                          R"("createdAt":"2026-11-18T08:00:00Z"})"),
        1);
    Frames();
    EXPECT_NE(Item("example.org is not verified yet."), nullptr);
    EXPECT_NE(Item("_portal-verification.example.org has no TXT record"), nullptr);
    ClickInRow("Verify", "example.org");
    ASSERT_EQ(
        transport_.Answer("/api/v1/sso/domains/4/verify", 200,
                          R"({"id":4,"accountId":7,"domain":"example.org","verified":true,)"
                          R"("verifiedAt":"2026-11-19T10:01:00Z","verification":{"type":"dns-txt",)"
                          R"("name":"_portal-verification.example.org",)"
                          R"("value":"portal-verification=def456"},"lastCheck":{)"
                          R"("at":"2026-11-19T10:01:00Z","outcome":"verified","message":"ok"},)"
                          R"("createdAt":"2026-11-18T08:00:00Z"})"),
        1);
    Frames();
    EXPECT_NE(Item("example.org is verified."), nullptr);
    EXPECT_EQ(Item("Pending"), nullptr);
    EXPECT_EQ(Request("/api/v1/accounts/7/sso/domains", "GET"), nullptr)
        << "the answer is the domain: no reload";
}

TEST_F(SsoView, RemoveAsksFirst) {
    OpenLoaded();
    Reveal("_portal-verification.example.org");
    ClickInRow("Remove", "example.org");
    ConfirmRemoval("Remove domain", "/api/v1/sso/domains/4");
    EXPECT_NE(Item("example.org was removed."), nullptr);
    // Connections may lose their domain (and their enforcement): both lists are read again.
    EXPECT_NE(Request("/api/v1/accounts/7/sso/domains", "GET"), nullptr);
    EXPECT_NE(Request("/api/v1/accounts/7/sso/connections", "GET"), nullptr);
}

TEST_F(SsoView, TestSignInLeavesForTheProviderAndComesBackHere) {
    OpenLoaded();
    Reveal("Test sign-in");
    Click("Test sign-in");
    ASSERT_EQ(platform_.navigated.size(), 1u);
    EXPECT_EQ(platform_.navigated[0],
              "/api/v1/auth/sso/start?connection=5&test=1&next=%23%2Fpeople%3Faccount%3D7");
}

TEST_F(SsoView, ATestSignInThatCameBackIsSaid) {
    OpenLoaded(Connections(kOkta), "#/people?account=7&sso=tested");
    Reveal("Test sign-in succeeded.");
    app_->OnLocationHash("#/people?account=7&sso=token_invalid");
    Frames();
    Reveal(
        "Test sign-in failed: The answer of your identity provider could not be trusted, so "
        "you were not signed in. Ask your IT admin to check the connection.");
}

// R-ACC-5: Require SSO is refused until a Test sign-in succeeded (and while no break-glass
// admin is left): the server's sentence is shown, the box stays as the server holds it.
TEST_F(SsoView, RequireSsoShowsTheServersRefusal) {
    OpenLoaded();
    Reveal("Require SSO");
    ClickControl("Require SSO");
    EXPECT_EQ(BodyOf("/api/v1/sso/connections/5", "PATCH"), nlohmann::json({{"enforced", true}}));
    ASSERT_EQ(transport_.Answer(
                  "/api/v1/sso/connections/5", 409,
                  R"({"error":{"code":"rule_violation","message":"Single sign-on can be )"
                  R"(required only after a Test sign-in through this connection succeeded.",)"
                  R"("details":{"rule":"R-ACC-5"}}})"),
              1);
    Frames();
    EXPECT_NE(Item("Single sign-on can be required only after a Test sign-in through this "
                   "connection succeeded. (R-ACC-5)"),
              nullptr);
    const BridgeItem* require = Control("Require SSO");
    ASSERT_NE(require, nullptr);
    EXPECT_FALSE(require->checked);
    // Once tested, it is accepted.
    ClickControl("Require SSO");
    std::string tested = kOkta;
    tested.replace(tested.find(R"("enforced":false,"testedAt":null)"),
                   std::string(R"("enforced":false,"testedAt":null)").size(),
                   R"("enforced":true,"testedAt":"2026-11-19T10:00:00Z")");
    ASSERT_EQ(transport_.Answer("/api/v1/sso/connections/5", 200, tested), 1);
    Frames();
    EXPECT_NE(Item("Okta now requires single sign-on for its domains."), nullptr);
    EXPECT_TRUE(Control("Require SSO")->checked);
}

TEST_F(SsoView, AddConnectionSendsEverythingTyped) {
    OpenLoaded(Connections(""));
    Reveal(
        "No connection yet. Add your identity provider (Okta, Microsoft Entra ID, Google…) "
        "once a domain is verified.");
    Click("Add connection");
    Reveal("Save connection");
    Fill("Name", "Okta");
    Fill("Issuer", "https://example.okta.com");
    Fill("Client ID", "portal");
    Fill("Client secret", "s3cret");
    // Only verified domains are offered.
    ASSERT_NE(Control("example.com"), nullptr);
    EXPECT_EQ(Control("example.org"), nullptr);
    ClickControl("example.com");
    Click("New users");
    ClickItem(LastControl("Read-only"), "Read-only in the combo");
    Reveal("Save connection");
    Click("Save connection");
    EXPECT_EQ(BodyOf("/api/v1/accounts/7/sso/connections", "POST"),
              nlohmann::json::parse(R"({"name":"Okta","issuer":"https://example.okta.com",
                  "clientId":"portal","clientSecret":"s3cret","domains":[3],
                  "defaultRole":"readonly","enforced":false})"));
    // The provider's discovery failed: said under the issuer; everything typed stays.
    ASSERT_EQ(
        transport_.Answer(
            "/api/v1/accounts/7/sso/connections", 422,
            R"({"error":{"code":"discovery_failed","message":"The identity provider )"
            R"(could not be reached","details":{"fields":[{"field":"issuer","message":)"
            R"("https://example.okta.com/.well-known/openid-configuration answered 404"}]}}})"),
        1);
    Frames();
    Reveal("https://example.okta.com/.well-known/openid-configuration answered 404");
    EXPECT_STREQ(app_->state().sso_page.form.client_secret, "s3cret");
    EXPECT_TRUE(app_->state().sso_page.form.open);
    Click("Save connection");
    ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/sso/connections", 201, kOkta), 1);
    Frames();
    EXPECT_FALSE(app_->state().sso_page.form.open);
    EXPECT_STREQ(app_->state().sso_page.form.client_secret, "") << "not kept once sent";
    EXPECT_NE(Request("/api/v1/accounts/7/sso/connections", "GET"), nullptr);
}

TEST_F(SsoView, ANewConnectionNeedsItsSecret) {
    OpenLoaded(Connections(""));
    Reveal("Add connection");
    Click("Add connection");
    Reveal("Save connection");
    Fill("Name", "Okta");
    Fill("Issuer", "https://example.okta.com");
    Fill("Client ID", "portal");
    Click("Save connection");
    Reveal("Fill in the name, issuer, client ID and client secret.");
    EXPECT_EQ(Request("/api/v1/accounts/7/sso/connections", "POST"), nullptr);
}

// The secret is write-only: an edit that leaves it empty keeps it, and sends no clientSecret.
TEST_F(SsoView, EditSendsOnlyWhatChangedAndNoSecretWhenLeftEmpty) {
    OpenLoaded();
    Reveal("Edit");
    Click("Edit");
    Reveal("Save connection");
    EXPECT_NE(Item("Edit Okta"), nullptr);
    EXPECT_NE(Item("Leave empty to keep the current secret."), nullptr);
    EXPECT_STREQ(app_->state().sso_page.form.issuer, "https://example.okta.com");
    Fill("Name", "Okta EU", /*replace=*/true);
    Click("Save connection");
    EXPECT_EQ(BodyOf("/api/v1/sso/connections/5", "PATCH"), nlohmann::json({{"name", "Okta EU"}}));
    std::string renamed = kOkta;
    renamed.replace(renamed.find("\"Okta\""), 6, "\"Okta EU\"");
    ASSERT_EQ(transport_.Answer("/api/v1/sso/connections/5", 200, renamed), 1);
    Frames();
    EXPECT_NE(Item("The connection Okta EU was saved."), nullptr);
    EXPECT_FALSE(app_->state().sso_page.form.open);
    // A new secret typed on an edit is sent.
    ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/sso/connections", 200, Connections(renamed)),
              1);
    Frames();
    Reveal("Edit");
    Click("Edit");
    Reveal("Client secret");
    Fill("Client secret", "rotated");
    Click("Save connection");
    EXPECT_EQ(BodyOf("/api/v1/sso/connections/5", "PATCH"),
              nlohmann::json({{"clientSecret", "rotated"}}));
}

TEST_F(SsoView, DeleteAsksFirst) {
    OpenLoaded();
    Reveal("Delete");
    Click("Delete");
    ConfirmRemoval("Delete connection", "/api/v1/sso/connections/5");
    EXPECT_NE(Item("The connection Okta was deleted."), nullptr);
    EXPECT_NE(Request("/api/v1/accounts/7/sso/connections", "GET"), nullptr);
    EXPECT_NE(Request("/api/v1/accounts/7/sso/users", "GET"), nullptr);
}

TEST_F(SsoView, BreakGlassIsOneClickAndItsRefusalIsShown) {
    OpenLoaded();
    Reveal("Break-glass: anne@example.com");
    Click("Break-glass: anne@example.com");
    EXPECT_EQ(BodyOf("/api/v1/accounts/7/sso/users/1", "PATCH"),
              nlohmann::json({{"breakGlass", true}}));
    ASSERT_EQ(
        transport_.Answer("/api/v1/accounts/7/sso/users/1", 200,
                          R"({"userId":1,"email":"anne@example.com","name":"Anne","role":"admin",)"
                          R"("hasPassword":true,"breakGlass":true,"lastPasswordSignInAt":null,)"
                          R"("lastSsoSignInAt":null,"ssoIdentities":[]})"),
        1);
    Frames();
    EXPECT_NE(Item("Anne is now a break-glass admin."), nullptr);
    EXPECT_TRUE(Control("Break-glass: anne@example.com")->checked);
    Click("Break-glass: anne@example.com");
    transport_.Answer("/api/v1/accounts/7/sso/users/1", 409,
                      R"({"error":{"code":"rule_violation","message":"Anne is the last )"
                      R"(break-glass admin of an account that requires single sign-on.",)"
                      R"("details":{"rule":"R-ACC-5"}}})");
    Frames();
    Reveal(
        "Anne is the last break-glass admin of an account that requires single sign-on. "
        "(R-ACC-5)");
    EXPECT_TRUE(Control("Break-glass: anne@example.com")->checked);
}

TEST_F(SsoView, EmptySectionsSayWhatTheyWillHold) {
    OpenPeople();
    transport_.Answer("/api/v1/accounts/7/sso/domains", 200, R"({"items":[]})");
    transport_.Answer("/api/v1/accounts/7/sso/connections", 200, Connections(""));
    transport_.Answer("/api/v1/accounts/7/sso/users", 200, kUsers);
    Frames();
    Reveal(
        "No domain yet. Add your organisation's email domain (example.com), publish its TXT "
        "record, then verify it.");
    Reveal(
        "No connection yet. Add your identity provider (Okta, Microsoft Entra ID, Google…) "
        "once a domain is verified.");
    EXPECT_NE(Control("Add connection"), nullptr);
    Reveal(kRedirect);
}

TEST_F(SsoView, AFailedListSaysSoWithRetry) {
    OpenPeople();
    transport_.Answer("/api/v1/accounts/7/sso/domains", 500,
                      R"({"error":{"code":"internal","message":"Something broke","details":{}}})");
    Frames();
    Reveal("Could not load the domains.");
    EXPECT_NE(Control("Retry"), nullptr);
}

TEST_F(SsoView, ReadOnlyMembersAreNotAskedForIt) {
    OpenPeople("readonly");
    EXPECT_EQ(Request("/api/v1/accounts/7/sso/domains"), nullptr);
    EXPECT_EQ(Request("/api/v1/accounts/7/sso/connections"), nullptr);
    EXPECT_EQ(Request("/api/v1/accounts/7/sso/users"), nullptr);
    Reveal("Only the admins of this account see how its people sign in.");
    EXPECT_EQ(Control("Add domain"), nullptr);
}

TEST_F(SsoView, FrenchHasNoEnglishLeft) {
    UseFrench();
    OpenLoaded(Connections(kOkta), "#/people?account=7&sso=tested");
    Reveal("Authentification unique");
    Reveal("Connexion de test réussie.");
    Reveal("Vérifier");
    Reveal("Copier l'URI de redirection");
    Reveal("Exiger le SSO");
    Click("Modifier");
    Reveal("Enregistrer la connexion");
    Click("Nouveaux utilisateurs");
    Press(ImGuiKey_Escape);
    Reveal("Secours : anne@example.com");
    Reveal("Jamais");
    app_->OnLocationHash("#/people?account=7&sso=not_invited");
    Frames();
    std::string missing = Missing();
    EXPECT_TRUE(missing.empty()) << "labels without French:" << missing;
}

}  // namespace
}  // namespace portal::app
