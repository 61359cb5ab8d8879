// The invitation page, opened from the mail's link #/invite/<token> (R-ACC-2), without a
// session: says who invited whom to which account and role, shows the invited email (which the
// new sign-in will be, not editable), asks a name and a password, and signs in. An email that
// has an account already joins with its password instead. Dead links (used, expired, replaced,
// unknown) say so and how to get a new one.
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <string>

#include "app/theme.h"
#include "app/views/views.h"
#include "app/widgets.h"

namespace portal::app {

namespace {

// R-ACC-3 / the server's rule for a new user's password.
constexpr size_t kMinPasswordCharacters = 12;

constexpr TextPair kTexts[] = {
    {"Language", "Langue"},
    {"Reading your invitation…", "Lecture de votre invitation…"},
    {"This link is incomplete: open the whole link from the invitation email.",
     "Ce lien est incomplet : ouvrez le lien entier de l'e-mail d'invitation."},
    {"Join {0}", "Rejoindre {0}"},
    {"{0} invited you to join {1} as {2}.", "{0} vous invite à rejoindre {1} en tant que {2}."},
    {"{0} invited you to join the partner organisation {1} as {2}.",
     "{0} vous invite à rejoindre l'organisation partenaire {1} en tant que {2}."},
    {"an admin", "administrateur"},
    {"a read-only member", "membre en lecture seule"},
    {"As an admin you manage rooms, licenses, people and settings.",
     "En tant qu'administrateur, vous gérez les salles, les licences, les personnes et les "
     "réglages."},
    {"As a read-only member you see everything and change nothing.",
     "En tant que membre en lecture seule, vous voyez tout et ne modifiez rien."},
    {"Email", "E-mail"},
    {"The invitation was sent to this email: you will sign in with it.",
     "L'invitation a été envoyée à cet e-mail : c'est avec lui que vous vous connecterez."},
    {"Your name", "Votre nom"},
    {"Password", "Mot de passe"},
    {"Confirm password", "Confirmez le mot de passe"},
    {"At least 12 characters.", "Au moins 12 caractères."},
    {"{0} has an account already: enter its password to join.",
     "{0} a déjà un compte : saisissez son mot de passe pour rejoindre."},
    {"Join and sign in", "Rejoindre et se connecter"},
    {"Joining…", "Connexion…"},
    {"This link works until {0}.", "Ce lien est valable jusqu'au {0}."},
    {"Enter your name.", "Saisissez votre nom."},
    {"Use at least 12 characters.", "Utilisez au moins 12 caractères."},
    {"The two passwords differ.", "Les deux mots de passe diffèrent."},
    {"Enter your password.", "Saisissez votre mot de passe."},
    {"Sign out", "Se déconnecter"},
    {"You are signed in as {0}: join in one click.",
     "Vous êtes connecté(e) en tant que {0} : rejoignez en un clic."},
    // Dead links
    {"This invitation has been used already.", "Cette invitation a déjà été utilisée."},
    {"If you accepted it, sign in with the email and password you chose. If you did not, ask an "
     "admin of the account to invite you again.",
     "Si vous l'avez acceptée, connectez-vous avec l'e-mail et le mot de passe choisis. Sinon, "
     "demandez à un administrateur du compte de vous inviter à nouveau."},
    {"This invitation has expired.", "Cette invitation a expiré."},
    {"Invitation links work for 30 days. Ask an admin of the account to resend the invitation: "
     "you will get a new link by email.",
     "Les liens d'invitation sont valables 30 jours. Demandez à un administrateur du compte de "
     "renvoyer l'invitation : vous recevrez un nouveau lien par e-mail."},
    {"This link was replaced by a newer one.", "Ce lien a été remplacé par un plus récent."},
    {"Use the link of the latest invitation email, or ask an admin of the account to resend the "
     "invitation.",
     "Utilisez le lien du dernier e-mail d'invitation, ou demandez à un administrateur du compte "
     "de renvoyer l'invitation."},
    {"This invitation link is not valid.", "Ce lien d'invitation n'est pas valide."},
    {"Check that the whole link was copied from the email, or ask an admin of the account to "
     "resend the invitation.",
     "Vérifiez que le lien entier a été copié depuis l'e-mail, ou demandez à un administrateur "
     "du compte de renvoyer l'invitation."},
    {"Go to sign in", "Aller à la connexion"},
    {"Could not read your invitation.", "Impossible de lire votre invitation."},
    {"Try again", "Réessayer"},
};

constexpr float kWidth = 480.0f;

// Characters (code points) of UTF-8 text, as the server counts a password's length.
size_t Utf8Length(const char* text) {
    size_t count = 0;
    for (const char* c = text; *c; ++c) count += (static_cast<unsigned char>(*c) & 0xC0) != 0x80;
    return count;
}

// Emails compare as the server does (ASCII letters in any case).
bool SameEmail(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

bool Blank(const char* text) {
    for (const char* c = text; *c; ++c) {
        if (*c != ' ' && *c != '\t') return false;
    }
    return true;
}

void Wrapped(const char* text, bool muted = false) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + kWidth);
    if (muted) {
        MutedText(text);
    } else {
        TextItem(text);
    }
    ImGui::PopTextWrapPos();
}

void RequestPreview(AppState& state, AppController& controller) {
    InvitePageState& page = state.invite_page;
    NewChange(page.preview_request);
    controller.Submit(
        page.preview_request, "POST", "/api/v1/invitations/preview", {{"token", page.token}},
        [&state](const api::Result<api::Json>& result) {
            if (!result.ok()) return;
            InvitePageState& page = state.invite_page;
            api::InvitationPreview preview;
            std::vector<api::FieldError> problems;
            if (!api::InvitationPreviewFromJson(result.value, preview, problems)) {
                page.preview_request.status = RequestStatus::Failed;
                page.preview_request.failure = api::Failure::Parse;
                page.preview_request.error.message = "The server's answer could not be read";
                return;
            }
            page.preview = std::move(preview);
        },
        /*reload_account=*/false);
}

// A link that cannot be accepted: why, and how to get a new one. `code` is the server's
// (410's invitation_used / _expired / _revoked; not_found for an unknown token).
void DrawDeadLink(AppState& state, AppController& controller, const std::string& code) {
    const Translator& tr = state.tr;
    const char* what = tr("This invitation link is not valid.");
    const char* how =
        tr("Check that the whole link was copied from the email, or ask an admin "
           "of the account to resend the invitation.");
    if (code == "invitation_used") {
        what = tr("This invitation has been used already.");
        how =
            tr("If you accepted it, sign in with the email and password you chose. If you did "
               "not, ask an admin of the account to invite you again.");
    } else if (code == "invitation_expired") {
        what = tr("This invitation has expired.");
        how =
            tr("Invitation links work for 30 days. Ask an admin of the account to resend the "
               "invitation: you will get a new link by email.");
    } else if (code == "invitation_revoked") {
        what = tr("This link was replaced by a newer one.");
        how =
            tr("Use the link of the latest invitation email, or ask an admin of the account to "
               "resend the invitation.");
    }
    ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().error_text);
    Wrapped(what);
    ImGui::PopStyleColor();
    ImGui::Spacing();
    Wrapped(how);
    ImGui::Spacing();
    if (ImGui::Button(tr("Go to sign in"))) controller.Navigate({Page::Overview, ""});
}

// What the form lacks, one sentence per field; empty when it may be sent.
struct Missing {
    const char* name = nullptr;
    const char* password = nullptr;
    const char* confirm = nullptr;
    bool any() const { return name || password || confirm; }
};

// signed_in: the invited user's own session is open (the server then asks for nothing).
Missing Check(const Translator& tr, const InvitePageState& page, bool existing_user,
              bool signed_in) {
    Missing missing;
    if (signed_in) return missing;
    if (existing_user) {
        if (page.password[0] == 0) missing.password = tr("Enter your password.");
        return missing;
    }
    if (Blank(page.name)) missing.name = tr("Enter your name.");
    if (Utf8Length(page.password) < kMinPasswordCharacters) {
        missing.password = tr("Use at least 12 characters.");
    } else if (std::strcmp(page.password, page.confirm) != 0) {
        missing.confirm = tr("The two passwords differ.");
    }
    return missing;
}

void Accept(AppState& state, AppController& controller, bool signed_in) {
    InvitePageState& page = state.invite_page;
    api::Json body = {{"token", page.token}};
    if (!signed_in) body["password"] = std::string(page.password);
    if (!page.preview->existing_user) body["name"] = std::string(page.name);
    // The language on screen is the one chosen on this page (issue 16): stored for the user.
    body["language"] = LanguageCode(state.tr.language());
    Route target{Page::Overview, "", page.preview->account_id};
    NewChange(page.accept);
    controller.Submit(
        page.accept, "POST", "/api/v1/invitations/accept", std::move(body),
        [&state, &controller, target](const api::Result<api::Json>& result) {
            InvitePageState& page = state.invite_page;
            if (!result.ok()) return;
            // Signed in: the password is not kept a moment longer, and the link is spent.
            page.Forget();
            controller.StartSession(target);
        },
        /*reload_account=*/false);
}

void DrawForm(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    InvitePageState& page = state.invite_page;
    const api::InvitationPreview& preview = *page.preview;
    bool admin = preview.role == "admin";

    HeadingItem(state, Format(tr("Join {0}"), {preview.account_name}).c_str(), 1);
    const char* role = admin ? tr("an admin") : tr("a read-only member");
    Wrapped(Format(preview.account_id != 0
                       ? tr("{0} invited you to join {1} as {2}.")
                       : tr("{0} invited you to join the partner organisation {1} as {2}."),
                   {preview.invited_by, preview.account_name, role})
                .c_str());
    Wrapped(admin ? tr("As an admin you manage rooms, licenses, people and settings.")
                  : tr("As a read-only member you see everything and change nothing."),
            /*muted=*/true);
    ImGui::Spacing();

    // The invited email is shown, not asked: the new sign-in is exactly this one (R-ACC-2).
    MutedText(tr("Email"));
    TextItem(preview.email);
    Wrapped(tr("The invitation was sent to this email: you will sign in with it."), true);
    ImGui::Spacing();

    bool busy = page.accept.busy();
    // The invited user's own session, if one is open here: the server asks for nothing more.
    bool signed_in = preview.existing_user && state.me.value &&
                     SameEmail(state.me.value->user.email, preview.email);
    Missing missing = Check(tr, page, preview.existing_user, signed_in);
    ImGui::BeginDisabled(busy);
    bool enter = false;
    int flags = ImGuiInputTextFlags_EnterReturnsTrue;
    if (signed_in) {
        Wrapped(
            Format(tr("You are signed in as {0}: join in one click."), {preview.email}).c_str());
        enter = EnterPressed();
    } else if (preview.existing_user) {
        Wrapped(
            Format(tr("{0} has an account already: enter its password to join."), {preview.email})
                .c_str());
    } else {
        if (page.focus_pending) {
            ImGui::SetKeyboardFocusHere();
            page.focus_pending = false;
        }
        enter |= LabeledInput(tr("Your name"), "##name", page.name, sizeof page.name,
                              flags | kRequiredField, kWidth);
        if (page.incomplete && missing.name) {
            FieldErrorText(missing.name);
        } else {
            FieldErrorText(page.accept, "name");
        }
    }
    if (!signed_in) {
        if (preview.existing_user && page.focus_pending) {
            ImGui::SetKeyboardFocusHere();
            page.focus_pending = false;
        }
        enter |= LabeledInput(tr("Password"), "##password", page.password, sizeof page.password,
                              flags | ImGuiInputTextFlags_Password | kRequiredField, kWidth);
        // The field says its error itself; the hint stays between it and the error's text.
        const std::string* refused = page.accept.FieldError("password");
        MarkInvalid(page.incomplete && missing.password ? missing.password
                    : refused                           ? refused->c_str()
                                                        : "");
        if (!preview.existing_user) MutedText(tr("At least 12 characters."));
        if (page.incomplete && missing.password) ErrorText(missing.password);
        if (refused) ErrorText(*refused);
    }
    if (!preview.existing_user) {
        enter |=
            LabeledInput(tr("Confirm password"), "##confirm", page.confirm, sizeof page.confirm,
                         flags | ImGuiInputTextFlags_Password | kRequiredField, kWidth);
        if (page.incomplete && missing.confirm) FieldErrorText(missing.confirm);
    }
    // Issue 16: the new user's language, starting at the browser's; it switches the page too.
    ImGui::AlignTextToFramePadding();
    TextItem(tr("Language"));
    ImGui::SameLine();
    Language language = tr.language();
    // Each language is named in itself, so it is not translated.
    bool chosen = RadioChoice("English", language, Language::English);
    chosen |= RadioChoice("Français", language, Language::French);
    if (chosen) controller.SetLanguage(language);
    ImGui::NewLine();
    ImGui::Spacing();
    bool send = ImGui::Button(busy ? tr("Joining…") : tr("Join and sign in"), ImVec2(kWidth, 0));
    NameLastItem(tr("Join and sign in"));
    ImGui::EndDisabled();
    if ((send || enter) && !busy) {
        page.incomplete = missing.any();
        if (!page.incomplete) Accept(state, controller, signed_in);
    }

    if (page.accept.failed() && page.accept.error.fields.empty()) {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + kWidth);
        SubmissionError(state, page.accept);
        ImGui::PopTextWrapPos();
        // Signed in as someone else (R-ACC-2): the link is not theirs; signing out lets its
        // recipient accept it.
        if (page.accept.error.code == "invitation_other_user" && ImGui::Button(tr("Sign out"))) {
            controller.SignOut();
            page.accept.Clear();
        }
    }
    ImGui::Spacing();
    Date expires;
    if (preview.expires_at.size() >= 10 && ParseDate(preview.expires_at.substr(0, 10), expires)) {
        MutedText(Format(tr("This link works until {0}."), {FormatDateIn(tr.language(), expires)}));
    }
}

}  // namespace

std::span<const TextPair> InviteTexts() {
    return kTexts;
}

void DrawInvitePage(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    InvitePageState& page = state.invite_page;
    const std::string& token = state.route.detail;
    if (token != page.token) {
        page.Forget();
        page.token = token;
        if (!token.empty()) RequestPreview(state, controller);
    }

    float width = std::min(kWidth, ImGui::GetContentRegionAvail().x);
    ImGui::SetCursorPosX(std::max(0.0f, (ImGui::GetContentRegionAvail().x - width) * 0.5f));
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(width, 24));
    if (token.empty()) {
        Wrapped(tr("This link is incomplete: open the whole link from the invitation email."));
    } else if (page.preview) {
        // A link used up meanwhile (another tab, a double click) says so like a dead one.
        if (page.accept.failed() && page.accept.error.status == 410) {
            DrawDeadLink(state, controller, page.accept.error.code);
        } else {
            DrawForm(state, controller);
        }
    } else if (page.preview_request.failed()) {
        const Submission& request = page.preview_request;
        bool http = request.failure == api::Failure::Http;
        if (http && (request.error.status == 410 || request.error.status == 404)) {
            DrawDeadLink(state, controller,
                         request.error.status == 404 ? "not_found" : request.error.code);
        } else {
            ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().error_text);
            Wrapped(tr("Could not read your invitation."));
            ImGui::PopStyleColor();
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
            SubmissionError(state, request);
            ImGui::PopTextWrapPos();
            if (ImGui::Button(tr("Try again"))) RequestPreview(state, controller);
        }
    } else {
        Spinner(controller.Now());
        ImGui::SameLine();
        MutedText(tr("Reading your invitation…"));
    }
    ImGui::EndGroup();
}

}  // namespace portal::app
