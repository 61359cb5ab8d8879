// The Support queue (issue 14), for the vendor's support staff (operators): every account's
// tickets, most urgent due time first, filtered by status, severity, breached and a search over
// number, subject, account and room; a click opens the ticket. And "Open an account": a search
// over every account (GET /support/accounts?q=) that opens one read-only, as its members see it
// (the vendor support view, each read written to the account's audit log by the server), so that
// support diagnoses with the customer's rooms, devices, contracts, spares and alerts at hand.
#include <imgui.h>

#include "api/support_json.h"
#include "app/views/views.h"
#include "app/widgets.h"

namespace portal::app {

namespace {

constexpr TextPair kTexts[] = {
    // Empty pages: what they will hold and the action that fills them (issue 16).
    {"Customers' tickets arrive here, the most urgent first; other filters show the rest.",
     "Les tickets des clients arrivent ici, les plus urgents d'abord ; d'autres filtres montrent "
     "le reste."},
    {"Support queue", "File du support"},
    {"The support queue is for the vendor's support staff.",
     "La file du support est réservée au personnel du support éditeur."},
    {"Every account's tickets, the most urgent due time first.",
     "Les tickets de tous les comptes, l'échéance la plus urgente d'abord."},
    {"the support queue", "la file du support"},
    {"No ticket matches these filters.", "Aucun ticket ne correspond à ces filtres."},
    {"Severity", "Gravité"},
    {"Any severity", "Toutes gravités"},
    {"Any due time", "Toutes échéances"},
    {"Breached", "Dépassé"},
    {"On time", "Dans les délais"},
    {"Search", "Rechercher"},
    {"Number, subject, account or room", "Numéro, objet, compte ou salle"},
    {"Account", "Compte"},
    {"Assignee", "Attribué à"},
    // Open an account
    {"Open an account", "Ouvrir un compte"},
    {"Opens the account read-only, as its members see it. Each page read there is written to "
     "the account's audit log.",
     "Ouvre le compte en lecture seule, tel que ses membres le voient. Chaque page lue y est "
     "inscrite au journal d'audit du compte."},
    {"Account name, city or country", "Nom du compte, ville ou pays"},
    {"Find accounts", "Chercher des comptes"},
    {"the accounts", "les comptes"},
    {"No account matches.", "Aucun compte ne correspond."},
};

void LoadQueue(AppState& state, AppController& controller) {
    SupportQueueState& queue = state.support_queue;
    std::string path =
        std::string("/api/v1/support/tickets?status=") + TicketFilterName(queue.status);
    if (queue.severity) path += std::string("&severity=") + support::SeverityId(*queue.severity);
    if (queue.breached != BreachedFilter::Any) {
        path += queue.breached == BreachedFilter::Breached ? "&breached=true" : "&breached=false";
    }
    if (!queue.applied_search.empty()) path += "&q=" + QueryEscape(queue.applied_search);
    LoadTicketList(controller, queue.queue, path, /*most_urgent_first=*/true);
}

void SearchAccounts(AppState& state, AppController& controller) {
    SupportQueueState& queue = state.support_queue;
    std::string text = TrimmedText(queue.account_query);
    if (text.empty()) return;
    std::string path = "/api/v1/support/accounts?q=" + QueryEscape(text);
    if (path == queue.accounts_path && queue.accounts.loading()) return;
    queue.accounts.Reset();  // another question: the last answer is not its answer
    queue.accounts_path = path;
    controller.Fetch(queue.accounts, path, &api::SupportAccountsFromJson);
}

void OpenAccount(AppController& controller, const api::SupportAccount& found) {
    AccountSummary account;
    account.id = found.id;
    account.name = found.name;
    account.kind = found.kind;
    account.country = found.country;
    account.city = found.city;
    account.parent_name = found.parent_entity_name;
    account.role = "readonly";
    controller.OpenSupportAccount(account);
}

void DrawAccountSearch(AppState& state, AppController& controller) {
    SupportQueueState& queue = state.support_queue;
    const Translator& tr = state.tr;
    BeginPanel(state, "open-account", tr("Open an account"));
    ImGui::PushTextWrapPos(0.0f);
    MutedText(
        tr("Opens the account read-only, as its members see it. Each page read there is "
           "written to the account's audit log."));
    ImGui::PopTextWrapPos();
    ImGui::SetNextItemWidth(320.0f);
    bool entered = ImGui::InputTextWithHint("##account-query", tr("Account name, city or country"),
                                            queue.account_query, sizeof queue.account_query,
                                            ImGuiInputTextFlags_EnterReturnsTrue);
    NameLastItem(tr("Account name, city or country"));
    ImGui::SameLine();
    std::string why_not = TrimmedText(queue.account_query).empty() ? " " : "";
    if (ActionButton(tr("Find accounts"), why_not) || entered) SearchAccounts(state, controller);
    if (!queue.accounts_path.empty() &&
        DrawRemoteStatus(state, queue.accounts, "the accounts", controller)) {
        if (queue.accounts.value->empty()) MutedText(tr("No account matches."));
        for (const api::SupportAccount& account : *queue.accounts.value) {
            ImGui::PushID(static_cast<int>(account.id));
            std::string label = account.name;
            std::string place = account.city;
            if (!account.country.empty()) place += (place.empty() ? "" : ", ") + account.country;
            if (!place.empty()) label += " · " + place;
            if (!account.parent_entity_name.empty()) label += " · " + account.parent_entity_name;
            if (ImGui::Selectable(label.c_str())) OpenAccount(controller, account);
            ImGui::PopID();
        }
    }
    EndPanel();
}

void DrawFilters(AppState& state) {
    SupportQueueState& queue = state.support_queue;
    const Translator& tr = state.tr;
    ImGui::AlignTextToFramePadding();
    RadioChoice(tr("Open tickets"), queue.status, TicketFilter::Open);
    RadioChoice(tr("Closed tickets"), queue.status, TicketFilter::Closed);
    RadioChoice(tr("All tickets"), queue.status, TicketFilter::All);
    ImGui::Dummy(ImVec2(12.0f, 0));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(170.0f);
    const char* preview =
        queue.severity ? tr(TicketSeverityLabel(*queue.severity)) : tr("Any severity");
    if (ImGui::BeginCombo("##queue-severity", preview)) {
        if (ImGui::Selectable(tr("Any severity"), !queue.severity)) queue.severity.reset();
        for (support::Severity severity : {support::Severity::Critical, support::Severity::High,
                                           support::Severity::Normal, support::Severity::Low}) {
            if (ImGui::Selectable(tr(TicketSeverityLabel(severity)), queue.severity == severity)) {
                queue.severity = severity;
            }
        }
        ImGui::EndCombo();
    }
    NameLastItem(tr("Severity"));
    ImGui::SameLine(0, 24.0f);
    RadioChoice(tr("Any due time"), queue.breached, BreachedFilter::Any);
    RadioChoice(tr("Breached"), queue.breached, BreachedFilter::Breached);
    RadioChoice(tr("On time"), queue.breached, BreachedFilter::OnTime);
    ImGui::NewLine();
    ImGui::SetNextItemWidth(320.0f);
    bool entered = ImGui::InputTextWithHint(
        "##queue-search", tr("Number, subject, account or room"), queue.search, sizeof queue.search,
        ImGuiInputTextFlags_EnterReturnsTrue);
    NameLastItem(tr("Search"));
    ImGui::SameLine();
    if (ImGui::Button(tr("Search")) || entered) queue.applied_search = TrimmedText(queue.search);
}

}  // namespace

std::span<const TextPair> SupportQueueTexts() {
    return kTexts;
}

void DrawSupportQueuePage(AppState& state, AppController& controller) {
    SupportQueueState& queue = state.support_queue;
    const Translator& tr = state.tr;
    HeadingItem(state, tr("Support queue"), 1);
    if (!state.IsOperator()) {
        MutedText(tr("The support queue is for the vendor's support staff."));
        return;
    }
    if (std::string filter = state.TakeRouteFilter(Page::SupportQueue); filter == "critical") {
        queue.route_filter = std::move(filter);
        queue.status = TicketFilter::Open;
        queue.severity = support::Severity::Critical;
    }
    DrawAccountSearch(state, controller);
    ImGui::Spacing();
    MutedText(tr("Every account's tickets, the most urgent due time first."));
    DrawFilters(state);
    if (queue.status != TicketFilter::Open || queue.severity != support::Severity::Critical) {
        queue.route_filter.clear();
    }
    if (!queue.route_filter.empty() && DrawFilterChip(state, controller, queue.route_filter)) {
        queue.route_filter.clear();
        queue.severity.reset();
    }
    LoadQueue(state, controller);  // another filter, another question
    ImGui::Spacing();
    if (!DrawRemoteStatus(state, queue.queue.list, "the support queue", controller)) return;
    const std::vector<api::Ticket>& tickets = *queue.queue.list.value;
    if (tickets.empty()) {
        EmptyState(state, "No ticket matches these filters.",
                   "Customers' tickets arrive here, the most urgent first; other filters show "
                   "the rest.");
        return;
    }
    DrawTicketTable(state, controller, "support-queue", tickets,
                    {{TicketColumn::Number, 0.6f},
                     {TicketColumn::Account, 1.2f},
                     {TicketColumn::Room, 0.9f},
                     {TicketColumn::Subject, 2.2f},
                     {TicketColumn::Severity, 0.8f},
                     {TicketColumn::Status, 1.1f},
                     {TicketColumn::ServiceLevel, 0.8f},
                     {TicketColumn::Due, 1.0f},
                     {TicketColumn::Assignee, 1.0f}});
}

}  // namespace portal::app
