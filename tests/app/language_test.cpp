// Issue 16: the portal's language follows the browser's languages until the user chooses one
// (the switch, or the invitation page); a chosen language is stored for the user (PATCH /me,
// the accept's `language`), an unchosen one (Me's language null) is never adopted.
#include <nlohmann/json.hpp>

#include "app/i18n.h"
#include "app_fixture.h"

namespace portal::app {
namespace {

// Me for a user who never chose a language: the server answers null.
constexpr const char* kUnchosenMe =
    R"({"user":{"id":1,"email":"anne@example.com","name":"Anne","language":null},)"
    R"("memberships":[],"delegations":[],"operator":false})";
constexpr const char* kFrenchMe =
    R"({"user":{"id":1,"email":"anne@example.com","name":"Anne","language":"fr"},)"
    R"("memberships":[],"delegations":[],"operator":false})";

TEST(BrowserLanguages, TheFirstOfFrenchOrEnglishInTheBrowsersOrderWins) {
    EXPECT_EQ(LanguageFromBrowserList("fr-FR,en-US"), Language::French);
    EXPECT_EQ(LanguageFromBrowserList("en-GB,fr"), Language::English);
    EXPECT_EQ(LanguageFromBrowserList("de-DE,FR-ca,en"), Language::French) << "by primary subtag";
    EXPECT_EQ(LanguageFromBrowserList("de, fr_BE"), Language::French);
    EXPECT_EQ(LanguageFromBrowserList("fry,en"), Language::English) << "Frisian is not French";
    EXPECT_EQ(LanguageFromBrowserList("de,nl"), Language::English) << "the fallback";
    EXPECT_EQ(LanguageFromBrowserList(""), Language::English);
}

class Languages : public AppFrames {
  protected:
    void SignInAs(const char* me) {
        Frames();
        transport_.Answer("/api/v1/health", 200, kHealth);
        transport_.Answer("/api/v1/catalogue", 200, catalogue_json_);
        ASSERT_EQ(transport_.Answer("/api/v1/me", 200, me), 1);
        Frames();
        transport_.Answer("/api/v1/accounts?health=1", 200, R"({"accounts":[]})");
        Frames();
    }
};

TEST_F(Languages, AnUnchosenLanguageLeavesTheBrowsers) {
    app_->SetLocale("de-DE,fr-FR,en", {});
    ASSERT_TRUE(app_->state().tr.french());
    SignInAs(kUnchosenMe);
    EXPECT_TRUE(app_->state().tr.french()) << "Me's null language is not adopted";
}

TEST_F(Languages, AChosenLanguageIsAdopted) {
    app_->SetLocale("en-US", {});
    SignInAs(kFrenchMe);
    EXPECT_TRUE(app_->state().tr.french());
}

TEST_F(Languages, TheBrowsersChoiceWinsOverTheUsersStoredOne) {
    platform_.settings["portal.language"] = "en";
    app_ = std::make_unique<App>(transport_, platform_);
    app_->state().fonts = fonts_;
    app_->bridge().Attach(context_);
    app_->SetLocale("fr-FR", {});
    SignInAs(kFrenchMe);
    EXPECT_FALSE(app_->state().tr.french()) << "what was chosen in this browser stays";
}

TEST_F(Languages, SwitchingWhileSignedInStoresTheChoiceForTheUser) {
    app_->SetLocale("en-US", {});
    SignInAs(kUnchosenMe);
    ClickControl("Français");
    EXPECT_TRUE(app_->state().tr.french());
    EXPECT_EQ(platform_.settings["portal.language"], "fr") << "the browser keeps it too";
    EXPECT_EQ(BodyOf("/api/v1/me", "PATCH"), nlohmann::json({{"language", "fr"}}));
    transport_.Answer("/api/v1/me", 200,
                      R"({"user":{"id":1,"email":"anne@example.com","name":"Anne",)"
                      R"("language":"fr"}})");
    Frames();
    EXPECT_EQ(app_->state().me.value->user.language, "fr");
}

TEST_F(Languages, SwitchingSignedOutSendsNothing) {
    Frames();
    transport_.Answer("/api/v1/me", 401,
                      R"({"error":{"code":"unauthenticated","message":"Sign in","details":{}}})");
    Frames();
    app_->SetLanguage(Language::French);
    Frames();
    EXPECT_EQ(Request("/api/v1/me", "PATCH"), nullptr);
    EXPECT_TRUE(app_->state().tr.french());
}

// The invitation page offers the choice, starting at the browser's, and sends it.
TEST_F(Languages, TheInvitationPageSendsTheChosenLanguage) {
    app_->SetLocale("fr-FR", {});
    app_->OnLocationHash("#/invite/tok-9");
    Frames();
    transport_.Answer("/api/v1/health", 200, kHealth);
    transport_.Answer("/api/v1/catalogue", 200, catalogue_json_);
    transport_.Answer("/api/v1/me", 401,
                      R"({"error":{"code":"unauthenticated","message":"Sign in","details":{}}})");
    Frames();
    transport_.Answer("/api/v1/invitations/preview", 200,
                      R"({"email":"nina@example.com","accountName":"Northwind HQ","accountId":7,)"
                      R"("partnerOrgId":null,"role":"admin","invitedBy":"Anne Martin",)"
                      R"("expiresAt":"2026-12-19T09:00:00Z","existingUser":false})");
    Frames();
    ASSERT_NE(Item("Langue"), nullptr) << "the page speaks the browser's French";
    ClickItem(LastControl("English"), "the invitation's English choice");
    ASSERT_FALSE(app_->state().tr.french());
    EXPECT_EQ(Request("/api/v1/me", "PATCH"), nullptr) << "nobody is signed in yet";
    Type("Your name", "Nina Roux");
    Type("Password", "a-long-password");
    Type("Confirm password", "a-long-password");
    Click("Join and sign in");
    EXPECT_EQ(BodyOf("/api/v1/invitations/accept", "POST")["language"], "en");
}

}  // namespace
}  // namespace portal::app
