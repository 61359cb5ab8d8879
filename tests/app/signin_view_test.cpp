// The Sign in page's single sign-on (issue 15, R-ACC-5), drawn headless against a scripted
// server: Sign in with SSO asks where the email's organisation signs in and leaves for it with
// the route to come back to; a 404 says why not; a password sign-in refused with sso_required
// offers Continue with SSO; a refused single sign-on that comes back ("?sso=<code>") is said in
// a sentence; signing out of a provider's session offers its own sign-out. English and French.
#include <nlohmann/json.hpp>

#include "app_fixture.h"

namespace portal::app {
namespace {

constexpr const char* kUnauthenticated =
    R"({"error":{"code":"unauthenticated","message":"Sign in","details":{}}})";
constexpr const char* kNotConfigured =
    R"({"error":{"code":"sso_not_configured","message":"Single sign-on is not set up for this )"
    R"(email's domain. Sign in with your password, or ask your IT admin.","details":{}}})";

class SignInView : public AppFrames {
  protected:
    // Nobody signed in, on `hash` (the page the user was going to).
    void OpenSignedOut(const std::string& hash = "#/rooms?account=7") {
        app_->OnLocationHash(hash);
        Frames();
        transport_.Answer("/api/v1/health", 200, kHealth);
        transport_.Answer("/api/v1/catalogue", 200, catalogue_json_);
        ASSERT_EQ(transport_.Answer("/api/v1/me", 401, kUnauthenticated), 1);
        Frames();
        ASSERT_TRUE(app_->state().signed_out);
    }
    // A password sign-in, as typed and pressed.
    void SignIn(const std::string& email, const std::string& password) {
        Type("Email", email);
        Type("Password", password);
        Click("Sign in");
    }
};

TEST_F(SignInView, SignInWithSsoLeavesForTheStartUrlWithTheRouteToComeBackTo) {
    OpenSignedOut("#/rooms?account=7");
    ASSERT_NE(Item("Sign in with SSO"), nullptr);
    Type("Email", "alice@example.com");
    Click("Sign in with SSO");
    const PendingTransport::Pending* discover =
        Request("/api/v1/auth/sso/discover?email=alice%40example.com", "GET");
    ASSERT_NE(discover, nullptr);
    EXPECT_TRUE(discover->request.body.empty());
    EXPECT_TRUE(platform_.navigated.empty()) << "not before the server said where";
    ASSERT_EQ(
        transport_.Answer(
            "/api/v1/auth/sso/discover?email=alice%40example.com", 200,
            R"({"startUrl":"/api/v1/auth/sso/start?email=alice%40example.com","enforced":true})"),
        1);
    Frames();
    ASSERT_EQ(platform_.navigated.size(), 1u);
    EXPECT_EQ(platform_.navigated[0],
              "/api/v1/auth/sso/start?email=alice%40example.com&next=%23%2Frooms%3Faccount%3D7");
}

TEST_F(SignInView, SsoNotSetUpForTheDomainSaysSoAndKeepsTheEmail) {
    OpenSignedOut();
    Type("Email", "bob@elsewhere.example");
    Click("Sign in with SSO");
    ASSERT_EQ(transport_.Answer("/api/v1/auth/sso/discover?email=bob%40elsewhere.example", 404,
                                kNotConfigured),
              1);
    Frames();
    EXPECT_NE(Item("Single sign-on is not set up for this email's domain. Sign in with your "
                   "password, or ask your IT admin."),
              nullptr);
    EXPECT_TRUE(platform_.navigated.empty());
    EXPECT_STREQ(app_->state().sign_in.email, "bob@elsewhere.example");
    const BridgeItem* button = Item("Sign in with SSO");
    ASSERT_NE(button, nullptr);
    EXPECT_TRUE(button->enabled) << "the user may try another address";
}

TEST_F(SignInView, SignInWithSsoNeedsTheEmail) {
    OpenSignedOut();
    Click("Sign in with SSO");
    EXPECT_NE(Item("Enter your email to sign in with SSO."), nullptr);
    EXPECT_EQ(transport_.pending.size(), 0u) << "nothing to ask without an address";
}

// A password sign-in for an address of an enforced connection: the server refuses it (403
// sso_required) and says where to start single sign-on.
TEST_F(SignInView, SsoRequiredOffersContinueWithSso) {
    OpenSignedOut("#/people?account=7");
    SignIn("alice@example.com", "old password");
    ASSERT_NE(Request("/api/v1/auth/login", "POST"), nullptr);
    ASSERT_EQ(transport_.Answer(
                  "/api/v1/auth/login", 403,
                  R"({"error":{"code":"sso_required","message":"Your organisation requires )"
                  R"(single sign-on for this address.","details":{"ssoUrl":)"
                  R"("/api/v1/auth/sso/start?email=alice%40example.com"}}})"),
              1);
    Frames();
    EXPECT_NE(Item("Your organisation requires single sign-on for this address."), nullptr);
    ASSERT_NE(Item("Continue with SSO"), nullptr);
    EXPECT_TRUE(platform_.navigated.empty()) << "never without a click";
    Click("Continue with SSO");
    ASSERT_EQ(platform_.navigated.size(), 1u);
    EXPECT_EQ(platform_.navigated[0],
              "/api/v1/auth/sso/start?email=alice%40example.com&next=%23%2Fpeople%3Faccount%3D7");
}

TEST_F(SignInView, OtherRefusalsShowNoSsoButton) {
    OpenSignedOut();
    SignIn("alice@example.com", "wrong");
    transport_.Answer("/api/v1/auth/login", 401,
                      R"({"error":{"code":"invalid_credentials","message":"Wrong email or )"
                      R"(password.","details":{}}})");
    Frames();
    EXPECT_NE(Item("Wrong email or password."), nullptr);
    EXPECT_EQ(Item("Continue with SSO"), nullptr);
}

// The server sends a refused single sign-on back to "/#/?sso=<code>": the page says why.
TEST_F(SignInView, ARefusedSingleSignOnIsSaidInASentence) {
    OpenSignedOut("#/?sso=not_invited");
    EXPECT_NE(Item("Your identity provider knows you, but you have no access to this portal yet. "
                   "Ask an admin of your organisation to invite you."),
              nullptr);
    app_->OnLocationHash("#/?sso=state_invalid");
    Frames();
    EXPECT_NE(Item("The sign-in took too long or was started in another tab; try again."), nullptr);
    app_->OnLocationHash("#/?sso=email_unverified");
    Frames();
    EXPECT_NE(Item("Your identity provider has not verified your email address, so the portal "
                   "cannot sign you in with it. Ask your IT admin."),
              nullptr);
    app_->OnLocationHash("#/?sso=something_new");
    Frames();
    EXPECT_NE(Item("Single sign-on did not complete; try again."), nullptr);
    // Starting again does not bring the old outcome back with it.
    Type("Email", "alice@example.com");
    Click("Sign in with SSO");
    transport_.Answer("/api/v1/auth/sso/discover?email=alice%40example.com", 200,
                      R"({"startUrl":"/api/v1/auth/sso/start?email=alice%40example.com"})");
    Frames();
    ASSERT_EQ(platform_.navigated.size(), 1u);
    EXPECT_EQ(platform_.navigated[0],
              "/api/v1/auth/sso/start?email=alice%40example.com&next=%23%2Foverview");
}

TEST_F(SignInView, EveryOutcomeHasItsSentence) {
    for (const char* code :
         {"state_invalid", "provider_error", "token_invalid", "email_unverified",
          "domain_not_verified", "not_invited", "disabled", "rate_limited", "sso_not_configured"}) {
        EXPECT_NE(std::string(SsoOutcomeSentence(code)),
                  "Single sign-on did not complete; try again.")
            << code;
    }
}

TEST_F(SignInView, SigningOutOfAProviderSessionOffersItsSignOut) {
    StartSignedIn();
    app_->SignOut();
    Frames();
    ASSERT_NE(Request("/api/v1/auth/logout", "POST"), nullptr);
    ASSERT_EQ(
        transport_.Answer("/api/v1/auth/logout", 200,
                          R"({"providerLogoutUrl":"https://idp.example/logout?client_id=)"
                          R"(portal&post_logout_redirect_uri=https%3A%2F%2Fportal.example%2F"})"),
        1);
    Frames();
    EXPECT_NE(Item("You are signed out of the portal."), nullptr);
    ASSERT_NE(Item("Also sign out at your identity provider"), nullptr);
    EXPECT_TRUE(platform_.navigated.empty()) << "never without a click";
    Click("Also sign out at your identity provider");
    ASSERT_EQ(platform_.navigated.size(), 1u);
    EXPECT_EQ(platform_.navigated[0],
              "https://idp.example/logout?client_id=portal&post_logout_redirect_uri=https%3A%2F%"
              "2Fportal.example%2F");
}

TEST_F(SignInView, APasswordSessionSignsOutAsBefore) {
    StartSignedIn();
    app_->SignOut();
    Frames();
    ASSERT_EQ(transport_.Answer("/api/v1/auth/logout", 204, ""), 1);
    Frames();
    EXPECT_NE(Item("Sign in"), nullptr);
    EXPECT_EQ(Item("You are signed out of the portal."), nullptr);
    EXPECT_EQ(Item("Also sign out at your identity provider"), nullptr);
}

TEST_F(SignInView, FrenchHasNoEnglishLeft) {
    UseFrench();
    OpenSignedOut("#/?sso=domain_not_verified");
    EXPECT_NE(Item("Se connecter avec le SSO"), nullptr);
    EXPECT_NE(Item("Le domaine de votre e-mail n'est pas vérifié pour cette authentification "
                   "unique : vous n'avez pas été connecté(e). Demandez à un administrateur de "
                   "votre organisation."),
              nullptr);
    Click("Se connecter avec le SSO");
    EXPECT_NE(Item("Saisissez votre e-mail pour vous connecter avec le SSO."), nullptr);
    Type("E-mail", "alice@example.com");
    Type("Mot de passe", "x");
    Click("Se connecter");
    transport_.Answer(
        "/api/v1/auth/login", 403,
        R"({"error":{"code":"sso_required","message":"Votre organisation exige )"
        R"(l'authentification unique.","details":{"ssoUrl":"/api/v1/auth/sso/start"}}})");
    Frames();
    EXPECT_NE(Item("Votre organisation exige l'authentification unique pour cette adresse."),
              nullptr);
    EXPECT_NE(Item("Continuer avec le SSO"), nullptr);
    for (const char* code : {"state_invalid", "provider_error", "token_invalid", "email_unverified",
                             "domain_not_verified", "not_invited", "disabled", "rate_limited",
                             "sso_not_configured", "unknown_code"}) {
        app_->OnLocationHash(std::string("#/?sso=") + code);
        Frames(2);
    }
    app_->state().sign_in.provider_logout_url = "https://idp.example/logout";
    Frames(2);
    EXPECT_NE(Item("Vous êtes déconnecté(e) du portail."), nullptr);
    EXPECT_NE(Item("Se déconnecter aussi auprès du fournisseur d'identité"), nullptr);
    std::string missing = Missing();
    EXPECT_TRUE(missing.empty()) << "labels without French:" << missing;
}

}  // namespace
}  // namespace portal::app
