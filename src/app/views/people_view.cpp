// People & access: who can see and change the account (members and their roles, R-ACC-1), the
// invitations still waiting for an answer (R-ACC-2, with resend), and the partner organisations
// the account delegates to (R-ACC-6) and how its people sign in (single sign-on, R-ACC-5:
// sso_view.cpp). Admins invite, change roles, remove, grant and revoke;
// read-only members see every such control disabled, with the reason. The server protects the
// last admin (R-ACC-1): its refusal is shown as its sentence.
#include <imgui.h>

#include <algorithm>
#include <initializer_list>
#include <string>

#include "app/theme.h"
#include "app/views/views.h"
#include "app/widgets.h"

namespace portal::app {

namespace {

constexpr TextPair kTexts[] = {
    // Empty pages: what they will hold and the action that fills them (issue 16).
    {"Invitations sent with Invite wait here until they are accepted.",
     "Les invitations envoyées avec Inviter attendent ici d'être acceptées."},
    {"A partner (your reseller or service provider) can manage this account once you grant it "
     "access with Grant access.",
     "Un partenaire (votre revendeur ou prestataire) peut gérer ce compte une fois que vous lui en "
     "donnez l'accès avec Donner accès."},
    {"People & access", "Personnes et accès"},
    {"Who can see and change this account, and which partners manage it with you.",
     "Qui peut voir et modifier ce compte, et quels partenaires le gèrent avec vous."},
    {"Members", "Membres"},
    {"Invite", "Inviter"},
    {"Name", "Nom"},
    {"Email", "E-mail"},
    {"Role", "Rôle"},
    {"Admin", "Administrateur"},
    {"Read-only", "Lecture seule"},
    {"{0} (you)", "{0} (vous)"},
    {"Make admin", "Rendre administrateur"},
    {"Make read-only", "Passer en lecture seule"},
    {"Remove", "Retirer"},
    {"Remove {0} from this account? They lose access to it at once.",
     "Retirer {0} de ce compte ? Son accès s'arrête aussitôt."},
    {"Remove yourself from this account? You lose access to it at once.",
     "Vous retirer de ce compte ? Votre accès s'arrête aussitôt."},
    {"Remove from account", "Retirer du compte"},
    {"Cancel", "Annuler"},
    {"Pending invitations", "Invitations en attente"},
    {"Status", "Statut"},
    {"Expires", "Expire le"},
    {"Pending", "En attente"},
    {"Expired", "Expirée"},
    {"Resend", "Renvoyer"},
    {"No invitation is waiting for an answer.", "Aucune invitation n'attend de réponse."},
    {"Partner access", "Accès des partenaires"},
    {"Partner", "Partenaire"},
    {"Grant access", "Donner accès"},
    {"Revoke", "Révoquer"},
    {"No partner organisation has access to this account.",
     "Aucune organisation partenaire n'a accès à ce compte."},
    {"Revoke the access of {0} to this account?", "Révoquer l'accès de {0} à ce compte ?"},
    {"Revoke access", "Révoquer l'accès"},
    {"Only the admins of this account see its pending invitations and partner access.",
     "Seuls les administrateurs de ce compte voient ses invitations en attente et l'accès des "
     "partenaires."},
    {"the members", "les membres"},
    {"the pending invitations", "les invitations en attente"},
    {"partner access", "l'accès des partenaires"},
    // Invite dialog
    {"Invite someone", "Inviter une personne"},
    {"They get an email with a link to join this account; the link works for 30 days.",
     "La personne reçoit un e-mail avec un lien pour rejoindre ce compte ; le lien est valable "
     "30 jours."},
    {"Manages rooms, licenses, people and settings.",
     "Gère les salles, les licences, les personnes et les réglages."},
    {"Sees everything, changes nothing.", "Voit tout, ne modifie rien."},
    {"Send invitation", "Envoyer l'invitation"},
    {"Sending…", "Envoi…"},
    {"Enter an email address.", "Saisissez une adresse e-mail."},
    {"Invitation sent to {0}.", "Invitation envoyée à {0}."},
    {"A new link was sent to {0}; the previous one no longer works.",
     "Un nouveau lien a été envoyé à {0} ; le précédent ne fonctionne plus."},
    {"{0} is now an admin.", "{0} est maintenant administrateur."},
    {"{0} is now read-only.", "{0} est maintenant en lecture seule."},
    {"{0} was removed from this account.", "{0} a été retiré(e) de ce compte."},
    // Grant dialog
    {"Grant a partner access", "Donner accès à un partenaire"},
    {"The partner's people manage this account with the role you choose, until you revoke it.",
     "Les personnes du partenaire gèrent ce compte avec le rôle choisi, jusqu'à ce que vous le "
     "révoquiez."},
    {"Partner code", "Code partenaire"},
    {"Ask your partner for its partner code (P-XXXX-XXXX): its people see it in the portal. "
     "Giving it to you is how the partner agrees to manage this account.",
     "Demandez à votre partenaire son code partenaire (P-XXXX-XXXX) : ses collaborateurs le "
     "voient dans le portail. En vous le donnant, le partenaire accepte de gérer ce compte."},
    {"Enter the partner code first.", "Saisissez d'abord le code partenaire."},
    {"No partner organisation has this code.", "Aucune organisation partenaire n'a ce code."},
    {"Grant", "Accorder"},
    {"{0} now has access to this account.", "{0} a maintenant accès à ce compte."},
    {"The access of {0} was revoked.", "L'accès de {0} a été révoqué."},
};

constexpr float kActionsWidth = 300.0f;

const char* RoleLabel(const Translator& tr, const std::string& role) {
    return role == "admin" ? tr("Admin") : tr("Read-only");
}

// "2026-12-19T10:00:00Z" -> "19 December 2026" in the chosen language; as given when unreadable.
std::string DateOf(const Translator& tr, const std::string& timestamp) {
    Date date;
    if (timestamp.size() < 10 || !ParseDate(timestamp.substr(0, 10), date)) return timestamp;
    return FormatDateIn(tr.language(), date);
}

// Two choices of role, Read-only first (the least that will do).
void RoleChoice(const Translator& tr, bool& admin) {
    if (RadioItem(tr("Read-only"), !admin)) admin = false;
    ImGui::SameLine();
    MutedText(tr("Sees everything, changes nothing."));
    if (RadioItem(tr("Admin"), admin)) admin = true;
    ImGui::SameLine();
    MutedText(tr("Manages rooms, licenses, people and settings."));
}

// A centred modal dialog, open exactly while `wanted`: the page's state decides, so that a
// dialog closed between frames (an answer that arrived) closes on screen too. True while it is
// to be drawn (then EndPopup).
bool BeginDialog(const char* title, bool wanted, float width) {
    bool open = ImGui::IsPopupOpen(title);
    if (!wanted && !open) return false;
    if (wanted && !open) ImGui::OpenPopup(title);
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(width, 0));
    if (!ImGui::BeginPopupModal(title, nullptr,
                                ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoResize)) {
        return false;
    }
    if (!wanted) {
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Loading

void LoadMembers(AppState& state, AppController& controller) {
    controller.Fetch(state.people_page.members, AccountPath(state.account.id, "/members"),
                     &api::MembersFromJson);
}

void LoadInvitations(AppState& state, AppController& controller) {
    controller.Fetch(state.people_page.invitations, AccountPath(state.account.id, "/invitations"),
                     &api::InvitationsFromJson);
}

void LoadDelegations(AppState& state, AppController& controller) {
    controller.Fetch(state.people_page.delegations, AccountPath(state.account.id, "/delegations"),
                     &api::DelegationsFromJson);
}

// Once per account: the members for everyone; invitations and delegations for admins only (the
// server refuses them to read-only members).
void LoadLists(AppState& state, AppController& controller) {
    PeoplePageState& page = state.people_page;
    if (state.account.id == 0 || page.loaded_for == state.account.id) return;
    // The Overview's checklist opens the page with its Invite dialog: keep that one.
    bool invite_wanted = page.dialog == PeopleDialog::Invite;
    page.ForgetAccount();
    if (invite_wanted) {
        page.dialog = PeopleDialog::Invite;
        page.focus_dialog = true;
    }
    page.loaded_for = state.account.id;
    LoadMembers(state, controller);
    if (state.CanEdit()) {
        LoadInvitations(state, controller);
        LoadDelegations(state, controller);
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Members

void ChangeRole(AppState& state, AppController& controller, const api::Member& member,
                const std::string& role) {
    PeoplePageState& page = state.people_page;
    page.changing = member.user_id;
    page.confirm_remove = 0;
    page.notice.clear();
    bool self = state.me.value && state.me.value->user.id == member.user_id;
    std::string name = member.name.empty() ? member.email : member.name;
    NewChange(page.member_change);
    controller.Submit(
        page.member_change, "PATCH",
        AccountPath(state.account.id, "/members/") + std::to_string(member.user_id),
        {{"role", role}},
        [&state, &controller, name, role, self](const api::Result<api::Json>& result) {
            if (!result.ok()) return;
            state.people_page.notice =
                Format(state.tr(role == "admin" ? "{0} is now an admin." : "{0} is now read-only."),
                       {name});
            controller.Announce(state.people_page.notice, false);
            LoadMembers(state, controller);
            if (self) controller.Refresh();  // the user's own rights in the account changed
        },
        /*reload_account=*/false);
}

void RemoveMember(AppState& state, AppController& controller, const api::Member& member) {
    PeoplePageState& page = state.people_page;
    page.changing = member.user_id;
    page.notice.clear();
    bool self = state.me.value && state.me.value->user.id == member.user_id;
    std::string name = member.name.empty() ? member.email : member.name;
    NewChange(page.member_change);
    controller.Submit(
        page.member_change, "DELETE",
        AccountPath(state.account.id, "/members/") + std::to_string(member.user_id), nullptr,
        [&state, &controller, name, self](const api::Result<api::Json>& result) {
            state.people_page.confirm_remove = 0;
            if (!result.ok()) return;
            state.people_page.notice =
                Format(state.tr("{0} was removed from this account."), {name});
            controller.Announce(state.people_page.notice, false);
            LoadMembers(state, controller);
            if (self) controller.Refresh();  // gone from the account: the accounts list changes
        },
        /*reload_account=*/false);
}

void DrawMembers(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    PeoplePageState& page = state.people_page;
    std::string why_not = ReadOnlyReason(state);

    if (HeadingWithAction(state, tr("Members"), tr("Invite"), why_not)) {
        page.dialog = PeopleDialog::Invite;
        page.focus_dialog = true;
        page.invite_incomplete = false;
        page.invite.Clear();
        page.notice.clear();
    }
    if (!DrawRemoteStatus(state, page.members, "the members", controller)) return;

    const api::Member* confirming = nullptr;
    ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("members", 4, flags)) {
        ImGui::TableSetupColumn(tr("Name"), 0, 1.0f);
        ImGui::TableSetupColumn(tr("Email"), 0, 1.4f);
        ImGui::TableSetupColumn(tr("Role"), 0, 0.6f);
        ImGui::TableSetupColumn("##actions", ImGuiTableColumnFlags_WidthFixed, kActionsWidth);
        ImGui::TableHeadersRow();
        bool busy = page.member_change.busy();
        for (const api::Member& member : *page.members.value) {
            ImGui::PushID(static_cast<int>(member.user_id));
            ImGui::TableNextRow();
            bool self = state.me.value && state.me.value->user.id == member.user_id;
            TextCell(self ? Format(tr("{0} (you)"), {member.name}) : member.name);
            TextCell(member.email);
            TextCell(RoleLabel(tr, member.role));
            ImGui::TableNextColumn();
            ImGui::BeginDisabled(busy);
            bool admin = member.role == "admin";
            if (ActionButton(admin ? tr("Make read-only") : tr("Make admin"), why_not)) {
                ChangeRole(state, controller, member, admin ? "readonly" : "admin");
            }
            ImGui::SameLine();
            if (ActionButton(tr("Remove"), why_not)) {
                page.confirm_remove = member.user_id;
                page.member_change.Clear();
                page.notice.clear();
            }
            ImGui::EndDisabled();
            if (page.confirm_remove == member.user_id) confirming = &member;
            ImGui::PopID();
        }
        ImGui::EndTable();
    }

    if (confirming) {
        ImGui::Spacing();
        bool self = state.me.value && state.me.value->user.id == confirming->user_id;
        std::string name = confirming->name.empty() ? confirming->email : confirming->name;
        ImGui::AlignTextToFramePadding();
        TextItem(self ? std::string(tr("Remove yourself from this account? You lose access to it "
                                       "at once."))
                      : Format(tr("Remove {0} from this account? They lose access to it at once."),
                               {name}));
        ImGui::BeginDisabled(page.member_change.busy());
        if (ActionButton(tr("Remove from account"), why_not)) {
            RemoveMember(state, controller, *confirming);
        }
        ImGui::SameLine();
        if (ImGui::Button((std::string(tr("Cancel")) + "##remove").c_str()) ||
            (page.dialog == PeopleDialog::None && EscapePressed())) {
            page.confirm_remove = 0;
        }
        ImGui::EndDisabled();
    }
    // R-ACC-1's refusal (the last admin) and any other: the server's sentence.
    SubmissionError(state, page.member_change);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Invitations

void Resend(AppState& state, AppController& controller, const api::Invitation& invitation) {
    PeoplePageState& page = state.people_page;
    page.resending = invitation.id;
    page.notice.clear();
    std::string email = invitation.email;
    NewChange(page.resend);
    controller.Submit(
        page.resend, "POST", "/api/v1/invitations/" + std::to_string(invitation.id) + "/resend",
        api::Json::object(),
        [&state, &controller, email](const api::Result<api::Json>& result) {
            if (!result.ok()) return;
            state.people_page.notice = Format(
                state.tr("A new link was sent to {0}; the previous one no longer works."), {email});
            controller.Announce(state.people_page.notice, false);
            LoadInvitations(state, controller);
        },
        /*reload_account=*/false);
}

void DrawInvitations(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    PeoplePageState& page = state.people_page;
    HeadingItem(state, tr("Pending invitations"));
    if (!DrawRemoteStatus(state, page.invitations, "the pending invitations", controller)) return;
    std::vector<const api::Invitation*> waiting;
    for (const api::Invitation& invitation : *page.invitations.value) {
        // Accepted and replaced ones are history; an expired one is what people resend.
        if (invitation.status == "pending" || invitation.status == "expired") {
            waiting.push_back(&invitation);
        }
    }
    if (waiting.empty()) {
        EmptyState(state, "No invitation is waiting for an answer.",
                   "Invitations sent with Invite wait here until they are accepted.");
    } else {
        ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                ImGuiTableFlags_SizingStretchProp;
        if (ImGui::BeginTable("invitations", 5, flags)) {
            ImGui::TableSetupColumn(tr("Email"), 0, 1.4f);
            ImGui::TableSetupColumn(tr("Role"), 0, 0.6f);
            ImGui::TableSetupColumn(tr("Status"), 0, 0.6f);
            ImGui::TableSetupColumn(tr("Expires"), 0, 0.8f);
            ImGui::TableSetupColumn("##actions", ImGuiTableColumnFlags_WidthFixed, kActionsWidth);
            ImGui::TableHeadersRow();
            std::string why_not = ReadOnlyReason(state);
            for (const api::Invitation* invitation : waiting) {
                ImGui::PushID(static_cast<int>(invitation->id));
                ImGui::TableNextRow();
                TextCell(invitation->email);
                TextCell(RoleLabel(tr, invitation->role));
                TextCell(invitation->status == "expired" ? tr("Expired") : tr("Pending"));
                TextCell(DateOf(tr, invitation->expires_at));
                ImGui::TableNextColumn();
                ImGui::BeginDisabled(page.resend.busy());
                if (ActionButton(tr("Resend"), why_not)) Resend(state, controller, *invitation);
                ImGui::EndDisabled();
                ImGui::PopID();
            }
            ImGui::EndTable();
        }
    }
    SubmissionError(state, page.resend);
}

void SendInvitation(AppState& state, AppController& controller) {
    PeoplePageState& page = state.people_page;
    std::string email = page.invite_email;
    page.notice.clear();
    NewChange(page.invite);
    controller.Submit(
        page.invite, "POST", AccountPath(state.account.id, "/invitations"),
        {{"email", email}, {"role", page.invite_admin ? "admin" : "readonly"}},
        [&state, &controller, email](const api::Result<api::Json>& result) {
            if (!result.ok()) return;
            PeoplePageState& page = state.people_page;
            page.notice = Format(state.tr("Invitation sent to {0}."), {email});
            controller.Announce(page.notice, false);
            page.invite_email[0] = 0;
            page.invite_admin = false;
            page.CloseDialog();
            LoadInvitations(state, controller);
        },
        /*reload_account=*/false);
}

void DrawInviteDialog(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    PeoplePageState& page = state.people_page;
    std::string title = std::string(tr("Invite someone")) + "###invite";
    if (!BeginDialog(title.c_str(), page.dialog == PeopleDialog::Invite, 480.0f)) return;
    ImGui::PushTextWrapPos(0.0f);
    MutedText(
        tr("They get an email with a link to join this account; the link works for 30 days."));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    bool busy = page.invite.busy();
    ImGui::BeginDisabled(busy);
    if (page.focus_dialog) {
        ImGui::SetKeyboardFocusHere();
        page.focus_dialog = false;
    }
    bool enter =
        LabeledInput(tr("Email"), "##invite-email", page.invite_email, sizeof page.invite_email,
                     ImGuiInputTextFlags_EnterReturnsTrue | kRequiredField);
    bool ready = page.invite_email[0] != 0;
    if (page.invite_incomplete && !ready) {
        FieldErrorText(tr("Enter an email address."));
    } else {
        FieldErrorText(page.invite, "email");
    }
    ImGui::Spacing();
    TextItem(tr("Role"));
    RoleChoice(tr, page.invite_admin);
    FieldErrorText(page.invite, "role");
    ImGui::Spacing();
    bool send = ImGui::Button(busy ? tr("Sending…") : tr("Send invitation"));
    NameLastItem(tr("Send invitation"));
    ImGui::SameLine();
    bool cancel = ImGui::Button(tr("Cancel"));
    ImGui::EndDisabled();
    enter |= EnterPressed() && ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows);
    if ((send || enter) && !busy) {
        page.invite_incomplete = !ready;
        if (ready) SendInvitation(state, controller);
    }
    FormError(state, page.invite, {"email", "role"});
    if (cancel || EscapePressed()) {
        page.CloseDialog();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Partner delegations

void Revoke(AppState& state, AppController& controller, const api::Delegation& delegation) {
    PeoplePageState& page = state.people_page;
    page.notice.clear();
    std::string name = delegation.partner_name;
    NewChange(page.revoke);
    controller.Submit(
        page.revoke, "DELETE",
        AccountPath(state.account.id, "/delegations/") + std::to_string(delegation.partner_org_id),
        nullptr,
        [&state, &controller, name](const api::Result<api::Json>& result) {
            state.people_page.confirm_revoke = 0;
            if (!result.ok()) return;
            state.people_page.notice = Format(state.tr("The access of {0} was revoked."), {name});
            controller.Announce(state.people_page.notice, false);
            LoadDelegations(state, controller);
        },
        /*reload_account=*/false);
}

void DrawDelegations(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    PeoplePageState& page = state.people_page;
    std::string why_not = ReadOnlyReason(state);
    if (HeadingWithAction(state, tr("Partner access"), tr("Grant access"), why_not)) {
        page.dialog = PeopleDialog::Grant;
        page.focus_dialog = true;
        page.grant_incomplete = false;
        page.grant.Clear();
        page.notice.clear();
    }
    if (!DrawRemoteStatus(state, page.delegations, "partner access", controller)) return;
    const api::Delegation* confirming = nullptr;
    if (page.delegations.value->empty()) {
        EmptyState(state, "No partner organisation has access to this account.",
                   "A partner (your reseller or service provider) can manage this account once "
                   "you grant it access with Grant access.");
    } else {
        ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                ImGuiTableFlags_SizingStretchProp;
        if (ImGui::BeginTable("delegations", 3, flags)) {
            ImGui::TableSetupColumn(tr("Partner"), 0, 1.6f);
            ImGui::TableSetupColumn(tr("Role"), 0, 0.8f);
            ImGui::TableSetupColumn("##actions", ImGuiTableColumnFlags_WidthFixed, kActionsWidth);
            ImGui::TableHeadersRow();
            for (const api::Delegation& delegation : *page.delegations.value) {
                ImGui::PushID(static_cast<int>(delegation.partner_org_id));
                ImGui::TableNextRow();
                TextCell(delegation.partner_name);
                TextCell(RoleLabel(tr, delegation.role));
                ImGui::TableNextColumn();
                ImGui::BeginDisabled(page.revoke.busy());
                if (ActionButton(tr("Revoke"), why_not)) {
                    page.confirm_revoke = delegation.partner_org_id;
                    page.revoke.Clear();
                    page.notice.clear();
                }
                ImGui::EndDisabled();
                if (page.confirm_revoke == delegation.partner_org_id) confirming = &delegation;
                ImGui::PopID();
            }
            ImGui::EndTable();
        }
    }
    if (confirming) {
        ImGui::Spacing();
        ImGui::AlignTextToFramePadding();
        TextItem(
            Format(tr("Revoke the access of {0} to this account?"), {confirming->partner_name}));
        ImGui::BeginDisabled(page.revoke.busy());
        if (ActionButton(tr("Revoke access"), why_not)) Revoke(state, controller, *confirming);
        ImGui::SameLine();
        if (ImGui::Button((std::string(tr("Cancel")) + "##revoke").c_str()) ||
            (page.dialog == PeopleDialog::None && page.confirm_remove == 0 && EscapePressed())) {
            page.confirm_revoke = 0;
        }
        ImGui::EndDisabled();
    }
    SubmissionError(state, page.revoke);
}

// The code the grant is for, as typed; empty when nothing is.
std::string GrantCode(const PeoplePageState& page) {
    std::string code = page.grant_partner_code;
    size_t begin = code.find_first_not_of(" \t");
    if (begin == std::string::npos) return {};
    return code.substr(begin, code.find_last_not_of(" \t") - begin + 1);
}

void SendGrant(AppState& state, AppController& controller, const std::string& code) {
    PeoplePageState& page = state.people_page;
    page.notice.clear();
    NewChange(page.grant);
    controller.Submit(
        page.grant, "POST", AccountPath(state.account.id, "/delegations"),
        {{"partnerCode", code}, {"role", page.grant_admin ? "admin" : "readonly"}},
        [&state, &controller](const api::Result<api::Json>& result) {
            if (!result.ok()) return;
            PeoplePageState& page = state.people_page;
            std::string granted = result.value.contains("delegation")
                                      ? result.value["delegation"].value("partnerName", "")
                                      : "";
            page.notice = Format(state.tr("{0} now has access to this account."), {granted});
            controller.Announce(page.notice, false);
            page.grant_partner_code[0] = 0;
            page.grant_admin = false;
            page.CloseDialog();
            LoadDelegations(state, controller);
        },
        /*reload_account=*/false);
}

void DrawGrantDialog(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    PeoplePageState& page = state.people_page;
    std::string title = std::string(tr("Grant a partner access")) + "###grant";
    if (!BeginDialog(title.c_str(), page.dialog == PeopleDialog::Grant, 520.0f)) return;
    ImGui::PushTextWrapPos(0.0f);
    MutedText(
        tr("The partner's people manage this account with the role you choose, until you "
           "revoke it."));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    bool busy = page.grant.busy();
    ImGui::BeginDisabled(busy);
    if (page.focus_dialog) {
        ImGui::SetKeyboardFocusHere();
        page.focus_dialog = false;
    }
    LabeledInput(tr("Partner code"), "##partner-code", page.grant_partner_code,
                 sizeof page.grant_partner_code,
                 ImGuiInputTextFlags_CharsUppercase | kRequiredField);
    std::string code = GrantCode(page);
    // An unknown code answers 404, exactly like a missing partner: say it in words.
    bool unknown_code = page.grant.failed() && page.grant.failure == api::Failure::Http &&
                        page.grant.error.status == 404;
    const std::string* refused = page.grant.FieldError("partnerCode");
    // The field says its error itself; the hint stays between it and the error's text.
    MarkInvalid(page.grant_incomplete && code.empty() ? tr("Enter the partner code first.")
                : unknown_code                        ? tr("No partner organisation has this code.")
                : refused                             ? refused->c_str()
                                                      : "");
    ImGui::PushTextWrapPos(0.0f);
    MutedText(
        tr("Ask your partner for its partner code (P-XXXX-XXXX): its people see it in the "
           "portal. Giving it to you is how the partner agrees to manage this account."));
    ImGui::PopTextWrapPos();
    if (page.grant_incomplete && code.empty()) ErrorText(tr("Enter the partner code first."));
    if (unknown_code) ErrorText(tr("No partner organisation has this code."));
    if (refused) ErrorText(*refused);
    ImGui::Spacing();
    TextItem(tr("Role"));
    RoleChoice(tr, page.grant_admin);
    FieldErrorText(page.grant, "role");
    ImGui::Spacing();
    bool send = ImGui::Button(busy ? tr("Sending…") : tr("Grant"));
    NameLastItem(tr("Grant"));
    ImGui::SameLine();
    bool cancel = ImGui::Button(tr("Cancel"));
    ImGui::EndDisabled();
    bool enter = EnterPressed() && ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows);
    if ((send || enter) && !busy) {
        page.grant_incomplete = code.empty();
        if (!code.empty()) SendGrant(state, controller, code);
    }
    if (!unknown_code) FormError(state, page.grant, {"partnerCode", "role"});
    if (cancel || EscapePressed()) {
        page.CloseDialog();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace

std::span<const TextPair> PeopleTexts() {
    return kTexts;
}

void DrawPeoplePage(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    PeoplePageState& page = state.people_page;
    LoadLists(state, controller);

    HeadingItem(state, tr("People & access"), 1);
    MutedText(tr("Who can see and change this account, and which partners manage it with you."));
    if (!page.notice.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().ok);
        TextItem(page.notice);
        ImGui::PopStyleColor();
    }
    if (std::string filter = state.TakeRouteFilter(Page::People); !filter.empty()) {
        page.route_filter = std::move(filter);
    }
    if (!page.route_filter.empty() && DrawFilterChip(state, controller, page.route_filter)) {
        page.route_filter.clear();
    }
    ImGui::Spacing();
    if (page.route_filter.empty()) {  // ?filter=pending: the invitations come first
        DrawMembers(state, controller);
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::Spacing();
    }
    if (!state.CanEdit()) {
        ImGui::PushTextWrapPos(0.0f);
        MutedText(
            tr("Only the admins of this account see its pending invitations and partner "
               "access."));
        ImGui::PopTextWrapPos();
    } else {
        DrawInvitations(state, controller);
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::Spacing();
        DrawDelegations(state, controller);
    }
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    DrawSsoSection(state, controller);

    DrawInviteDialog(state, controller);
    DrawGrantDialog(state, controller);
}

}  // namespace portal::app
