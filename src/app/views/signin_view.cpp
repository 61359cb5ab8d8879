// Sign in: email and password, Enter to send. A refused sign-in keeps the email and says why;
// too many attempts say when to try again (the server's 429). Sign in with SSO (issue 15,
// R-ACC-5) asks the server where the email's organisation signs in and leaves for it, with the
// route to come back to; an address whose organisation requires SSO is sent there from a
// password sign-in; a refused single sign-on comes back here with "?sso=<code>", said in a
// sentence. After signing out of a single sign-on, the provider's own sign-out is offered.
#include <imgui.h>

#include "api/sso_json.h"
#include "app/a11y.h"
#include "app/theme.h"
#include "app/views/views.h"
#include "app/widgets.h"

namespace portal::app {

namespace {

constexpr TextPair kTexts[] = {
    {"Sign in", "Se connecter"},
    {"Email", "E-mail"},
    {"Password", "Mot de passe"},
    {"Sign in to manage your meeting rooms, licenses and service contracts.",
     "Connectez-vous pour gérer vos salles de réunion, licences et contrats de service."},
    {"Your session has ended. Sign in again to go on where you were.",
     "Votre session est terminée. Reconnectez-vous pour reprendre où vous étiez."},
    {"Enter your email and your password.", "Saisissez votre e-mail et votre mot de passe."},
    {"Signing in…", "Connexion…"},
    {"or", "ou"},
    {"Sign in with SSO", "Se connecter avec le SSO"},
    {"Looking up your organisation…", "Recherche de votre organisation…"},
    {"Enter your email to sign in with SSO.",
     "Saisissez votre e-mail pour vous connecter avec le SSO."},
    {"Your organisation requires single sign-on for this address.",
     "Votre organisation exige l'authentification unique pour cette adresse."},
    {"Continue with SSO", "Continuer avec le SSO"},
    {"You are signed out of the portal.", "Vous êtes déconnecté(e) du portail."},
    {"Also sign out at your identity provider",
     "Se déconnecter aussi auprès du fournisseur d'identité"},
};

// Asks the server where the email's organisation signs in; leaves for it when there is a
// connection, says why not otherwise (404 sso_not_configured: the server's sentence).
void DiscoverSso(AppState& state, AppController& controller) {
    SignInForm& form = state.sign_in;
    NewChange(form.discover);
    std::string path = "/api/v1/auth/sso/discover?email=" + QueryEscape(form.email);
    controller.Submit(
        form.discover, "GET", path, nullptr,
        [&state, &controller](const api::Result<api::Json>& result) {
            if (!result.ok()) return;
            api::SsoDiscovery discovery;
            std::vector<api::FieldError> problems;
            if (!api::SsoDiscoveryFromJson(result.value, discovery, problems)) {
                Submission& discover = state.sign_in.discover;
                discover.status = RequestStatus::Failed;
                discover.failure = api::Failure::Parse;
                discover.error = {};
                if (!problems.empty()) {
                    discover.error.message =
                        problems.front().field + " " + problems.front().message;
                }
                return;
            }
            controller.NavigateAway(SsoStartUrl(discovery.start_url, state.route));
        },
        /*reload_account=*/false);
}

// What a single sign-on that came back refused says ("?sso=not_invited"), above the form.
void DrawSsoOutcome(const AppState& state, float width) {
    const std::string& code = state.route.sso;
    if (code.empty() || code == "tested") return;
    ErrorText(state.tr(SsoOutcomeSentence(code)), ImGui::GetCursorPosX() + width);
    ImGui::Spacing();
}

// After signing out of a single sign-on whose provider has its own sign-out.
void DrawProviderSignOut(AppState& state, AppController& controller, float width) {
    const std::string& url = state.sign_in.provider_logout_url;
    if (url.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().ok);
    TextItem(state.tr("You are signed out of the portal."));
    ImGui::PopStyleColor();
    if (ImGui::Button(state.tr("Also sign out at your identity provider"), ImVec2(width, 0))) {
        controller.NavigateAway(url);
    }
    ImGui::Spacing();
}

// A password sign-in refused because the address must use single sign-on: say so and offer
// to go on there. True when it was that refusal.
bool DrawSsoRequired(AppState& state, AppController& controller, float width) {
    const Submission& submit = state.sign_in.submit;
    if (!submit.failed() || submit.error.code != "sso_required") return false;
    std::string url = api::SsoUrlOfError(submit.error);
    ErrorText(state.tr("Your organisation requires single sign-on for this address."),
              ImGui::GetCursorPosX() + width);
    if (!url.empty() && ImGui::Button(state.tr("Continue with SSO"), ImVec2(width, 0))) {
        controller.NavigateAway(SsoStartUrl(url, state.route));
    }
    return true;
}

}  // namespace

std::span<const TextPair> SignInTexts() {
    return kTexts;
}

void DrawSignInPage(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    SignInForm& form = state.sign_in;
    float width = std::min(420.0f, ImGui::GetContentRegionAvail().x);
    ImGui::SetCursorPosX(std::max(0.0f, (ImGui::GetContentRegionAvail().x - width) * 0.5f));
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(width, 24));
    // The heading is not published as an item: "Sign in" names the button (tests look for it
    // by that name); screen readers get it as the page's heading.
    if (state.fonts.heading) ImGui::PushFont(state.fonts.heading);
    ImGui::TextUnformatted(tr("Sign in"));
    a11y::PublishText(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), tr("Sign in"));
    a11y::SetHeadingLevel(1);
    if (state.fonts.heading) ImGui::PopFont();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    MutedText(tr("Sign in to manage your meeting rooms, licenses and service contracts."));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    DrawProviderSignOut(state, controller, width);
    DrawSsoOutcome(state, width);

    bool busy = form.submit.busy() || form.discover.busy();
    ImGui::BeginDisabled(busy);
    if (ImGui::IsWindowAppearing() ||
        (form.email[0] == 0 && !ImGui::IsAnyItemActive() && state.frame < 3)) {
        ImGui::SetKeyboardFocusHere();
    }
    // An empty field of a refused attempt says why (the sentence is drawn under the button).
    const char* incomplete = form.incomplete ? tr("Enter your email and your password.") : "";
    bool enter = LabeledInput(tr("Email"), "##email", form.email, sizeof form.email,
                              ImGuiInputTextFlags_EnterReturnsTrue | kRequiredField, width);
    if (form.email[0] == 0) MarkInvalid(incomplete);
    enter |= LabeledInput(
        tr("Password"), "##password", form.password, sizeof form.password,
        ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue | kRequiredField,
        width);
    if (form.password[0] == 0) MarkInvalid(incomplete);
    ImGui::Spacing();
    bool ready = form.email[0] != 0 && form.password[0] != 0;
    bool send = ImGui::Button(busy ? tr("Signing in…") : tr("Sign in"), ImVec2(width, 0));
    NameLastItem(tr("Sign in"));
    ImGui::EndDisabled();
    if ((send || enter) && !busy) {
        form.incomplete = !ready;
        form.sso_incomplete = false;
        if (form.discover.failed()) form.discover.Clear();
        if (ready) controller.SignIn();
    }
    if (form.incomplete && !ready) ErrorText(tr("Enter your email and your password."));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    if (!DrawSsoRequired(state, controller, width)) SubmissionError(state, form.submit);
    ImGui::PopTextWrapPos();

    // Single sign-on: the email is enough; the organisation's provider asks the rest.
    ImGui::Spacing();
    const char* word = tr("or");
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (width - ImGui::CalcTextSize(word).x) * 0.5f);
    MutedText(word);
    ImGui::Spacing();
    bool looking = form.discover.busy();
    ImGui::BeginDisabled(busy);
    bool sso = ImGui::Button(looking ? tr("Looking up your organisation…") : tr("Sign in with SSO"),
                             ImVec2(width, 0));
    NameLastItem(tr("Sign in with SSO"));
    ImGui::EndDisabled();
    if (sso && !busy) {
        form.sso_incomplete = form.email[0] == 0;
        form.incomplete = false;
        if (!form.sso_incomplete) DiscoverSso(state, controller);
    }
    if (form.sso_incomplete && form.email[0] == 0) {
        ErrorText(tr("Enter your email to sign in with SSO."));
    }
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    SubmissionError(state, form.discover);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
}

}  // namespace portal::app
