// Support (issue 14, R-SUP-1, R-SUP-2): the account's tickets, seen by every member (read-only
// and delegated partners too), with their status, severity, service level and due time, filtered
// open / closed / all; New ticket (admins), a form that checks what it can before sending and
// keeps what was typed when the server refuses, its field errors under the fields; and the one
// click from a room that is offline or needs attention: Open ticket opens the form prefilled from
// the room's proposal, Send posts it to the room's route and opens the new ticket. The ticket page
// is ticket_view.cpp, the operators' queue support_queue_view.cpp; this file keeps the words they
// share (severities, statuses, service levels, due times) and the table of tickets both lists
// draw, each with its own columns.
#include <imgui.h>

#include <algorithm>
#include <charconv>
#include <iterator>

#include "api/alerts_json.h"
#include "api/support_json.h"
#include "app/a11y.h"
#include "app/theme.h"
#include "app/views/views.h"
#include "app/widgets.h"

namespace portal::app {

namespace {

using api::TicketSeconds;

constexpr TextPair kTexts[] = {
    {"Ticket #{0} opened", "Ticket n° {0} ouvert"},  // announced (issue 17)
    {"No open ticket is past its target.", "Aucun ticket ouvert n'a dépassé sa cible."},
    {"Support", "Support"},
    {"Every member of the account sees its tickets and may follow them.",
     "Chaque membre du compte voit ses tickets et peut les suivre."},
    {"Open tickets", "Tickets ouverts"},
    {"Closed tickets", "Tickets fermés"},
    {"All tickets", "Tous les tickets"},
    {"New ticket", "Nouveau ticket"},
    {"Open ticket", "Ouvrir un ticket"},
    {"the tickets", "les tickets"},
    {"No open ticket. The tickets opened here, or from a room that is offline or needs "
     "attention, are listed here for the whole team.",
     "Aucun ticket ouvert. Les tickets ouverts ici, ou depuis une salle hors ligne ou qui "
     "demande de l'attention, sont listés ici pour toute l'équipe."},
    {"No closed ticket yet.", "Aucun ticket fermé pour l'instant."},
    {"No ticket yet. The tickets opened here, or from a room that is offline or needs "
     "attention, are listed here for the whole team.",
     "Aucun ticket pour l'instant. Les tickets ouverts ici, ou depuis une salle hors ligne ou "
     "qui demande de l'attention, sont listés ici pour toute l'équipe."},
    // Columns
    {"Ticket", "Ticket"},
    {"Subject", "Objet"},
    {"Room", "Salle"},
    {"Severity", "Gravité"},
    {"Status", "Statut"},
    {"Service level", "Niveau de service"},
    {"Due", "Échéance"},
    {"Last activity", "Dernière activité"},
    // Severities, statuses, service levels
    {"Critical", "Critique"},
    {"High", "Élevée"},
    {"Normal", "Normale"},
    {"Low", "Faible"},
    {"New", "Nouveau"},
    {"In progress", "En cours de traitement"},
    {"Waiting on customer", "En attente du client"},
    {"Solved", "Résolu"},
    {"Closed", "Fermé"},
    {"Select", "Select"},
    {"Jumpstart", "Jumpstart"},
    {"Standard", "Standard"},
    // Due times
    {"Due in {0} min", "Échéance dans {0} min"},
    {"Due in {0} h", "Échéance dans {0} h"},
    {"Due in {0} d", "Échéance dans {0} j"},
    {"Due now", "Échéance atteinte"},
    {"Breached", "Dépassé"},
    {"Paused", "En pause"},
    // The form
    {"Description", "Description"},
    {"Room (optional)", "Salle (facultatif)"},
    {"No room", "Aucune salle"},
    {"Meeting link (optional)", "Lien de réunion (facultatif)"},
    {"Critical: rooms cannot meet. High: a room works badly. Normal: a question or a small "
     "problem. Low: a request.",
     "Critique : les salles ne permettent plus de se réunir. Élevée : une salle fonctionne mal. "
     "Normale : une question ou un petit problème. Faible : une demande."},
    {"The room's details and its devices' are attached to the ticket as they are now.",
     "Les détails de la salle et de ses appareils sont joints au ticket tels qu'ils sont "
     "maintenant."},
    {"Preparing the ticket from the room's state…",
     "Préparation du ticket d'après l'état de la "
     "salle…"},
    {"Service level: {0}", "Niveau de service : {0}"},
    {"Send", "Envoyer"},
    {"Sending…", "Envoi…"},
    {"Cancel", "Annuler"},
    {"Enter a subject.", "Saisissez un objet."},
    {"The subject is at most 200 characters.", "L'objet fait au plus 200 caractères."},
    {"The description is at most 20,000 characters.",
     "La description fait au plus 20 000 caractères."},
    {"Enter an absolute https:// or http:// link, or leave it empty.",
     "Saisissez un lien absolu https:// ou http://, ou laissez le champ vide."},
};

constexpr TicketSeconds kHour = 3600;
constexpr TicketSeconds kDay = 86400;
// Beyond this, a due time is said in days.
constexpr TicketSeconds kHoursShown = 48 * kHour;

Id ParseId(const std::string& text) {
    Id id = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    return error == std::errc() && end == text.data() + text.size() && id > 0 ? id : 0;
}

size_t CodePoints(const std::string& text) {
    size_t count = 0;
    for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return count;
}

// Okabe and Ito's colours, the word always written on them (as the Alerts page's severities).
ImU32 SeverityColour(support::Severity severity) {
    switch (severity) {
        case support::Severity::Critical:
            return theme::Colors().vermillion;
        case support::Severity::High:
            return theme::Colors().orange;
        case support::Severity::Normal:
            return theme::Colors().sky_blue;
        case support::Severity::Low:
            return theme::Colors().light_grey;
    }
    return theme::Colors().light_grey;
}

const Room* FindRoom(const AppState& state, Id id) {
    if (!state.account.state.value || id == 0) return nullptr;
    return state.account.state.value->FindRoom(id);
}

// [SECTION] Loading

void LoadList(AppState& state, AppController& controller) {
    SupportPageState& page = state.support_page;
    LoadTicketList(
        controller, page.list,
        AccountPath(state.account.id, "/tickets?status=") + TicketFilterName(page.filter),
        /*most_urgent_first=*/false);
}

// [SECTION] New ticket

// The contract's limits, said in the user's language before anything is sent; the server
// checks them again. The room's route proposes a subject when none is typed.
bool CheckForm(TicketForm& form, bool room_route) {
    form.problems.clear();
    std::string subject = TrimmedText(form.subject);
    if (subject.empty() && !room_route)
        form.problems.push_back({"subject", "Enter a subject.", ""});
    if (CodePoints(subject) > api::kMaxTicketSubject) {
        form.problems.push_back({"subject", "The subject is at most 200 characters.", ""});
    }
    if (CodePoints(form.description) > api::kMaxTicketDescription) {
        form.problems.push_back(
            {"description", "The description is at most 20,000 characters.", ""});
    }
    std::string link = TrimmedText(form.meeting_link);
    if (!link.empty() && (link.size() > api::kMaxMeetingLink || !api::AbsoluteHttpUrl(link))) {
        form.problems.push_back(
            {"meetingLink", "Enter an absolute https:// or http:// link, or leave it empty.", ""});
    }
    return form.problems.empty();
}

void SendTicket(AppState& state, AppController& controller) {
    TicketForm& form = state.support_page.form;
    bool room_route = form.from_room && form.room_id != 0;
    if (!CheckForm(form, room_route)) return;
    api::NewTicket ticket;
    ticket.subject = TrimmedText(form.subject);
    ticket.description = form.description;
    // The room's route proposes a severity from the room's state when none was chosen.
    if (!room_route || form.severity_chosen) ticket.severity = form.severity;
    ticket.room_id = room_route ? 0 : form.room_id;
    ticket.meeting_link = TrimmedText(form.meeting_link);
    std::string path = room_route ? "/api/v1/rooms/" + std::to_string(form.room_id) + "/tickets"
                                  : AccountPath(state.account.id, "/tickets");
    NewChange(form.send);
    controller.Submit(
        form.send, "POST", path, api::NewTicketToJson(ticket, room_route),
        [&state, &controller](const api::Result<api::Json>& result) {
            if (!result.ok()) return;  // the form keeps what was typed, with the server's words
            SupportPageState& page = state.support_page;
            page.form.Reset();
            page.list.stale = true;
            api::Ticket created;
            std::vector<api::FieldError> errors;
            if (api::TicketFromJson(result.value, created, errors)) {
                long long number = created.number != 0 ? created.number : created.id;
                controller.Announce(
                    Format(state.tr("Ticket #{0} opened"), {std::to_string(number)}), false);
                OpenTicket(controller, created);
            }
        },
        /*reload_account=*/false);
}

// The room the form names: picked in the combo, or set by a room's Open ticket.
void DrawRoomPicker(AppState& state, TicketForm& form) {
    const Translator& tr = state.tr;
    const Room* chosen = FindRoom(state, form.room_id);
    std::string preview = chosen              ? chosen->name
                          : form.room_id != 0 ? "#" + std::to_string(form.room_id)
                                              : std::string(tr("No room"));
    ImGui::TextUnformatted(tr("Room (optional)"));
    ImGui::SetNextItemWidth(320.0f);
    if (ImGui::BeginCombo("##ticket-room", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
        if (ImGui::Selectable(tr("No room"), form.room_id == 0)) {
            form.room_id = 0;
            form.from_room = false;
        }
        if (state.account.state.value) {
            // The account's state holds its own rooms only.
            for (const Room& room : state.account.state.value->rooms) {
                ImGui::PushID(static_cast<int>(room.id));
                std::string label = room.site.empty() ? room.name : room.name + " · " + room.site;
                if (ImGui::Selectable(label.c_str(), form.room_id == room.id) &&
                    form.room_id != room.id) {
                    form.room_id = room.id;
                    form.from_room = false;  // picked by hand: the account's route, roomId
                }
                ImGui::PopID();
            }
        }
        ImGui::EndCombo();
    }
    NameLastItem(tr("Room (optional)"));
    if (form.room_id != 0) {
        MutedText(
            tr("The room's details and its devices' are attached to the ticket as they are now."));
    }
}

void DrawTicketForm(AppState& state, AppController& controller) {
    TicketForm& form = state.support_page.form;
    const Translator& tr = state.tr;
    // The room's proposal, put in once: what the user types afterwards stays.
    if (form.proposal.value && !form.proposal_applied) {
        if (TrimmedText(form.subject).empty()) {
            CopyToBuffer(form.subject, sizeof form.subject, form.proposal.value->subject);
        }
        if (!form.severity_chosen) {
            form.severity = form.proposal.value->severity;
            form.severity_chosen = true;
        }
        form.proposal_applied = true;
    }
    BeginPanel(state, "ticket-form", tr("New ticket"));
    // A typed form takes the keyboard at once; a prefilled one leaves it to Send.
    if (ImGui::IsWindowAppearing() && !form.from_room) ImGui::SetKeyboardFocusHere();
    if (form.from_room && form.proposal.loading() && !form.proposal.value) {
        Spinner(controller.Now());
        ImGui::SameLine();
        MutedText(tr("Preparing the ticket from the room's state…"));
    } else if (form.proposal.status == RequestStatus::Failed) {
        ErrorText(DescribeFailure(tr, form.proposal.failure, form.proposal.error));
    }
    LabeledInput(tr("Subject"), "##ticket-subject", form.subject, sizeof form.subject,
                 kRequiredField, 640.0f);
    DrawFormProblems(tr, form.problems, form.send, "subject");
    LabeledMultiline(tr("Description"), "##ticket-description", form.description, 110.0f, 640.0f);
    DrawFormProblems(tr, form.problems, form.send, "description");

    ImGui::AlignTextToFramePadding();
    TextItem(tr("Severity"));
    ImGui::SameLine();
    for (support::Severity severity : {support::Severity::Critical, support::Severity::High,
                                       support::Severity::Normal, support::Severity::Low}) {
        if (RadioChoice(tr(TicketSeverityLabel(severity)), form.severity, severity)) {
            form.severity_chosen = true;
        }
    }
    ImGui::NewLine();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 640.0f);
    MutedText(
        tr("Critical: rooms cannot meet. High: a room works badly. Normal: a question or a "
           "small problem. Low: a request."));
    ImGui::PopTextWrapPos();
    DrawFormProblems(tr, form.problems, form.send, "severity");

    DrawRoomPicker(state, form);
    DrawFormProblems(tr, form.problems, form.send, "roomId");
    LabeledInput(tr("Meeting link (optional)"), "##ticket-meeting", form.meeting_link,
                 sizeof form.meeting_link, 0, 640.0f);
    DrawFormProblems(tr, form.problems, form.send, "meetingLink");
    if (form.proposal.value && !form.proposal.value->service_level.empty()) {
        MutedText(Format(tr("Service level: {0}"),
                         {tr(ServiceLevelLabel(form.proposal.value->service_level))}));
    }

    ImGui::Spacing();
    if (form.send.busy()) {
        Spinner(controller.Now());
        ImGui::SameLine();
        MutedText(tr("Sending…"));
    } else {
        if (ActionButton(tr("Send"), ReadOnlyReason(state))) SendTicket(state, controller);
        ImGui::SameLine();
        if (ImGui::Button(tr("Cancel")) || EscapeInWindow()) form.Reset();
    }
    SubmissionError(state, form.send);
    EndPanel();
}

void OpenForm(AppState& state) {
    TicketForm& form = state.support_page.form;
    form.Reset();
    form.open = true;
}

// [SECTION] The list

const char* ColumnLabel(TicketColumn column) {
    switch (column) {
        case TicketColumn::Number:
            return "Ticket";
        case TicketColumn::Account:
            return "Account";
        case TicketColumn::Room:
            return "Room";
        case TicketColumn::Subject:
            return "Subject";
        case TicketColumn::Severity:
            return "Severity";
        case TicketColumn::Status:
            return "Status";
        case TicketColumn::ServiceLevel:
            return "Service level";
        case TicketColumn::Due:
            return "Due";
        case TicketColumn::Assignee:
            return "Assignee";
        case TicketColumn::LastActivity:
            return "Last activity";
    }
    return "";
}

void DrawTicketCell(const Translator& tr, AppController& controller, const api::Ticket& ticket,
                    TicketColumn column, double now) {
    switch (column) {
        case TicketColumn::Number:
            if (ImGui::Selectable(TicketNumber(ticket).c_str(), false,
                                  ImGuiSelectableFlags_SpanAllColumns)) {
                OpenTicket(controller, ticket);
            }
            return;
        case TicketColumn::Account:
            TextItem(ticket.account_name);
            return;
        case TicketColumn::Room:
            TextItem(ticket.room_name);
            return;
        case TicketColumn::Subject:
            TextItem(ticket.subject);
            return;
        case TicketColumn::Severity:
            TicketSeverityBadge(tr, ticket.severity);
            return;
        case TicketColumn::Status:
            TextItem(tr(TicketStatusLabel(ticket.status)));
            return;
        case TicketColumn::ServiceLevel:
            TextItem(tr(ServiceLevelLabel(ticket.service_level)));
            return;
        case TicketColumn::Due:
            DrawDue(tr, ticket, now);
            return;
        case TicketColumn::Assignee:
            if (ticket.assignee) TextItem(ticket.assignee->name);
            return;
        case TicketColumn::LastActivity: {
            TicketSeconds last = ticket.last_activity_at ? *ticket.last_activity_at
                                 : ticket.updated_at     ? ticket.updated_at
                                                         : ticket.created_at;
            TextItem(FormatUtcMinuteIn(tr.language(), last));
            return;
        }
    }
}

const char* EmptyText(TicketFilter filter) {
    switch (filter) {
        case TicketFilter::Open:
            return "No open ticket. The tickets opened here, or from a room that is offline or "
                   "needs attention, are listed here for the whole team.";
        case TicketFilter::Closed:
            return "No closed ticket yet.";
        case TicketFilter::All:
            return "No ticket yet. The tickets opened here, or from a room that is offline or "
                   "needs attention, are listed here for the whole team.";
    }
    return "";
}

}  // namespace

std::span<const TextPair> SupportTexts() {
    return kTexts;
}

const char* TicketSeverityLabel(support::Severity severity) {
    switch (severity) {
        case support::Severity::Critical:
            return "Critical";
        case support::Severity::High:
            return "High";
        case support::Severity::Normal:
            return "Normal";
        case support::Severity::Low:
            return "Low";
    }
    return "";
}

const char* TicketStatusLabel(support::TicketStatus status) {
    switch (status) {
        case support::TicketStatus::New:
            return "New";
        case support::TicketStatus::InProgress:
            return "In progress";
        case support::TicketStatus::WaitingOnCustomer:
            return "Waiting on customer";
        case support::TicketStatus::Resolved:
            return "Solved";
        case support::TicketStatus::Closed:
            return "Closed";
    }
    return "";
}

const char* ServiceLevelLabel(const std::string& level) {
    if (level == support::kSelectLevel) return "Select";
    if (level == support::kJumpstartLevel) return "Jumpstart";
    return "Standard";
}

void TicketSeverityBadge(const Translator& tr, support::Severity severity) {
    Badge(tr(TicketSeverityLabel(severity)), SeverityColour(severity));
}

std::string DueText(const Translator& tr, const api::Ticket& ticket, double now) {
    if (!support::IsOpen(ticket.status)) return {};
    if (ticket.breached) return tr("Breached");
    if (ticket.paused) return tr("Paused");
    TicketSeconds due = NextDue(ticket);
    if (due == 0) return {};
    TicketSeconds left = due - static_cast<TicketSeconds>(now);
    if (left <= 0) return tr("Due now");
    if (left < kHour) return Format(tr("Due in {0} min"), {std::to_string((left + 59) / 60)});
    if (left < kHoursShown) return Format(tr("Due in {0} h"), {std::to_string(left / kHour)});
    return Format(tr("Due in {0} d"), {std::to_string(left / kDay)});
}

void DrawDue(const Translator& tr, const api::Ticket& ticket, double now) {
    std::string text = DueText(tr, ticket, now);
    if (text.empty()) return;
    if (support::IsOpen(ticket.status) && ticket.breached) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().error_text);
        TextItem(text);
        ImGui::PopStyleColor();
    } else if (ticket.paused) {
        MutedText(text);
    } else {
        TextItem(text);
    }
}

std::string TicketNumber(const api::Ticket& ticket) {
    return "#" + std::to_string(ticket.number != 0 ? ticket.number : ticket.id);
}

void OpenTicket(AppController& controller, const api::Ticket& ticket) {
    controller.Navigate({Page::Support, std::to_string(ticket.id), ticket.account_id});
}

void DrawTicketTable(AppState& state, AppController& controller, const char* id,
                     const std::vector<api::Ticket>& tickets,
                     std::initializer_list<TicketListColumn> columns) {
    const Translator& tr = state.tr;
    double now = controller.EpochSeconds();
    std::vector<ListColumn> header;
    for (const TicketListColumn& column : columns) {
        header.push_back({ColumnLabel(column.column), column.weight});
    }
    if (!BeginListTable(tr, id, header)) return;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(tickets.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const api::Ticket& ticket = tickets[static_cast<size_t>(i)];
            ImGui::PushID(static_cast<int>(ticket.id));
            ImGui::TableNextRow();
            a11y::TableRow(i, static_cast<int>(tickets.size()));
            for (const TicketListColumn& column : columns) {
                ImGui::TableNextColumn();
                DrawTicketCell(tr, controller, ticket, column.column, now);
            }
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

void LoadTicketList(AppController& controller, TicketListLoad& load, const std::string& path,
                    bool most_urgent_first) {
    bool same = path == load.path;
    if (same && (load.list.loading() || !load.stale)) return;  // asked, or being answered
    if (!same) load.list.Reset();  // another question: the last answer is not its answer
    load.stale = false;
    load.path = path;
    controller.FetchJson(
        load.list, path,
        [&load, most_urgent_first](const api::Json& json, std::vector<api::FieldError>& errors) {
            std::vector<api::Ticket> tickets;
            if (!api::TicketListFromJson(json, tickets, errors)) return false;
            if (most_urgent_first) SortMostUrgent(tickets);
            load.list.value = std::move(tickets);
            return true;
        });
}

bool RoomNeedsTicket(const AppState& state, Id room_id) {
    return NeedsTicket(state.live.Room(room_id));
}

void OpenTicketForRoom(AppState& state, AppController& controller, Id room_id) {
    TicketForm& form = state.support_page.form;
    form.Reset();
    form.open = true;
    form.room_id = room_id;
    form.from_room = true;
    controller.Fetch(form.proposal, "/api/v1/rooms/" + std::to_string(room_id) + "/ticket-proposal",
                     &api::TicketProposalFromJson);
    controller.Navigate({Page::Support, "", state.account.id});
}

void OpenTicketButton(AppState& state, AppController& controller, Id room_id) {
    ImGui::PushID("open-ticket");
    ImGui::PushID(static_cast<int>(room_id));
    if (ActionButton(state.tr("Open ticket"), ReadOnlyReason(state))) {
        OpenTicketForRoom(state, controller, room_id);
    }
    ImGui::PopID();
    ImGui::PopID();
}

void DrawSupportPage(AppState& state, AppController& controller) {
    // Until the account is chosen: what is asked before would be forgotten with it.
    if (state.account.id == 0) return;
    if (Id ticket_id = ParseId(state.route.detail); ticket_id != 0) {
        DrawTicketPage(state, controller, ticket_id);
        return;
    }
    SupportPageState& page = state.support_page;
    const Translator& tr = state.tr;
    // Back from a ticket: it is read again when it is opened again (what was typed stays).
    if (page.page.id != 0) page.page.stale = true;
    HeadingItem(state, tr("Support"), 1);
    MutedText(tr("Every member of the account sees its tickets and may follow them."));
    ImGui::Spacing();
    // A link's filter (the Overview's figures, issue 16): open tickets, or those past a target.
    if (std::string filter = state.TakeRouteFilter(Page::Support); !filter.empty()) {
        page.route_filter = std::move(filter);
        page.filter = TicketFilter::Open;
    }

    ImGui::AlignTextToFramePadding();
    RadioChoice(tr("Open tickets"), page.filter, TicketFilter::Open);
    RadioChoice(tr("Closed tickets"), page.filter, TicketFilter::Closed);
    RadioChoice(tr("All tickets"), page.filter, TicketFilter::All);
    if (page.filter != TicketFilter::Open) page.route_filter.clear();
    LoadList(state, controller);  // another filter, another question
    bool empty = page.list.list.value && page.list.list.value->empty();
    // An empty list offers New ticket with what it will hold, below.
    if (!page.form.open && !empty) {
        ImGui::SameLine(0, 24.0f);
        if (ActionButton(tr("New ticket"), ReadOnlyReason(state))) OpenForm(state);
    } else {
        ImGui::NewLine();
    }
    if (page.form.open) DrawTicketForm(state, controller);
    if (!page.route_filter.empty() && DrawFilterChip(state, controller, page.route_filter)) {
        page.route_filter.clear();
    }
    ImGui::Spacing();

    if (!DrawRemoteStatus(state, page.list.list, "the tickets", controller)) return;
    const std::vector<api::Ticket>* listed = &*page.list.list.value;
    std::vector<api::Ticket> breached;  // an account's open tickets: a few, copied per frame
    if (page.route_filter == "breached") {
        std::copy_if(listed->begin(), listed->end(), std::back_inserter(breached),
                     [](const api::Ticket& ticket) { return ticket.breached; });
        if (breached.empty() && !listed->empty()) {
            MutedText(tr("No open ticket is past its target."));
            return;
        }
        listed = &breached;
    }
    const std::vector<api::Ticket>& tickets = *listed;
    if (tickets.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        MutedText(tr(EmptyText(page.filter)));
        ImGui::PopTextWrapPos();
        if (!page.form.open && ActionButton(tr("New ticket"), ReadOnlyReason(state))) {
            OpenForm(state);
        }
        return;
    }
    DrawTicketTable(state, controller, "tickets", tickets,
                    {{TicketColumn::Number, 0.6f},
                     {TicketColumn::Subject, 2.6f},
                     {TicketColumn::Room, 1.0f},
                     {TicketColumn::Severity, 0.8f},
                     {TicketColumn::Status, 1.2f},
                     {TicketColumn::ServiceLevel, 0.9f},
                     {TicketColumn::Due, 1.1f},
                     {TicketColumn::LastActivity, 1.2f}});
}

}  // namespace portal::app
