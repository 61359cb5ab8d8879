// Sign in: email and password, Enter to send. A refused sign-in keeps the email and says why;
// too many attempts say when to try again (the server's 429).
#include <imgui.h>

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
};

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
    // The heading is not published as an item: "Sign in" names the button (tests and screen
    // readers look for it by that name).
    if (state.fonts.heading) ImGui::PushFont(state.fonts.heading);
    ImGui::TextUnformatted(tr("Sign in"));
    if (state.fonts.heading) ImGui::PopFont();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    MutedText(tr("Sign in to manage your meeting rooms, licenses and service contracts."));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();

    bool busy = form.submit.busy();
    ImGui::BeginDisabled(busy);
    if (ImGui::IsWindowAppearing() ||
        (form.email[0] == 0 && !ImGui::IsAnyItemActive() && state.frame < 3)) {
        ImGui::SetKeyboardFocusHere();
    }
    bool enter = LabeledInput(tr("Email"), "##email", form.email, sizeof form.email,
                              ImGuiInputTextFlags_EnterReturnsTrue, width);
    enter |=
        LabeledInput(tr("Password"), "##password", form.password, sizeof form.password,
                     ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue, width);
    ImGui::Spacing();
    bool ready = form.email[0] != 0 && form.password[0] != 0;
    bool send = ImGui::Button(busy ? tr("Signing in…") : tr("Sign in"), ImVec2(width, 0));
    NameLastItem(tr("Sign in"));
    ImGui::EndDisabled();
    if ((send || enter) && !busy) {
        form.incomplete = !ready;
        if (ready) controller.SignIn();
    }
    if (form.incomplete && !ready) ErrorText(tr("Enter your email and your password."));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    SubmissionError(state, form.submit);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
}

}  // namespace portal::app
