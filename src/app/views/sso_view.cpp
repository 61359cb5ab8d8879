// People & access' Single sign-on section (issue 15, R-ACC-5). An admin proves an email domain
// with a DNS TXT record (Verify looks it up now), connects an OpenID Connect provider (the
// redirect URI to register there is shown, the secret is write-only), runs a Test sign-in
// through it, and may then Require SSO for its domains; break-glass admins keep their password.
// The server decides every rule: its refusals are shown as its sentence, with the rule's id.
// Operators (the support view) and read-only members see the section without the actions.
// Also the sentences of single sign-on's outcome codes, which the Sign in page shows too.
#include <imgui.h>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/sso_json.h"
#include "app/theme.h"
#include "app/views/views.h"
#include "app/widgets.h"

namespace portal::app {

namespace {

constexpr TextPair kTexts[] = {
    {"Single sign-on", "Authentification unique"},
    {"Your people sign in with your organisation's identity provider (OpenID Connect) instead of "
     "a portal password.",
     "Vos collaborateurs se connectent avec le fournisseur d'identité de votre organisation "
     "(OpenID Connect) au lieu d'un mot de passe du portail."},
    {"Only the admins of this account see how its people sign in.",
     "Seuls les administrateurs de ce compte voient comment ses membres se connectent."},
    {"the domains", "les domaines"},
    {"the connections", "les connexions"},
    {"the users", "les utilisateurs"},
    // Outcomes of a single sign-on, as the server redirects with them
    {"The sign-in took too long or was started in another tab; try again.",
     "La connexion a pris trop de temps ou a été commencée dans un autre onglet ; réessayez."},
    {"Your identity provider refused or cancelled the sign-in; try again, or ask your IT admin.",
     "Votre fournisseur d'identité a refusé ou annulé la connexion ; réessayez, ou demandez à "
     "votre administrateur informatique."},
    {"The answer of your identity provider could not be trusted, so you were not signed in. Ask "
     "your IT admin to check the connection.",
     "La réponse de votre fournisseur d'identité n'a pas pu être vérifiée : vous n'avez pas été "
     "connecté(e). Demandez à votre administrateur informatique de vérifier la connexion."},
    {"Your identity provider has not verified your email address, so the portal cannot sign "
     "you in with it. Ask your IT admin.",
     "Votre fournisseur d'identité n'a pas vérifié votre adresse e-mail : le portail ne peut pas "
     "vous connecter avec elle. Demandez à votre administrateur informatique."},
    {"Your email's domain is not verified for this single sign-on, so you were not signed in. "
     "Ask an admin of your organisation.",
     "Le domaine de votre e-mail n'est pas vérifié pour cette authentification unique : vous "
     "n'avez pas été connecté(e). Demandez à un administrateur de votre organisation."},
    {"Your identity provider knows you, but you have no access to this portal yet. Ask an admin "
     "of your organisation to invite you.",
     "Votre fournisseur d'identité vous connaît, mais vous n'avez pas encore accès à ce portail. "
     "Demandez à un administrateur de votre organisation de vous inviter."},
    {"Your portal user is disabled. Ask an admin of your organisation.",
     "Votre utilisateur du portail est désactivé. Demandez à un administrateur de votre "
     "organisation."},
    {"Too many sign-in attempts for this address. Wait a few minutes, then try again.",
     "Trop de tentatives de connexion pour cette adresse. Attendez quelques minutes, puis "
     "réessayez."},
    {"Single sign-on is not set up for this email's domain. Sign in with your password, or ask "
     "your IT admin.",
     "L'authentification unique n'est pas configurée pour le domaine de cet e-mail. Connectez-vous "
     "avec votre mot de passe, ou demandez à votre administrateur informatique."},
    {"Single sign-on did not complete; try again.",
     "L'authentification unique n'a pas abouti ; réessayez."},
    {"Test sign-in succeeded.", "Connexion de test réussie."},
    {"Test sign-in failed: {0}", "La connexion de test a échoué : {0}"},
    // Domains
    {"Domains", "Domaines"},
    {"Prove that your organisation owns an email domain: publish the TXT record shown in your "
     "DNS, then press Verify. Only verified domains can use single sign-on.",
     "Prouvez que votre organisation possède un domaine de messagerie : publiez l'enregistrement "
     "TXT indiqué dans votre DNS, puis appuyez sur Vérifier. Seuls les domaines vérifiés peuvent "
     "utiliser l'authentification unique."},
    {"Domain to add", "Domaine à ajouter"},
    {"Add domain", "Ajouter le domaine"},
    {"Adding…", "Ajout…"},
    {"Enter a domain, such as example.com.", "Saisissez un domaine, par exemple example.com."},
    {"No domain yet. Add your organisation's email domain (example.com), publish its TXT record, "
     "then verify it.",
     "Aucun domaine pour l'instant. Ajoutez le domaine de messagerie de votre organisation "
     "(example.com), publiez son enregistrement TXT, puis vérifiez-le."},
    {"Domain", "Domaine"},
    {"Status", "Statut"},
    {"TXT record to publish", "Enregistrement TXT à publier"},
    {"Verified", "Vérifié"},
    {"Pending", "En attente"},
    {"Name", "Nom"},
    {"Value", "Valeur"},
    {"Copy name", "Copier le nom"},
    {"Copy value", "Copier la valeur"},
    {"Verify", "Vérifier"},
    {"Checking…", "Vérification…"},
    {"Remove", "Retirer"},
    {"Remove {0}? Connections stop using it, and a connection left without a domain no longer "
     "requires single sign-on.",
     "Retirer {0} ? Les connexions cessent de l'utiliser, et une connexion qui n'a plus de "
     "domaine n'exige plus l'authentification unique."},
    {"Remove domain", "Retirer le domaine"},
    {"Cancel", "Annuler"},
    {"{0} was added: publish its TXT record, then press Verify.",
     "{0} a été ajouté : publiez son enregistrement TXT, puis appuyez sur Vérifier."},
    {"{0} is verified.", "{0} est vérifié."},
    {"{0} is not verified yet.", "{0} n'est pas encore vérifié."},
    {"{0} was removed.", "{0} a été retiré."},
    // Connections
    {"Connections", "Connexions"},
    {"Add connection", "Ajouter une connexion"},
    {"Register the portal at your identity provider with this redirect URI:",
     "Enregistrez le portail auprès de votre fournisseur d'identité avec cette URI de "
     "redirection :"},
    {"Redirect URI", "URI de redirection"},
    {"Copy redirect URI", "Copier l'URI de redirection"},
    {"No connection yet. Add your identity provider (Okta, Microsoft Entra ID, Google…) once a "
     "domain is verified.",
     "Aucune connexion pour l'instant. Ajoutez votre fournisseur d'identité (Okta, Microsoft "
     "Entra ID, Google…) une fois un domaine vérifié."},
    {"Issuer: {0}", "Émetteur : {0}"},
    {"Client ID: {0}", "ID client : {0}"},
    {"Client secret: set", "Secret client : défini"},
    {"Client secret: not set", "Secret client : non défini"},
    {"Domains: {0}", "Domaines : {0}"},
    {"none", "aucun"},
    {"New users: {0}", "Nouveaux utilisateurs : {0}"},
    {"Only invited people", "Seulement les personnes invitées"},
    {"Read-only", "Lecture seule"},
    {"Admin", "Administrateur"},
    {"Tested on {0}.", "Testée le {0}."},
    {"Not tested yet: a Test sign-in must succeed before SSO can be required.",
     "Pas encore testée : une connexion de test doit réussir avant de pouvoir exiger le SSO."},
    {"Required for its domains: their people sign in through it.",
     "Exigée pour ses domaines : leurs membres se connectent par elle."},
    {"Test sign-in", "Connexion de test"},
    {"Require SSO", "Exiger le SSO"},
    {"Edit", "Modifier"},
    {"Delete", "Supprimer"},
    {"Delete the connection {0}? Its people sign in with their password or another connection.",
     "Supprimer la connexion {0} ? Ses membres se connectent avec leur mot de passe ou une autre "
     "connexion."},
    {"Delete connection", "Supprimer la connexion"},
    {"{0} now requires single sign-on for its domains.",
     "{0} exige maintenant l'authentification unique pour ses domaines."},
    {"{0} no longer requires single sign-on.", "{0} n'exige plus l'authentification unique."},
    {"The connection {0} was saved.", "La connexion {0} a été enregistrée."},
    {"The connection {0} was deleted.", "La connexion {0} a été supprimée."},
    // The connection form
    {"Add a connection", "Ajouter une connexion"},
    {"Edit {0}", "Modifier {0}"},
    {"Issuer", "Émetteur"},
    {"The issuer URL of your identity provider, such as https://login.example.com; the portal "
     "reads its discovery document when you save.",
     "L'URL d'émetteur de votre fournisseur d'identité, par exemple https://login.example.com ; "
     "le portail lit son document de découverte à l'enregistrement."},
    {"Client ID", "ID client"},
    {"Client secret", "Secret client"},
    {"Leave empty to keep the current secret.", "Laissez vide pour garder le secret actuel."},
    {"Domains signing in through it", "Domaines qui se connectent par elle"},
    {"No verified domain yet: verify one above first.",
     "Aucun domaine vérifié pour l'instant : vérifiez-en un ci-dessus d'abord."},
    {"New users", "Nouveaux utilisateurs"},
    {"People of these domains who have no portal user yet: created at their first sign-in with "
     "this role, or let in only when invited.",
     "Les personnes de ces domaines qui n'ont pas encore d'utilisateur du portail : créées à leur "
     "première connexion avec ce rôle, ou admises seulement sur invitation."},
    {"Save connection", "Enregistrer la connexion"},
    {"Saving…", "Enregistrement…"},
    {"Fill in the name, issuer, client ID and client secret.",
     "Renseignez le nom, l'émetteur, l'ID client et le secret client."},
    {"Fill in the name, issuer and client ID.", "Renseignez le nom, l'émetteur et l'ID client."},
    // Users
    {"Users and how they sign in", "Utilisateurs et mode de connexion"},
    {"Break-glass admins keep their password when single sign-on is required, so that someone "
     "can always sign in. Only an admin with a password can be one.",
     "Les administrateurs de secours gardent leur mot de passe quand l'authentification unique "
     "est exigée, pour que quelqu'un puisse toujours se connecter. Seul un administrateur avec un "
     "mot de passe peut l'être."},
    {"Email", "E-mail"},
    {"Role", "Rôle"},
    {"Password", "Mot de passe"},
    {"Break-glass", "Secours"},
    {"Break-glass: {0}", "Secours : {0}"},
    {"Last password sign-in", "Dernière connexion par mot de passe"},
    {"Last SSO sign-in", "Dernière connexion SSO"},
    {"Yes", "Oui"},
    {"No", "Non"},
    {"Never", "Jamais"},
    {"Only an admin with a password can be break-glass.",
     "Seul un administrateur avec un mot de passe peut être de secours."},
    {"No member yet.", "Aucun membre pour l'instant."},
    {"{0} is now a break-glass admin.", "{0} est maintenant administrateur de secours."},
    {"{0} is no longer a break-glass admin.", "{0} n'est plus administrateur de secours."},
};

constexpr float kDomainActionsWidth = 230.0f;

// Those who may read the section: the account's admins and the vendor's operators (the server
// refuses it to read-only members).
bool CanRead(const AppState& state) {
    return state.CanEdit() || state.IsOperator();
}

std::string TimeText(const Translator& tr, const std::optional<api::SsoSeconds>& at) {
    if (!at) return tr("Never");
    return FormatUtcMinuteIn(tr.language(), *at);
}

const char* RoleLabel(const Translator& tr, const std::string& role) {
    return role == "admin" ? tr("Admin") : tr("Read-only");
}

// A connection's default role: who comes in at their first sign-in.
const char* DefaultRoleLabel(const std::string& role) {
    if (role == "admin") return "Admin";
    if (role == "readonly") return "Read-only";
    return "Only invited people";
}

// {key: {...}} or the object itself: an answer may wrap what it created.
const api::Json& Unwrapped(const api::Json& json, const char* key) {
    if (json.is_object()) {
        auto found = json.find(key);
        if (found != json.end() && found->is_object()) return *found;
    }
    return json;
}

// A value to copy (a DNS record's name, the redirect URI): the text, then its Copy button.
void CopyableValue(AppController& controller, const std::string& value, const char* button) {
    ImGui::AlignTextToFramePadding();
    TextItem(value);
    ImGui::SameLine();
    if (CompactButton(button)) controller.CopyText(value);
}

void OkText(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().ok);
    ImGui::PushTextWrapPos(0.0f);
    TextItem(text);
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

void WrappedMuted(const char* text) {
    ImGui::PushTextWrapPos(0.0f);
    MutedText(text);
    ImGui::PopTextWrapPos();
}

// The item an answer carries ({key: {...}} or the item itself); empty when unreadable.
template <typename T>
std::optional<T> ItemOfAnswer(const api::Json& answer, const char* key,
                              bool (*read)(const api::Json&, T&, std::vector<api::FieldError>&)) {
    T item;
    std::vector<api::FieldError> problems;
    if (!read(Unwrapped(answer, key), item, problems)) return std::nullopt;
    return item;
}

// Puts `changed` in place of the item of `list` that has its id.
template <typename T>
void ReplaceItem(std::vector<T>& list, T changed, Id T::*id) {
    for (T& item : list) {
        if (item.*id == changed.*id) item = std::move(changed);
    }
}

// A removal to confirm under its list: the question, the button that does it (`remove` runs
// when pressed) and Cancel (which sets `confirming` to 0), then the removal's failure.
template <typename Remove>
void ConfirmRemoval(const AppState& state, const std::string& question, const char* action,
                    const char* cancel_id, const Submission& removal, Id& confirming,
                    const std::string& why_not, Remove remove) {
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.0f);
    TextItem(question);
    ImGui::PopTextWrapPos();
    ImGui::BeginDisabled(removal.busy());
    if (ActionButton(action, why_not)) remove();
    ImGui::SameLine();
    if (ImGui::Button((std::string(state.tr("Cancel")) + cancel_id).c_str())) confirming = 0;
    ImGui::EndDisabled();
    SubmissionError(state, removal);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Loading

void LoadDomains(AppState& state, AppController& controller) {
    controller.Fetch(state.sso_page.domains, AccountPath(state.account.id, "/sso/domains"),
                     &api::SsoDomainsFromJson);
}

void LoadConnections(AppState& state, AppController& controller) {
    controller.Fetch(state.sso_page.connections, AccountPath(state.account.id, "/sso/connections"),
                     &api::SsoConnectionsFromJson);
}

void LoadUsers(AppState& state, AppController& controller) {
    controller.Fetch(state.sso_page.users, AccountPath(state.account.id, "/sso/users"),
                     &api::SsoUsersFromJson);
}

// Once per account, for those who may read it.
void LoadSso(AppState& state, AppController& controller) {
    SsoPageState& page = state.sso_page;
    if (state.account.id == 0 || page.loaded_for == state.account.id) return;
    page.ForgetAccount();
    page.loaded_for = state.account.id;
    if (!CanRead(state)) return;
    LoadDomains(state, controller);
    LoadConnections(state, controller);
    LoadUsers(state, controller);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Domains

void AddDomain(AppState& state, AppController& controller) {
    SsoPageState& page = state.sso_page;
    std::string domain = TrimmedText(page.new_domain);
    page.notice.clear();
    NewChange(page.add_domain);
    controller.Submit(
        page.add_domain, "POST", AccountPath(state.account.id, "/sso/domains"),
        api::NewSsoDomainJson(domain),
        [&state, &controller](const api::Result<api::Json>& result) {
            if (!result.ok()) return;
            SsoPageState& page = state.sso_page;
            page.new_domain[0] = '\0';
            page.domain_incomplete = false;
            std::optional<api::SsoDomain> added =
                ItemOfAnswer(result.value, "domain", &api::SsoDomainFromJson);
            if (added && page.domains.value) {
                page.notice =
                    Format(state.tr("{0} was added: publish its TXT record, then press Verify."),
                           {added->domain});
                controller.Announce(page.notice, false);
                page.domains.value->push_back(std::move(*added));
            } else {
                LoadDomains(state, controller);
            }
        },
        /*reload_account=*/false);
}

void VerifyDomain(AppState& state, AppController& controller, const api::SsoDomain& domain) {
    SsoPageState& page = state.sso_page;
    page.verifying = domain.id;
    page.notice.clear();
    NewChange(page.verify);
    controller.Submit(
        page.verify, "POST", "/api/v1/sso/domains/" + std::to_string(domain.id) + "/verify",
        api::Json::object(),
        [&state, &controller](const api::Result<api::Json>& result) {
            if (!result.ok()) return;
            SsoPageState& page = state.sso_page;
            std::optional<api::SsoDomain> checked =
                ItemOfAnswer(result.value, "domain", &api::SsoDomainFromJson);
            if (!checked || !page.domains.value) {
                LoadDomains(state, controller);
                return;
            }
            page.notice = Format(
                state.tr(checked->verified ? "{0} is verified." : "{0} is not verified yet."),
                {checked->domain});
            controller.Announce(page.notice, false);
            ReplaceItem(*page.domains.value, std::move(*checked), &api::SsoDomain::id);
        },
        /*reload_account=*/false);
}

void RemoveDomain(AppState& state, AppController& controller, const api::SsoDomain& domain) {
    SsoPageState& page = state.sso_page;
    page.removing = domain.id;
    page.notice.clear();
    std::string name = domain.domain;
    controller.Revoke(page.remove_domain, "/api/v1/sso/domains/" + std::to_string(domain.id),
                      [&state, &controller, name] {
                          SsoPageState& page = state.sso_page;
                          page.confirm_remove = 0;
                          page.notice = Format(state.tr("{0} was removed."), {name});
                          controller.Announce(page.notice, false);
                          LoadDomains(state, controller);
                          // Connections lose it, and may stop requiring SSO.
                          LoadConnections(state, controller);
                      });
}

void DrawDomainStatus(const Translator& tr, const api::SsoDomain& domain) {
    ImGui::AlignTextToFramePadding();
    if (domain.verified) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().ok);
        TextItem(tr("Verified"));
        ImGui::PopStyleColor();
        return;
    }
    TextItem(tr("Pending"));
    // What the last look-up found: the admin fixes the record with it.
    if (domain.last_check && !domain.last_check->message.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().error_text);
        ImGui::PushTextWrapPos(0.0f);
        TextItem(domain.last_check->message);
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
}

void DrawDomainTable(AppState& state, AppController& controller, const std::string& why_not) {
    const Translator& tr = state.tr;
    SsoPageState& page = state.sso_page;
    const api::SsoDomain* confirming = nullptr;
    if (!BeginListTable(tr, "sso-domains",
                        {{"Domain", 0.8f}, {"Status", 1.0f}, {"TXT record to publish", 2.4f}},
                        kDomainActionsWidth)) {
        return;
    }
    for (const api::SsoDomain& domain : *page.domains.value) {
        ImGui::PushID(static_cast<int>(domain.id));
        ImGui::TableNextRow();
        TextCell(domain.domain);
        ImGui::TableNextColumn();
        DrawDomainStatus(tr, domain);
        ImGui::TableNextColumn();
        MutedText(tr("Name"));
        CopyableValue(controller, domain.record_name, tr("Copy name"));
        MutedText(tr("Value"));
        CopyableValue(controller, domain.record_value, tr("Copy value"));
        ImGui::TableNextColumn();
        bool checking = page.verify.busy() && page.verifying == domain.id;
        ImGui::BeginDisabled(page.verify.busy());
        if (ActionButton(checking ? tr("Checking…") : tr("Verify"), why_not)) {
            VerifyDomain(state, controller, domain);
        }
        NameLastItem(tr("Verify"));
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::BeginDisabled(page.remove_domain.busy());
        if (ActionButton(tr("Remove"), why_not)) {
            page.confirm_remove = domain.id;
            page.remove_domain.Clear();
            page.notice.clear();
        }
        ImGui::EndDisabled();
        if (page.confirm_remove == domain.id) confirming = &domain;
        ImGui::PopID();
    }
    ImGui::EndTable();
    if (confirming) {
        ConfirmRemoval(state,
                       Format(tr("Remove {0}? Connections stop using it, and a connection left "
                                 "without a domain no longer requires single sign-on."),
                              {confirming->domain}),
                       tr("Remove domain"), "##remove-domain", page.remove_domain,
                       page.confirm_remove, why_not,
                       [&] { RemoveDomain(state, controller, *confirming); });
    }
}

void DrawDomains(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    SsoPageState& page = state.sso_page;
    std::string why_not = ReadOnlyReason(state);
    HeadingItem(state, tr("Domains"));
    WrappedMuted(
        tr("Prove that your organisation owns an email domain: publish the TXT record shown in "
           "your DNS, then press Verify. Only verified domains can use single sign-on."));
    ImGui::Spacing();

    // Add a domain: what was typed stays through a refusal, its field's error under it.
    bool busy = page.add_domain.busy();
    ImGui::BeginDisabled(busy || !why_not.empty());
    bool enter = LabeledInput(tr("Domain to add"), "##sso-new-domain", page.new_domain,
                              sizeof page.new_domain, ImGuiInputTextFlags_EnterReturnsTrue, 320.0f);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(busy);
    bool add = ActionButton(busy ? tr("Adding…") : tr("Add domain"), why_not);
    NameLastItem(tr("Add domain"));
    ImGui::EndDisabled();
    if ((add || enter) && !busy && why_not.empty()) {
        page.domain_incomplete = TrimmedText(page.new_domain).empty();
        if (!page.domain_incomplete) AddDomain(state, controller);
    }
    if (page.domain_incomplete && TrimmedText(page.new_domain).empty()) {
        ErrorText(tr("Enter a domain, such as example.com."));
    }
    FieldErrorText(page.add_domain, "domain");
    FormError(state, page.add_domain, {"domain"});
    ImGui::Spacing();

    if (!DrawRemoteStatus(state, page.domains, "the domains", controller)) return;
    if (page.domains.value->empty()) {
        WrappedMuted(
            tr("No domain yet. Add your organisation's email domain (example.com), publish its "
               "TXT record, then verify it."));
    } else {
        DrawDomainTable(state, controller, why_not);
    }
    SubmissionError(state, page.verify);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Connections

const api::SsoConnection* FindConnection(const SsoPageState& page, Id id) {
    if (!page.connections.value) return nullptr;
    for (const api::SsoConnection& connection : page.connections.value->items) {
        if (connection.id == id) return &connection;
    }
    return nullptr;
}

void SaveConnection(AppState& state, AppController& controller) {
    SsoPageState& page = state.sso_page;
    SsoConnectionForm& form = page.form;
    api::SsoConnectionDraft draft = form.Draft();
    std::string name = draft.name;
    page.notice.clear();
    NewChange(form.save);
    auto saved = [&state, &controller, name](const api::Result<api::Json>& result) {
        if (!result.ok()) return;
        SsoPageState& page = state.sso_page;
        page.notice = Format(state.tr("The connection {0} was saved."), {name});
        controller.Announce(page.notice, false);
        page.form.Reset();
        LoadConnections(state, controller);
    };
    if (form.editing == 0) {
        controller.Submit(form.save, "POST", AccountPath(state.account.id, "/sso/connections"),
                          api::NewSsoConnectionJson(draft), saved, /*reload_account=*/false);
        return;
    }
    const api::SsoConnection* before = FindConnection(page, form.editing);
    if (!before) {
        form.Reset();
        return;
    }
    api::Json patch = api::SsoConnectionPatchJson(draft, *before);
    if (patch.empty()) {
        form.Reset();  // nothing changed: nothing to send
        return;
    }
    controller.Submit(form.save, "PATCH", "/api/v1/sso/connections/" + std::to_string(form.editing),
                      std::move(patch), saved, /*reload_account=*/false);
}

void DrawRoleCombo(const Translator& tr, std::string& role) {
    // Not published: "New users" names the combo itself (as LabeledInput does its field).
    ImGui::TextUnformatted(tr("New users"));
    ImGui::PushTextWrapPos(0.0f);
    MutedText(
        tr("People of these domains who have no portal user yet: created at their first sign-in "
           "with this role, or let in only when invited."));
    ImGui::PopTextWrapPos();
    ImGui::SetNextItemWidth(320.0f);
    if (ImGui::BeginCombo("##sso-default-role", tr(DefaultRoleLabel(role)))) {
        for (const char* option : {"", "readonly", "admin"}) {
            if (ImGui::Selectable(tr(DefaultRoleLabel(option)), role == option)) role = option;
        }
        ImGui::EndCombo();
    }
    NameLastItem(tr("New users"));
}

void DrawDomainChoice(AppState& state, SsoConnectionForm& form) {
    const Translator& tr = state.tr;
    TextItem(tr("Domains signing in through it"));
    bool any = false;
    if (state.sso_page.domains.value) {
        for (const api::SsoDomain& domain : *state.sso_page.domains.value) {
            if (!domain.verified) continue;
            any = true;
            auto found = std::find(form.domains.begin(), form.domains.end(), domain.id);
            bool ticked = found != form.domains.end();
            ImGui::PushID(static_cast<int>(domain.id));
            if (ImGui::Checkbox(domain.domain.c_str(), &ticked)) {
                if (ticked) {
                    form.domains.push_back(domain.id);
                } else {
                    form.domains.erase(found);
                }
            }
            ImGui::PopID();
        }
    }
    if (!any) MutedText(tr("No verified domain yet: verify one above first."));
}

void DrawConnectionForm(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    SsoPageState& page = state.sso_page;
    SsoConnectionForm& form = page.form;
    bool editing = form.editing != 0;
    std::string title = editing ? Format(tr("Edit {0}"), {form.name}) : tr("Add a connection");
    BeginPanel(state, "##sso-connection-form", title.c_str());
    bool busy = form.save.busy();
    ImGui::BeginDisabled(busy);
    if (form.focus) {
        ImGui::SetKeyboardFocusHere();
        form.focus = false;
    }
    constexpr float kWidth = 480.0f;
    // What a refused save said of a field: the field says it too (its hint may come between).
    auto refused = [&](const char* field) -> std::string_view {
        const std::string* message = form.save.FieldError(field);
        return message ? std::string_view(*message) : std::string_view();
    };
    LabeledInput(tr("Name"), "##sso-name", form.name, sizeof form.name, kRequiredField, kWidth);
    FieldErrorText(form.save, "name");
    LabeledInput(tr("Issuer"), "##sso-issuer", form.issuer, sizeof form.issuer, kRequiredField,
                 kWidth);
    MarkInvalid(refused("issuer"));
    ImGui::PushTextWrapPos(0.0f);
    MutedText(
        tr("The issuer URL of your identity provider, such as https://login.example.com; the "
           "portal reads its discovery document when you save."));
    ImGui::PopTextWrapPos();
    if (!refused("issuer").empty()) ErrorText(std::string(refused("issuer")));
    LabeledInput(tr("Client ID"), "##sso-client-id", form.client_id, sizeof form.client_id,
                 kRequiredField, kWidth);
    FieldErrorText(form.save, "clientId");
    LabeledInput(tr("Client secret"), "##sso-client-secret", form.client_secret,
                 sizeof form.client_secret,
                 ImGuiInputTextFlags_Password | (editing ? 0 : kRequiredField), kWidth);
    MarkInvalid(refused("clientSecret"));
    if (editing) MutedText(tr("Leave empty to keep the current secret."));
    if (!refused("clientSecret").empty()) ErrorText(std::string(refused("clientSecret")));
    ImGui::Spacing();
    DrawDomainChoice(state, form);
    FieldErrorText(form.save, "domains");
    ImGui::Spacing();
    DrawRoleCombo(tr, form.default_role);
    FieldErrorText(form.save, "defaultRole");
    ImGui::Spacing();
    bool save = ImGui::Button(busy ? tr("Saving…") : tr("Save connection"));
    NameLastItem(tr("Save connection"));
    ImGui::SameLine();
    bool cancel = ImGui::Button((std::string(tr("Cancel")) + "##sso-form").c_str());
    ImGui::EndDisabled();
    cancel |= !busy && EscapeInWindow();

    bool ready =
        form.name[0] && form.issuer[0] && form.client_id[0] && (editing || form.client_secret[0]);
    if (save && !busy) {
        form.incomplete = !ready;
        if (ready) SaveConnection(state, controller);
    }
    if (form.incomplete && !ready) {
        ErrorText(editing ? tr("Fill in the name, issuer and client ID.")
                          : tr("Fill in the name, issuer, client ID and client secret."));
    }
    FormError(state, form.save,
              {"name", "issuer", "clientId", "clientSecret", "domains", "defaultRole"});
    EndPanel();
    if (cancel) form.Reset();
}

void SetEnforced(AppState& state, AppController& controller, const api::SsoConnection& connection,
                 bool enforced) {
    SsoPageState& page = state.sso_page;
    page.enforcing = connection.id;
    page.notice.clear();
    std::string name = connection.name;
    NewChange(page.enforce);
    controller.Submit(
        page.enforce, "PATCH", "/api/v1/sso/connections/" + std::to_string(connection.id),
        api::SsoEnforcedJson(enforced),
        [&state, &controller, name, enforced](const api::Result<api::Json>& result) {
            if (!result.ok()) return;
            SsoPageState& page = state.sso_page;
            page.notice = Format(state.tr(enforced ? "{0} now requires single sign-on for its "
                                                     "domains."
                                                   : "{0} no longer requires single sign-on."),
                                 {name});
            controller.Announce(page.notice, false);
            std::optional<api::SsoConnection> changed =
                ItemOfAnswer(result.value, "connection", &api::SsoConnectionFromJson);
            if (changed && page.connections.value) {
                ReplaceItem(page.connections.value->items, std::move(*changed),
                            &api::SsoConnection::id);
            } else {
                LoadConnections(state, controller);
            }
        },
        /*reload_account=*/false);
}

void DeleteConnection(AppState& state, AppController& controller,
                      const api::SsoConnection& connection) {
    SsoPageState& page = state.sso_page;
    page.deleting = connection.id;
    page.notice.clear();
    std::string name = connection.name;
    controller.Revoke(page.delete_connection,
                      "/api/v1/sso/connections/" + std::to_string(connection.id),
                      [&state, &controller, name] {
                          SsoPageState& page = state.sso_page;
                          page.confirm_delete = 0;
                          page.notice = Format(state.tr("The connection {0} was deleted."), {name});
                          controller.Announce(page.notice, false);
                          LoadConnections(state, controller);
                          LoadUsers(state, controller);
                      });
}

// "example.com, example.org" from the connection's domain ids, as the domains list names them.
std::string DomainNames(const AppState& state, const api::SsoConnection& connection) {
    std::string names;
    for (Id id : connection.domains) {
        std::string name = "#" + std::to_string(id);
        if (state.sso_page.domains.value) {
            for (const api::SsoDomain& domain : *state.sso_page.domains.value) {
                if (domain.id == id) name = domain.domain;
            }
        }
        names += (names.empty() ? "" : ", ") + name;
    }
    return names.empty() ? std::string(state.tr("none")) : names;
}

void DrawConnection(AppState& state, AppController& controller,
                    const api::SsoConnection& connection, const std::string& why_not) {
    const Translator& tr = state.tr;
    SsoPageState& page = state.sso_page;
    std::string id = "##sso-connection-" + std::to_string(connection.id);
    BeginPanel(state, id.c_str(), connection.name.c_str());
    TextItem(Format(tr("Issuer: {0}"), {connection.issuer}));
    TextItem(Format(tr("Client ID: {0}"), {connection.client_id}));
    TextItem(connection.client_secret_set ? tr("Client secret: set")
                                          : tr("Client secret: not set"));
    TextItem(Format(tr("Domains: {0}"), {DomainNames(state, connection)}));
    TextItem(Format(tr("New users: {0}"), {tr(DefaultRoleLabel(connection.default_role))}));
    if (connection.enforced) {
        OkText(tr("Required for its domains: their people sign in through it."));
    } else if (connection.tested_at) {
        MutedText(Format(tr("Tested on {0}."), {TimeText(tr, connection.tested_at)}));
    } else {
        ImGui::PushTextWrapPos(0.0f);
        MutedText(tr("Not tested yet: a Test sign-in must succeed before SSO can be required."));
        ImGui::PopTextWrapPos();
    }
    ImGui::Spacing();

    // Test sign-in leaves for the provider and comes back here with "sso=tested" (or why not).
    if (ActionButton(tr("Test sign-in"), why_not)) {
        controller.NavigateAway(SsoTestUrl(connection.id, state.route));
    }
    ImGui::SameLine();
    // The checkbox shows what the server holds; a click asks for the other.
    bool enforced = connection.enforced;
    ImGui::BeginDisabled(!why_not.empty() || page.enforce.busy());
    bool toggled = ImGui::Checkbox(tr("Require SSO"), &enforced);
    ImGui::EndDisabled();
    if (!why_not.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        ImGui::SetTooltip("%s", why_not.c_str());
    }
    if (toggled && why_not.empty()) SetEnforced(state, controller, connection, enforced);
    ImGui::SameLine();
    if (ActionButton(tr("Edit"), why_not)) {
        page.form.Edit(connection);
        page.confirm_delete = 0;
        page.notice.clear();
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(page.delete_connection.busy());
    if (ActionButton(tr("Delete"), why_not)) {
        page.confirm_delete = connection.id;
        page.delete_connection.Clear();
        page.notice.clear();
    }
    ImGui::EndDisabled();
    if (page.enforcing == connection.id) SubmissionError(state, page.enforce);

    if (page.confirm_delete == connection.id) {
        ConfirmRemoval(state,
                       Format(tr("Delete the connection {0}? Its people sign in with their "
                                 "password or another connection."),
                              {connection.name}),
                       tr("Delete connection"), "##delete-connection", page.delete_connection,
                       page.confirm_delete, why_not,
                       [&] { DeleteConnection(state, controller, connection); });
    }
    EndPanel();
}

void DrawConnections(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    SsoPageState& page = state.sso_page;
    std::string why_not = ReadOnlyReason(state);
    if (HeadingWithAction(state, tr("Connections"), tr("Add connection"), why_not)) {
        page.form.Reset();
        page.form.open = true;
        page.form.focus = true;
        page.notice.clear();
    }
    if (!DrawRemoteStatus(state, page.connections, "the connections", controller)) return;
    const api::SsoConnectionList& list = *page.connections.value;
    // Registered at the provider before a connection can be made: shown even when none is.
    ImGui::PushTextWrapPos(0.0f);
    MutedText(tr("Register the portal at your identity provider with this redirect URI:"));
    ImGui::PopTextWrapPos();
    CopyableValue(controller, list.redirect_uri, tr("Copy redirect URI"));
    ImGui::Spacing();
    if (page.form.open && page.form.editing == 0) {
        DrawConnectionForm(state, controller);
        ImGui::Spacing();
    }
    if (list.items.empty()) {
        WrappedMuted(
            tr("No connection yet. Add your identity provider (Okta, Microsoft Entra ID, "
               "Google…) once a domain is verified."));
        return;
    }
    for (const api::SsoConnection& connection : list.items) {
        ImGui::PushID(static_cast<int>(connection.id));
        if (page.form.open && page.form.editing == connection.id) {
            DrawConnectionForm(state, controller);
        } else {
            DrawConnection(state, controller, connection, why_not);
        }
        ImGui::PopID();
        ImGui::Spacing();
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Users

void SetBreakGlass(AppState& state, AppController& controller, const api::SsoUser& user,
                   bool break_glass) {
    SsoPageState& page = state.sso_page;
    page.changing_user = user.user_id;
    page.notice.clear();
    std::string name = user.name.empty() ? user.email : user.name;
    NewChange(page.break_glass);
    controller.Submit(
        page.break_glass, "PATCH",
        AccountPath(state.account.id, "/sso/users/") + std::to_string(user.user_id),
        api::BreakGlassJson(break_glass),
        [&state, &controller, name, break_glass](const api::Result<api::Json>& result) {
            if (!result.ok()) return;
            SsoPageState& page = state.sso_page;
            page.notice = Format(state.tr(break_glass ? "{0} is now a break-glass admin."
                                                      : "{0} is no longer a break-glass admin."),
                                 {name});
            controller.Announce(page.notice, false);
            std::optional<api::SsoUser> changed =
                ItemOfAnswer(result.value, "user", &api::SsoUserFromJson);
            if (changed && page.users.value) {
                ReplaceItem(*page.users.value, std::move(*changed), &api::SsoUser::user_id);
            } else {
                LoadUsers(state, controller);
            }
        },
        /*reload_account=*/false);
}

void DrawUsers(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    SsoPageState& page = state.sso_page;
    std::string why_not = ReadOnlyReason(state);
    HeadingItem(state, tr("Users and how they sign in"));
    WrappedMuted(
        tr("Break-glass admins keep their password when single sign-on is required, so that "
           "someone can always sign in. Only an admin with a password can be one."));
    if (!DrawRemoteStatus(state, page.users, "the users", controller)) return;
    if (page.users.value->empty()) {
        MutedText(tr("No member yet."));
        return;
    }
    if (BeginListTable(tr, "sso-users",
                       {{"Email", 1.4f},
                        {"Role", 0.6f},
                        {"Password", 0.5f},
                        {"Break-glass", 0.5f},
                        {"Last password sign-in", 0.9f},
                        {"Last SSO sign-in", 0.9f}})) {
        for (const api::SsoUser& user : *page.users.value) {
            ImGui::PushID(static_cast<int>(user.user_id));
            ImGui::TableNextRow();
            TextCell(user.email);
            TextCell(RoleLabel(tr, user.role));
            TextCell(user.has_password ? tr("Yes") : tr("No"));
            ImGui::TableNextColumn();
            std::string why = why_not;
            if (why.empty() && (user.role != "admin" || !user.has_password)) {
                why = tr("Only an admin with a password can be break-glass.");
            }
            bool ticked = user.break_glass;
            ImGui::BeginDisabled(!why.empty() || page.break_glass.busy());
            bool toggled = ImGui::Checkbox("##break-glass", &ticked);
            ImGui::EndDisabled();
            NameLastItem(Format(tr("Break-glass: {0}"), {user.email}).c_str(), true,
                         user.break_glass);
            if (!why.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
                ImGui::SetTooltip("%s", why.c_str());
            }
            if (toggled && why.empty()) SetBreakGlass(state, controller, user, ticked);
            TextCell(TimeText(tr, user.last_password_sign_in_at));
            TextCell(TimeText(tr, user.last_sso_sign_in_at));
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    SubmissionError(state, page.break_glass);
}

}  // namespace

std::span<const TextPair> SsoTexts() {
    return kTexts;
}

const char* SsoOutcomeSentence(const std::string& code) {
    if (code == "state_invalid") {
        return "The sign-in took too long or was started in another tab; try again.";
    }
    if (code == "provider_error") {
        return "Your identity provider refused or cancelled the sign-in; try again, or ask your "
               "IT admin.";
    }
    if (code == "token_invalid") {
        return "The answer of your identity provider could not be trusted, so you were not "
               "signed in. Ask your IT admin to check the connection.";
    }
    if (code == "email_unverified") {
        return "Your identity provider has not verified your email address, so the portal "
               "cannot sign you in with it. Ask your IT admin.";
    }
    if (code == "domain_not_verified") {
        return "Your email's domain is not verified for this single sign-on, so you were not "
               "signed in. Ask an admin of your organisation.";
    }
    if (code == "not_invited") {
        return "Your identity provider knows you, but you have no access to this portal yet. Ask "
               "an admin of your organisation to invite you.";
    }
    if (code == "disabled")
        return "Your portal user is disabled. Ask an admin of your organisation.";
    if (code == "rate_limited") {
        return "Too many sign-in attempts for this address. Wait a few minutes, then try again.";
    }
    if (code == "sso_not_configured") {
        return "Single sign-on is not set up for this email's domain. Sign in with your password, "
               "or ask your IT admin.";
    }
    return "Single sign-on did not complete; try again.";
}

void DrawSsoSection(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    SsoPageState& page = state.sso_page;
    LoadSso(state, controller);
    HeadingItem(state, tr("Single sign-on"));
    WrappedMuted(
        tr("Your people sign in with your organisation's identity provider (OpenID Connect) "
           "instead of a portal password."));
    // A Test sign-in came back here.
    const std::string& outcome = state.route.sso;
    if (outcome == "tested") {
        OkText(tr("Test sign-in succeeded."));
    } else if (!outcome.empty()) {
        ErrorText(Format(tr("Test sign-in failed: {0}"), {tr(SsoOutcomeSentence(outcome))}));
    }
    if (!CanRead(state)) {
        WrappedMuted(tr("Only the admins of this account see how its people sign in."));
        return;
    }
    if (!page.notice.empty()) OkText(page.notice);
    ImGui::Spacing();
    DrawDomains(state, controller);
    ImGui::Spacing();
    DrawConnections(state, controller);
    ImGui::Spacing();
    DrawUsers(state, controller);
}

}  // namespace portal::app
