// A support ticket (issue 14, R-SUP-1, R-SUP-2) at #/support/<id>?account=<id>, the link of the
// ticket mails: its header (number, subject, status, severity, service level, due times,
// breached), the changes the caller may make (a customer's admin: resolve, close, reopen; the
// vendor's support: any move, the assignee), the severity, the conversation with its reply box
// (operators see internal notes set apart and may write them; customers never receive them),
// followers (anyone follows; admins and operators add and remove members), attachments (uploaded
// with the browser's file dialog, downloaded as the server names them), the snapshot of the room
// as it was when the ticket was opened (its facts, devices, the last 24 hours of status events
// and open alerts, with a link to its current state) and the ticket's activity.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "api/people_json.h"
#include "api/support_json.h"
#include "app/a11y.h"
#include "app/theme.h"
#include "app/views/views.h"
#include "app/widgets.h"
#include "core/alerts.h"

namespace portal::app {

namespace {

using api::TicketSeconds;

constexpr TextPair kTexts[] = {
    // Announced to screen readers when a change succeeds (issue 17).
    {"Ticket updated", "Ticket mis à jour"},
    {"Comment added", "Commentaire ajouté"},
    {"{0} attached", "{0} joint"},
    {"Back to the tickets", "Retour aux tickets"},
    {"the ticket", "le ticket"},
    {"Opened by {0} on {1}", "Ouvert par {0} le {1}"},
    {"Account: {0}", "Compte : {0}"},
    {"Room: {0}", "Salle : {0}"},
    {"Meeting link: {0}", "Lien de réunion : {0}"},
    {"Copy link", "Copier le lien"},
    {"First response due: {0}", "Première réponse attendue : {0}"},
    {"First response: {0}", "Première réponse : {0}"},
    {"Resolution due: {0}", "Résolution attendue : {0}"},
    {"Solved: {0}", "Résolu : {0}"},
    {"Closed: {0}", "Fermé : {0}"},
    {"The clock is paused while the ticket waits on the customer.",
     "Le décompte est en pause tant que le ticket attend le client."},
    {"Assigned to {0}", "Attribué à {0}"},
    {"Not assigned", "Non attribué"},
    {"Assign to me", "M'attribuer"},
    {"Unassign", "Retirer l'attribution"},
    // Status moves
    {"Reopen", "Rouvrir"},
    {"Mark in progress", "Passer en cours"},
    {"Wait on customer", "Attendre le client"},
    {"Resolve", "Résoudre"},
    {"Close ticket", "Fermer le ticket"},
    {"Mark new", "Repasser en nouveau"},
    {"Change severity", "Changer la gravité"},
    // Conversation
    {"Conversation", "Conversation"},
    {"No reply yet.", "Aucune réponse pour l'instant."},
    {"Internal note", "Note interne"},
    {"Vendor support", "Support éditeur"},
    {"Reply", "Réponse"},
    {"Send reply", "Envoyer la réponse"},
    {"Add internal note", "Ajouter la note interne"},
    {"Write a reply first.", "Écrivez d'abord une réponse."},
    {"Only the vendor's support sees internal notes: never the customer.",
     "Seul le support éditeur voit les notes internes, jamais le client."},
    // Followers
    {"Followers", "Abonnés"},
    {"No follower.", "Aucun abonné."},
    {"Follow", "Suivre"},
    {"Unfollow", "Ne plus suivre"},
    {"Add a follower", "Ajouter un abonné"},
    {"Choose a member", "Choisir un membre"},
    {"Add", "Ajouter"},
    {"Remove", "Retirer"},
    {"{0} (you)", "{0} (vous)"},
    {"the members", "les membres"},
    // Attachments
    {"Attachments", "Pièces jointes"},
    {"No attachment.", "Aucune pièce jointe."},
    {"Images, PDF, text, logs and zip files, up to 10 MB each and 20 per ticket.",
     "Images, PDF, texte, journaux et fichiers zip, jusqu'à 10 Mo chacun et 20 par ticket."},
    {"Upload a file…", "Joindre un fichier…"},
    {"Download", "Télécharger"},
    {"Name", "Nom"},
    {"Size", "Taille"},
    {"Uploaded by", "Ajouté par"},
    {"Added", "Ajouté le"},
    {"Uploading {0}…", "Envoi de {0}…"},
    {"{0} is larger than 10 MB: it was not sent.", "{0} dépasse 10 Mo : il n'a pas été envoyé."},
    {"A ticket holds at most 20 files: {0} was not sent.",
     "Un ticket contient au plus 20 fichiers : {0} n'a pas été envoyé."},
    {"{0} bytes", "{0} octets"},
    {"{0} KB", "{0} Ko"},
    {"{0} MB", "{0} Mo"},
    // The snapshot
    {"The room when the ticket was opened", "La salle à l'ouverture du ticket"},
    {"Taken {0}; it never changes afterwards.", "Pris le {0} ; il ne change plus ensuite."},
    {"Current state", "État actuel"},
    {"{0} seats", "{0} places"},
    {"Time zone", "Fuseau horaire"},
    {"Status then: {0}", "Statut alors : {0}"},
    {"Licenses: {0}", "Licences : {0}"},
    {"Entitlements: {0}", "Droits : {0}"},
    {"{0} until {1}", "{0} jusqu'au {1}"},
    {"None", "Aucun"},
    {"Devices", "Appareils"},
    {"No device in the room.", "Aucun appareil dans la salle."},
    {"Serial", "Numéro de série"},
    {"Product", "Produit"},
    {"Purchased", "Acheté le"},
    {"Warranty end", "Fin de garantie"},
    {"Firmware", "Micrologiciel"},
    {"Last seen", "Vu pour la dernière fois"},
    {"Online", "En ligne"},
    {"Offline", "Hors ligne"},
    {"Unknown", "Inconnu"},
    {"In a meeting", "En réunion"},
    {"Occupied", "Occupée"},
    {"Status events of the 24 hours before", "Événements d'état des 24 heures précédentes"},
    {"No status event in the 24 hours before.",
     "Aucun événement d'état dans les 24 heures précédentes."},
    {"Time", "Heure"},
    {"Device", "Appareil"},
    {"Event", "Événement"},
    {"Detail", "Détail"},
    {"Open alerts", "Alertes ouvertes"},
    {"No open alert.", "Aucune alerte ouverte."},
    {"Rule", "Règle"},
    {"Went offline", "Passé hors ligne"},
    {"Came back online", "Revenu en ligne"},
    {"Alert fired", "Alerte déclenchée"},
    {"Alert resolved", "Alerte résolue"},
    {"This ticket names no room: nothing was attached.",
     "Ce ticket ne nomme aucune salle : rien n'a été joint."},
    {"Insights", "Insights"},
    {"Alerts", "Alertes"},
    {"Support", "Support"},
    {"Warranty", "Garantie"},
    {"RMA", "RMA"},
    // Activity
    {"Activity", "Activité"},
    {"The portal", "Le portail"},
    {"{0} opened the ticket", "{0} a ouvert le ticket"},
    {"{0} changed the status from {1} to {2}", "{0} a changé le statut de {1} à {2}"},
    {"{0} changed the severity from {1} to {2}", "{0} a changé la gravité de {1} à {2}"},
    {"{0} assigned the ticket to {1}", "{0} a attribué le ticket à {1}"},
    {"{0} unassigned the ticket", "{0} a retiré l'attribution du ticket"},
    {"{0} replied", "{0} a répondu"},
    {"{0} attached {1}", "{0} a joint {1}"},
    {"{0} added {1} to the followers", "{0} a ajouté {1} aux abonnés"},
    {"{0} removed {1} from the followers", "{0} a retiré {1} des abonnés"},
};

// The contract's limits on attachments.
constexpr size_t kMaxAttachmentBytes = 10 * 1024 * 1024;
constexpr size_t kMaxAttachments = 20;
constexpr const char* kAttachmentTypes =
    "image/*,.pdf,.txt,.log,.zip,application/pdf,text/plain,application/zip";

std::string TicketPath(Id ticket_id, const std::string& rest = {}) {
    return "/api/v1/tickets/" + std::to_string(ticket_id) + rest;
}

std::string TimeText(const Translator& tr, TicketSeconds at) {
    return FormatUtcMinuteIn(tr.language(), at);
}

// A day of the snapshot ("2026-01-10") in the user's words; as it is when it is not a day.
std::string DayText(const Translator& tr, const std::string& day) {
    Date date;
    if (ParseDate(day, date)) return FormatDateIn(tr.language(), date);
    return day;
}

std::string SizeText(const Translator& tr, long long bytes) {
    if (bytes < 1024) return Format(tr("{0} bytes"), {std::to_string(bytes)});
    if (bytes < 1024 * 1024) return Format(tr("{0} KB"), {std::to_string((bytes + 1023) / 1024)});
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", static_cast<double>(bytes) / (1024.0 * 1024.0));
    std::string number = text;
    if (tr.french()) std::replace(number.begin(), number.end(), '.', ',');
    return Format(tr("{0} MB"), {number});
}

// A person's name, or who they are when nameless.
std::string NameOf(const Translator& tr, const api::TicketPerson& person) {
    if (person.id == 0) return tr("The portal");
    if (!person.name.empty()) return person.name;
    if (!person.email.empty()) return person.email;
    return "#" + std::to_string(person.id);
}

Id MyId(const AppState& state) {
    return state.me.value ? static_cast<Id>(state.me.value->user.id) : 0;
}

// Replies, notes, status, attachments, followers of others: the account's admins and the
// vendor's support. "" when the caller may; else why not.
std::string WriteReason(const AppState& state) {
    if (state.IsOperator()) return {};
    return ReadOnlyReason(state);
}

// [SECTION] Loading and changes

void LoadTicket(AppState& state, AppController& controller, Id ticket_id) {
    TicketPageState& page = state.support_page.page;
    if (page.id != ticket_id) {
        page.Reset();
        page.id = ticket_id;
    }
    bool asked = page.ticket.status != RequestStatus::Idle;
    if (asked && (page.ticket.loading() || !page.stale)) return;
    page.stale = false;
    controller.Fetch(page.ticket, TicketPath(ticket_id), &api::TicketFromJson);
}

// After a change: the ticket (and the lists it appears in) read again.
void Changed(AppState& state) {
    state.support_page.page.stale = true;
    state.support_page.list.stale = true;
    state.support_queue.queue.stale = true;
}

void Patch(AppState& state, AppController& controller, const api::Ticket& ticket,
           const api::TicketPatch& patch, std::string changing) {
    TicketPageState& page = state.support_page.page;
    if (page.change.busy()) return;
    // Another control, or the server refused the last attempt: a new change with a new key.
    if (page.changing != changing ||
        (page.change.failed() && page.change.failure != api::Failure::Network)) {
        page.change.Clear();
    }
    page.changing = std::move(changing);
    controller.Submit(
        page.change, "PATCH", TicketPath(ticket.id), api::TicketPatchToJson(patch),
        [&state, &controller](const api::Result<api::Json>& result) {
            if (!result.ok()) return;
            controller.Announce(state.tr("Ticket updated"), false);
            Changed(state);
        },
        /*reload_account=*/false);
}

// Follow, unfollow, add or remove a follower: one at a time.
void ChangeFollower(AppState& state, AppController& controller, Id ticket_id, bool add,
                    Id user_id) {
    TicketPageState& page = state.support_page.page;
    if (page.follow.busy()) return;
    page.follow.Clear();
    auto done = [&state](const api::Result<api::Json>& result) {
        if (result.ok()) Changed(state);
    };
    if (add) {
        api::Json body = api::Json::object();
        if (user_id != MyId(state)) body["userId"] = user_id;
        controller.Submit(page.follow, "POST", TicketPath(ticket_id, "/followers"), std::move(body),
                          done, /*reload_account=*/false);
    } else {
        controller.Submit(page.follow, "DELETE",
                          TicketPath(ticket_id, "/followers/" + std::to_string(user_id)), nullptr,
                          done, /*reload_account=*/false);
    }
}

void SendReply(AppState& state, AppController& controller, Id ticket_id) {
    TicketPageState& page = state.support_page.page;
    api::CommentRequest request;
    request.body = page.reply;
    request.internal = page.internal && state.IsOperator();
    NewChange(page.send_reply);
    controller.Submit(
        page.send_reply, "POST", TicketPath(ticket_id, "/comments"),
        api::CommentRequestToJson(request),
        [&state, &controller](const api::Result<api::Json>& result) {
            if (!result.ok()) return;  // the reply stays as typed
            controller.Announce(state.tr("Comment added"), false);
            TicketPageState& page = state.support_page.page;
            std::string().swap(page.reply);
            page.internal = false;
            Changed(state);
        },
        /*reload_account=*/false);
}

// The file picked in the browser's dialog, checked against the contract's limits first (the
// server checks them again, and the content's type).
void Upload(AppState& state, AppController& controller, Id ticket_id, size_t attachments) {
    controller.PickFile(kAttachmentTypes, [&state, &controller, ticket_id, attachments](
                                              std::string name, std::string bytes) {
        TicketPageState& page = state.support_page.page;
        if (page.id != ticket_id || page.upload.busy()) return;  // another ticket by now
        page.upload_name = name;
        page.upload_refusal.clear();
        page.upload.Clear();
        if (bytes.size() > kMaxAttachmentBytes) {
            page.upload_refusal = "{0} is larger than 10 MB: it was not sent.";
            return;
        }
        if (attachments >= kMaxAttachments) {
            page.upload_refusal = "A ticket holds at most 20 files: {0} was not sent.";
            return;
        }
        controller.SubmitText(
            page.upload, "POST", TicketPath(ticket_id, "/attachments?name=" + QueryEscape(name)),
            "application/octet-stream", std::move(bytes),
            [&state, &controller](const api::Result<api::Json>& result) {
                if (!result.ok()) return;
                TicketPageState& page = state.support_page.page;
                controller.Announce(Format(state.tr("{0} attached"), {page.upload_name}), false);
                page.upload_name.clear();
                Changed(state);
            });
    });
}

// [SECTION] The header

const char* MoveLabel(support::TicketStatus from, support::TicketStatus to) {
    switch (to) {
        case support::TicketStatus::New:
            return "Mark new";
        case support::TicketStatus::InProgress:
            return from == support::TicketStatus::Resolved || from == support::TicketStatus::Closed
                       ? "Reopen"
                       : "Mark in progress";
        case support::TicketStatus::WaitingOnCustomer:
            return "Wait on customer";
        case support::TicketStatus::Resolved:
            return "Resolve";
        case support::TicketStatus::Closed:
            return "Close ticket";
    }
    return "";
}

void DrawStatusActions(AppState& state, AppController& controller, const api::Ticket& ticket) {
    const Translator& tr = state.tr;
    TicketPageState& page = state.support_page.page;
    support::Actor actor = state.IsOperator() ? support::Actor::Support : support::Actor::Customer;
    std::string why_not = WriteReason(state);
    bool first = true;
    for (support::TicketStatus to : StatusMoves(ticket.status, actor)) {
        if (!first) ImGui::SameLine();
        first = false;
        std::string id = support::StatusId(to);
        if (page.change.busy() && page.changing == id) {
            Spinner(controller.Now());
            continue;
        }
        std::string reason = why_not.empty() && page.change.busy() ? " " : why_not;
        if (ActionButton(tr(MoveLabel(ticket.status, to)), reason)) {
            api::TicketPatch patch;
            patch.status = to;
            Patch(state, controller, ticket, patch, id);
        }
    }
    if (!first) ImGui::SameLine(0, 24.0f);
    // The severity: its targets, and so the due times, follow it.
    // The label is drawn, not published: the combo itself carries its name.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("Change severity"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(160.0f);
    ImGui::BeginDisabled(!why_not.empty() || page.change.busy());
    if (ImGui::BeginCombo("##ticket-severity", tr(TicketSeverityLabel(ticket.severity)))) {
        for (support::Severity severity : {support::Severity::Critical, support::Severity::High,
                                           support::Severity::Normal, support::Severity::Low}) {
            if (ImGui::Selectable(tr(TicketSeverityLabel(severity)), severity == ticket.severity) &&
                severity != ticket.severity) {
                api::TicketPatch patch;
                patch.severity = severity;
                Patch(state, controller, ticket, patch, "severity");
            }
        }
        ImGui::EndCombo();
    }
    ImGui::EndDisabled();
    NameLastItem(tr("Change severity"));
    if (state.IsOperator()) {
        ImGui::SameLine(0, 24.0f);
        Id me = MyId(state);
        bool mine = ticket.assignee && ticket.assignee->id == me;
        std::string busy = page.change.busy() ? " " : "";
        if (!mine && ActionButton(tr("Assign to me"), busy)) {
            api::TicketPatch patch;
            patch.has_assignee = true;
            patch.assignee_id = me;
            Patch(state, controller, ticket, patch, "assignee");
        }
        if (ticket.assignee) {
            if (!mine) ImGui::SameLine();
            if (ActionButton(tr("Unassign"), busy)) {
                api::TicketPatch patch;
                patch.has_assignee = true;
                Patch(state, controller, ticket, patch, "assignee");
            }
        }
    }
    SubmissionError(state, page.change);
}

void DrawHeader(AppState& state, AppController& controller, const api::Ticket& ticket) {
    const Translator& tr = state.tr;
    double now = controller.EpochSeconds();
    HeadingItem(state, (TicketNumber(ticket) + " · " + ticket.subject).c_str(), 1);
    TicketSeverityBadge(tr, ticket.severity);
    ImGui::SameLine(0, 12.0f);
    TextItem(tr(TicketStatusLabel(ticket.status)));
    ImGui::SameLine(0, 12.0f);
    MutedText(Format(tr("Service level: {0}"), {tr(ServiceLevelLabel(ticket.service_level))}));
    if (!DueText(tr, ticket, now).empty()) {
        ImGui::SameLine(0, 12.0f);
        DrawDue(tr, ticket, now);
    }
    MutedText(Format(tr("Opened by {0} on {1}"),
                     {NameOf(tr, ticket.requester), TimeText(tr, ticket.created_at)}));
    if (state.IsOperator() && !ticket.account_name.empty()) {
        TextItem(Format(tr("Account: {0}"), {ticket.account_name}));
    }
    if (ticket.room_id != 0) {
        ImGui::AlignTextToFramePadding();
        TextItem(Format(
            tr("Room: {0}"),
            {ticket.room_name.empty() ? "#" + std::to_string(ticket.room_id) : ticket.room_name}));
    }
    if (!ticket.meeting_link.empty()) {
        ImGui::AlignTextToFramePadding();
        TextItem(Format(tr("Meeting link: {0}"), {ticket.meeting_link}));
        ImGui::SameLine();
        if (CompactButton(tr("Copy link"))) controller.CopyText(ticket.meeting_link);
    }

    // Due times: what is owed, by when, and what was done.
    if (ticket.first_responded_at) {
        MutedText(Format(tr("First response: {0}"), {TimeText(tr, *ticket.first_responded_at)}));
    } else if (ticket.first_response_due_at > 0 && support::IsOpen(ticket.status)) {
        TextItem(
            Format(tr("First response due: {0}"), {TimeText(tr, ticket.first_response_due_at)}));
    }
    if (ticket.closed_at) {
        MutedText(Format(tr("Closed: {0}"), {TimeText(tr, *ticket.closed_at)}));
    } else if (ticket.resolved_at) {
        MutedText(Format(tr("Solved: {0}"), {TimeText(tr, *ticket.resolved_at)}));
    } else if (ticket.resolution_due_at > 0) {
        TextItem(Format(tr("Resolution due: {0}"), {TimeText(tr, ticket.resolution_due_at)}));
    }
    if (ticket.paused && support::IsOpen(ticket.status)) {
        MutedText(tr("The clock is paused while the ticket waits on the customer."));
    }
    MutedText(ticket.assignee ? Format(tr("Assigned to {0}"), {NameOf(tr, *ticket.assignee)})
                              : std::string(tr("Not assigned")));
    ImGui::Spacing();
    DrawStatusActions(state, controller, ticket);
    if (!ticket.description.empty()) {
        ImGui::Spacing();
        TextItem(tr("Description"));
        ImGui::PushTextWrapPos(0.0f);
        TextItem(ticket.description);
        ImGui::PopTextWrapPos();
    }
}

// [SECTION] The conversation

void DrawComment(const AppState& state, const api::TicketComment& comment) {
    const Translator& tr = state.tr;
    ImGui::PushID(static_cast<int>(comment.id));
    // An internal note is set apart (a tinted box and its name), for the operators who see it.
    if (comment.internal) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::Colors().internal_note_background);
    } else {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::Colors().nav_background);
    }
    ImGui::BeginChild("comment", ImVec2(0, 0),
                      ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY |
                          ImGuiChildFlags_AlwaysUseWindowPadding);
    TextItem(NameOf(tr, comment.author));
    if (comment.author.support) {
        ImGui::SameLine();
        Badge(tr("Vendor support"), theme::Colors().sky_blue);
    }
    if (comment.internal) {
        ImGui::SameLine();
        Badge(tr("Internal note"), theme::Colors().yellow);
    }
    ImGui::SameLine();
    MutedText(TimeText(tr, comment.created_at));
    ImGui::PushTextWrapPos(0.0f);
    TextItem(comment.body);
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::PopID();
}

void DrawConversation(AppState& state, AppController& controller, const api::Ticket& ticket) {
    TicketPageState& page = state.support_page.page;
    const Translator& tr = state.tr;
    TextItem(tr("Conversation"));
    if (ticket.comments.empty()) MutedText(tr("No reply yet."));
    for (const api::TicketComment& comment : ticket.comments) DrawComment(state, comment);
    ImGui::Spacing();

    std::string why_not = WriteReason(state);
    ImGui::BeginDisabled(!why_not.empty());
    LabeledMultiline(tr("Reply"), "##ticket-reply", page.reply, 90.0f);
    const std::string* refused = page.send_reply.FieldError("body");
    if (refused) MarkInvalid(*refused);  // its text is drawn under the note's checkbox
    if (state.IsOperator()) {
        ImGui::Checkbox(tr("Internal note"), &page.internal);
        ImGui::SameLine();
        MutedText(tr("Only the vendor's support sees internal notes: never the customer."));
    }
    ImGui::EndDisabled();
    if (refused) ErrorText(*refused);
    if (page.send_reply.busy()) {
        Spinner(controller.Now());
    } else {
        std::string reason = why_not;
        if (reason.empty() && TrimmedText(page.reply.c_str()).empty()) {
            reason = tr("Write a reply first.");
        }
        const char* label =
            page.internal && state.IsOperator() ? "Add internal note" : "Send reply";
        if (ActionButton(tr(label), reason)) SendReply(state, controller, ticket.id);
    }
    SubmissionError(state, page.send_reply);
}

// [SECTION] Followers

void LoadMembers(AppState& state, AppController& controller, Id account_id) {
    TicketPageState& page = state.support_page.page;
    if (page.members_for == account_id) return;
    page.members_for = account_id;
    controller.Fetch(page.members, AccountPath(account_id, "/members"), &api::MembersFromJson);
}

void DrawFollowers(AppState& state, AppController& controller, const api::Ticket& ticket) {
    TicketPageState& page = state.support_page.page;
    const Translator& tr = state.tr;
    Id me = MyId(state);
    bool manages = WriteReason(state).empty();  // admins and operators: any member
    std::string busy = page.follow.busy() ? " " : "";
    TextItem(tr("Followers"));
    if (ticket.followers.empty()) MutedText(tr("No follower."));
    for (const api::TicketPerson& follower : ticket.followers) {
        ImGui::PushID(static_cast<int>(follower.id));
        ImGui::AlignTextToFramePadding();
        std::string name = NameOf(tr, follower);
        TextItem(follower.id == me ? Format(tr("{0} (you)"), {name}) : name);
        if (manages && follower.id != me) {
            ImGui::SameLine();
            if (ActionButton(tr("Remove"), busy)) {
                ChangeFollower(state, controller, ticket.id, false, follower.id);
            }
        }
        ImGui::PopID();
    }
    // Anyone who reads the ticket may follow it (R-SUP-1): read-only members too.
    bool following = ticket.IsFollower(me);
    if (ActionButton(tr(following ? "Unfollow" : "Follow"), busy)) {
        ChangeFollower(state, controller, ticket.id, !following, me);
    }
    if (manages) {
        LoadMembers(state, controller, ticket.account_id);
        ImGui::SameLine(0, 24.0f);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr("Add a follower"));
        ImGui::SameLine();
        std::string preview = tr("Choose a member");
        if (page.members.value) {
            for (const api::Member& member : *page.members.value) {
                if (member.user_id == page.follower_pick) {
                    preview = member.name.empty() ? member.email : member.name;
                }
            }
        }
        ImGui::SetNextItemWidth(240.0f);
        if (ImGui::BeginCombo("##follower-pick", preview.c_str())) {
            if (page.members.value) {
                for (const api::Member& member : *page.members.value) {
                    if (ticket.IsFollower(member.user_id)) continue;
                    ImGui::PushID(static_cast<int>(member.user_id));
                    std::string label =
                        member.name.empty() ? member.email : member.name + " · " + member.email;
                    if (ImGui::Selectable(label.c_str(), member.user_id == page.follower_pick)) {
                        page.follower_pick = member.user_id;
                    }
                    ImGui::PopID();
                }
            }
            ImGui::EndCombo();
        }
        NameLastItem(tr("Add a follower"));
        ImGui::SameLine();
        std::string reason = busy.empty() && page.follower_pick == 0 ? " " : busy;
        if (ActionButton(tr("Add"), reason)) {
            ChangeFollower(state, controller, ticket.id, true, page.follower_pick);
            page.follower_pick = 0;
        }
        if (page.members.status == RequestStatus::Failed) {
            DrawRemoteStatus(state, page.members, "the members", controller);
        }
    }
    // Under the picker and its button: drawn, not said by the field.
    if (const std::string* refused = page.follow.FieldError("userId")) ErrorText(*refused);
    SubmissionError(state, page.follow);
}

// [SECTION] Attachments

void DrawAttachments(AppState& state, AppController& controller, const api::Ticket& ticket) {
    TicketPageState& page = state.support_page.page;
    const Translator& tr = state.tr;
    TextItem(tr("Attachments"));
    if (ticket.attachments.empty()) {
        MutedText(tr("No attachment."));
    } else if (BeginListTable(
                   tr, "attachments",
                   {{"Name", 2.0f}, {"Size", 0.6f}, {"Uploaded by", 1.2f}, {"Added", 1.2f}},
                   130.0f)) {
        for (const api::TicketAttachment& attachment : ticket.attachments) {
            ImGui::PushID(static_cast<int>(attachment.id));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            TextItem(attachment.name);
            ImGui::TableNextColumn();
            TextItem(SizeText(tr, attachment.size));
            ImGui::TableNextColumn();
            TextItem(NameOf(tr, attachment.uploaded_by));
            ImGui::TableNextColumn();
            if (attachment.created_at > 0) TextItem(TimeText(tr, attachment.created_at));
            ImGui::TableNextColumn();
            if (ImGui::Button(tr("Download"))) {
                controller.DownloadUrl("/api/v1/attachments/" + std::to_string(attachment.id));
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (page.upload.busy()) {
        Spinner(controller.Now());
        ImGui::SameLine();
        MutedText(Format(tr("Uploading {0}…"), {page.upload_name}));
    } else if (ActionButton(tr("Upload a file…"), WriteReason(state))) {
        Upload(state, controller, ticket.id, ticket.attachments.size());
    }
    ImGui::SameLine();
    MutedText(tr("Images, PDF, text, logs and zip files, up to 10 MB each and 20 per ticket."));
    if (!page.upload_refusal.empty()) {
        ErrorText(Format(tr(page.upload_refusal.c_str()), {page.upload_name}));
    }
    SubmissionError(state, page.upload);
}

// [SECTION] The snapshot

const char* RoomStateLabel(const std::string& status) {
    if (status == "offline") return "Offline";
    if (status == "free") return "Free";
    if (status == "meeting") return "In a meeting";
    if (status == "occupied") return "Occupied";
    return "Unknown";
}

const char* DeviceStateLabel(const std::string& status) {
    if (status == "online") return "Online";
    if (status == "offline") return "Offline";
    return "Unknown";
}

// A status event's kind in words; nullptr for a kind this portal does not know yet (shown as the
// server names it).
const char* EventKindLabel(const std::string& kind) {
    if (kind == "device_offline" || kind == "offline") return "Went offline";
    if (kind == "device_online" || kind == "online") return "Came back online";
    if (kind == "alert_firing") return "Alert fired";
    if (kind == "alert_resolved") return "Alert resolved";
    return nullptr;
}

const char* EntitlementLabel(const std::string& entitlement) {
    if (entitlement == "insights") return "Insights";
    if (entitlement == "alerts") return "Alerts";
    if (entitlement == "support") return "Support";
    if (entitlement == "warranty") return "Warranty";
    if (entitlement == "rma") return "RMA";
    return nullptr;
}

std::string ProgramName(const AppState& state, const std::string& program) {
    return CatalogueLabel(state, kProgramLabels, program);
}

void DrawSnapshotDevices(const AppState& state, const api::TicketSnapshot& snapshot) {
    const Translator& tr = state.tr;
    TextItem(tr("Devices"));
    if (snapshot.devices.empty()) {
        MutedText(tr("No device in the room."));
        return;
    }
    if (!BeginListTable(tr, "snapshot-devices",
                        {{"Serial", 1.1f},
                         {"Product", 1.1f},
                         {"Purchased", 0.9f},
                         {"Warranty end", 0.9f},
                         {"Status", 0.7f},
                         {"Firmware", 0.8f},
                         {"Last seen", 1.1f}})) {
        return;
    }
    int row = 0;
    for (const api::SnapshotDevice& device : snapshot.devices) {
        ImGui::PushID(row++);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        TextItem(device.serial);
        ImGui::TableNextColumn();
        TextItem(device.product_name.empty() ? device.product : device.product_name);
        ImGui::TableNextColumn();
        TextItem(DayText(tr, device.purchase_date));
        ImGui::TableNextColumn();
        TextItem(device.warranty_end.empty() ? std::string("—") : DayText(tr, device.warranty_end));
        ImGui::TableNextColumn();
        TextItem(tr(DeviceStateLabel(device.status)));
        ImGui::TableNextColumn();
        TextItem(device.firmware.empty() ? std::string("—") : device.firmware);
        ImGui::TableNextColumn();
        TextItem(device.last_seen ? TimeText(tr, *device.last_seen) : std::string("—"));
        ImGui::PopID();
    }
    ImGui::EndTable();
}

void DrawSnapshotEvents(const AppState& state, const api::TicketSnapshot& snapshot) {
    const Translator& tr = state.tr;
    TextItem(tr("Status events of the 24 hours before"));
    if (snapshot.events.empty()) {
        MutedText(tr("No status event in the 24 hours before."));
        return;
    }
    if (!BeginListTable(tr, "snapshot-events",
                        {{"Time", 1.0f}, {"Device", 1.0f}, {"Event", 0.9f}, {"Detail", 2.0f}})) {
        return;
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(snapshot.events.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const api::SnapshotEvent& event = snapshot.events[static_cast<size_t>(i)];
            ImGui::PushID(i);
            ImGui::TableNextRow();
            a11y::TableRow(i, static_cast<int>(snapshot.events.size()));
            ImGui::TableNextColumn();
            TextItem(TimeText(tr, event.at));
            ImGui::TableNextColumn();
            TextItem(event.serial.empty() ? std::string("—") : event.serial);
            ImGui::TableNextColumn();
            const char* kind = EventKindLabel(event.kind);
            TextItem(kind ? std::string(tr(kind)) : event.kind);
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(0.0f);
            TextItem(event.detail);
            ImGui::PopTextWrapPos();
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

void DrawSnapshotAlerts(const AppState& state, const api::TicketSnapshot& snapshot) {
    const Translator& tr = state.tr;
    TextItem(tr("Open alerts"));
    if (snapshot.alerts.empty()) {
        MutedText(tr("No open alert."));
        return;
    }
    if (!BeginListTable(tr, "snapshot-alerts",
                        {{"Event", 1.4f},
                         {"Severity", 0.8f},
                         {"Status", 0.8f},
                         {"Device", 0.9f},
                         {"Time", 1.1f},
                         {"Rule", 1.4f}})) {
        return;
    }
    for (const api::SnapshotAlert& alert : snapshot.alerts) {
        ImGui::PushID(static_cast<int>(alert.id));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        alerts::Condition condition;
        TextItem(alerts::ParseCondition(alert.condition, condition)
                     ? std::string(tr(ConditionLabel(condition)))
                     : alert.condition);
        ImGui::TableNextColumn();
        alerts::Severity severity;
        TextItem(alerts::ParseSeverity(alert.severity, severity)
                     ? std::string(tr(SeverityLabel(severity)))
                     : alert.severity);
        ImGui::TableNextColumn();
        TextItem(alert.state == "acknowledged" ? tr("Acknowledged")
                 : alert.state == "firing"     ? tr("Firing")
                                               : alert.state.c_str());
        ImGui::TableNextColumn();
        TextItem(alert.serial.empty() ? std::string("—") : alert.serial);
        ImGui::TableNextColumn();
        TextItem(alert.since ? TimeText(tr, *alert.since) : std::string("—"));
        ImGui::TableNextColumn();
        TextItem(alert.rule_name);
        ImGui::PopID();
    }
    ImGui::EndTable();
}

void DrawSnapshot(AppState& state, AppController& controller, const api::Ticket& ticket) {
    const Translator& tr = state.tr;
    TextItem(tr("The room when the ticket was opened"));
    if (!ticket.snapshot) {
        MutedText(tr("This ticket names no room: nothing was attached."));
        return;
    }
    const api::TicketSnapshot& snapshot = *ticket.snapshot;
    const api::SnapshotRoom& room = snapshot.room;
    ImGui::AlignTextToFramePadding();
    MutedText(
        Format(tr("Taken {0}; it never changes afterwards."), {TimeText(tr, snapshot.taken_at)}));
    ImGui::SameLine();
    // The room as it is now, one click away.
    Id room_id = room.id != 0 ? room.id : ticket.room_id;
    if (room_id != 0 && ImGui::Button(tr("Current state"))) {
        controller.Navigate({Page::Rooms, std::to_string(room_id), ticket.account_id});
    }
    std::string facts = room.name;
    for (const std::string& part :
         {room.site, room.country.empty() ? std::string()
                                          : CatalogueLabel(state, kCountryLabels, room.country)}) {
        if (!part.empty()) facts += " · " + part;
    }
    if (room.capacity > 0)
        facts += " · " + Format(tr("{0} seats"), {std::to_string(room.capacity)});
    facts += " · " + std::string(tr("Time zone")) + ": " +
             (room.time_zone.empty() ? std::string("UTC") : room.time_zone);
    TextItem(facts);
    TextItem(Format(tr("Status then: {0}"), {tr(RoomStateLabel(room.status))}));
    std::string licenses;
    for (const api::SnapshotLicense& license : room.licenses) {
        if (!licenses.empty()) licenses += ", ";
        std::string name = ProgramName(state, license.program);
        licenses += license.until.empty()
                        ? name
                        : Format(tr("{0} until {1}"), {name, DayText(tr, license.until)});
    }
    TextItem(Format(tr("Licenses: {0}"), {licenses.empty() ? std::string(tr("None")) : licenses}));
    std::string rights;
    for (const std::string& entitlement : room.entitlements) {
        const char* label = EntitlementLabel(entitlement);
        if (!rights.empty()) rights += ", ";
        rights += label ? std::string(tr(label)) : entitlement;
    }
    TextItem(Format(tr("Entitlements: {0}"), {rights.empty() ? std::string(tr("None")) : rights}));
    ImGui::Spacing();
    DrawSnapshotDevices(state, snapshot);
    ImGui::Spacing();
    DrawSnapshotEvents(state, snapshot);
    ImGui::Spacing();
    DrawSnapshotAlerts(state, snapshot);
}

// [SECTION] Activity

// A status or severity as the user reads it; as the server wrote it when it is neither.
std::string ValueText(const Translator& tr, const std::string& kind, const std::string& value) {
    if (kind == "status") {
        support::TicketStatus status;
        if (support::StatusFromId(value, status)) return tr(TicketStatusLabel(status));
    }
    if (kind == "severity") {
        support::Severity severity;
        if (support::SeverityFromId(value, severity)) return tr(TicketSeverityLabel(severity));
    }
    return value;
}

std::string EventText(const Translator& tr, const api::TicketEvent& event) {
    std::string who = NameOf(tr, event.by);
    if (event.kind == "created") return Format(tr("{0} opened the ticket"), {who});
    if (event.kind == "status" || event.kind == "severity") {
        const char* pattern = event.kind == "status" ? "{0} changed the status from {1} to {2}"
                                                     : "{0} changed the severity from {1} to {2}";
        return Format(tr(pattern), {who, ValueText(tr, event.kind, event.from),
                                    ValueText(tr, event.kind, event.to)});
    }
    if (event.kind == "assigned") {
        if (event.to.empty()) return Format(tr("{0} unassigned the ticket"), {who});
        return Format(tr("{0} assigned the ticket to {1}"), {who, event.to});
    }
    if (event.kind == "comment") return Format(tr("{0} replied"), {who});
    if (event.kind == "attachment") return Format(tr("{0} attached {1}"), {who, event.to});
    if (event.kind == "follower_added") {
        return Format(tr("{0} added {1} to the followers"), {who, event.to});
    }
    if (event.kind == "follower_removed") {
        return Format(tr("{0} removed {1} from the followers"),
                      {who, event.to.empty() ? event.from : event.to});
    }
    return who + " · " + event.kind;
}

void DrawActivity(const AppState& state, const api::Ticket& ticket) {
    const Translator& tr = state.tr;
    if (ticket.events.empty()) return;
    TextItem(tr("Activity"));
    int row = 0;
    for (const api::TicketEvent& event : ticket.events) {
        ImGui::PushID(row++);
        MutedText(TimeText(tr, event.at) + " · " + EventText(tr, event));
        ImGui::PopID();
    }
}

}  // namespace

std::span<const TextPair> TicketTexts() {
    return kTexts;
}

void DrawTicketPage(AppState& state, AppController& controller, Id ticket_id) {
    TicketPageState& page = state.support_page.page;
    const Translator& tr = state.tr;
    if (ImGui::Button(tr("Back to the tickets"))) {
        controller.Navigate({Page::Support, "", state.account.id});
    }
    LoadTicket(state, controller, ticket_id);
    if (!DrawRemoteStatus(state, page.ticket, "the ticket", controller)) return;
    const api::Ticket& ticket = *page.ticket.value;
    DrawHeader(state, controller, ticket);
    ImGui::Separator();
    DrawConversation(state, controller, ticket);
    ImGui::Separator();
    DrawFollowers(state, controller, ticket);
    ImGui::Separator();
    DrawAttachments(state, controller, ticket);
    ImGui::Separator();
    DrawSnapshot(state, controller, ticket);
    ImGui::Separator();
    DrawActivity(state, ticket);
}

}  // namespace portal::app
