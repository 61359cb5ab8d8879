// Overview: the fleet's home (issue 16). What needs attention first, each figure a link to the
// page that lists it, filtered (?filter=): for the account on screen its figures (GET
// /accounts/{id}/home) and, while the account is new, the Getting started checklist; for a
// partner (or anyone who opens several accounts) a table of every customer, worst first (GET
// /home); for the vendor's operators their queues (GET /operator/home). The service catalogue
// has its own page; the server's version is at the foot of the navigation.
//
// [SECTION] Texts
// [SECTION] Loading
// [SECTION] Getting started
// [SECTION] The account's figures
// [SECTION] A partner's customers (and its partner code)
// [SECTION] Operators
#include <imgui.h>

#include <cstdio>
#include <string>

#include "app/theme.h"
#include "app/views/views.h"
#include "app/widgets.h"
#include "core/telemetry.h"

namespace portal::app {

namespace {

// [SECTION] Texts

constexpr TextPair kTexts[] = {
    {"Overview", "Vue d'ensemble"},
    {"Refresh", "Actualiser"},
    {"{0}: {1}", "{0} : {1}"},
    // Getting started
    {"Getting started", "Premiers pas"},
    {"{0} of {1} done", "{0} sur {1} terminées"},
    {"Add or import your rooms", "Ajoutez ou importez vos salles"},
    {"Place devices by serial number", "Placez les appareils par numéro de série"},
    {"Assign licenses to rooms", "Attribuez des licences aux salles"},
    {"Invite colleagues", "Invitez des collègues"},
    {"Connect room agents", "Connectez les agents des salles"},
    {"Set up alerts", "Configurez les alertes"},
    {"Set up single sign-on", "Configurez l'authentification unique"},
    {"Hide checklist", "Masquer la liste"},
    {"An admin of the account takes these steps.",
     "Un administrateur du compte effectue ces étapes."},
    // The account's figures
    {"the account's figures", "les chiffres du compte"},
    {"Rooms", "Salles"},
    {"Licensed", "Avec licence"},
    {"Without a license", "Sans licence"},
    {"Offline", "Hors ligne"},
    {"In a meeting", "En réunion"},
    {"Alerts", "Alertes"},
    {"Firing", "En cours"},
    {"Support", "Support"},
    {"Open tickets", "Tickets ouverts"},
    {"Past their target", "Cible dépassée"},
    {"Licenses", "Licences"},
    {"Free licenses", "Licences libres"},
    {"{0} in all · {1} assigned", "{0} au total · {1} attribuées"},
    {"No room license yet: they appear here once an order is processed.",
     "Aucune licence de salle pour l'instant : elles apparaissent ici dès qu'une commande est "
     "traitée."},
    {"Contracts", "Contrats"},
    {"Starting within 60 days", "Débutant sous 60 jours"},
    {"Ending within 60 days", "Finissant sous 60 jours"},
    {"Still cancellable", "Encore annulables"},
    {"Devices", "Appareils"},
    {"Warranty ending within 60 days", "Garantie finissant sous 60 jours"},
    {"No account is shared with you yet.", "Aucun compte ne vous est encore partagé."},
    // A partner's customers
    {"Your customers", "Vos clients"},
    {"your customers", "vos clients"},
    {"Customer", "Client"},
    {"Firing alerts", "Alertes en cours"},
    {"Breached tickets", "Tickets hors délai"},
    {"No customer account yet.", "Aucun compte client pour l'instant."},
    {"Your partner code: {0}", "Votre code partenaire : {0}"},
    {"Give it to a customer: their admin enters it under People & access to let you manage "
     "their account.",
     "Donnez-le à un client : son administrateur le saisit dans Personnes et accès pour vous "
     "laisser gérer son compte."},
    {"Copy", "Copier"},
    {"Copied.", "Copié."},
    {"via {0}", "via {0}"},
    // Operators
    {"Vendor operations", "Opérations éditeur"},
    {"the operators' queues", "les files des opérateurs"},
    {"Orders waiting", "Commandes en attente"},
    {"Critical tickets", "Tickets critiques"},
    {"Invitations not accepted", "Invitations non acceptées"},
    {"No order waiting.", "Aucune commande en attente."},
    {"No critical ticket open.", "Aucun ticket critique ouvert."},
    {"No invitation waiting.", "Aucune invitation en attente."},
    {"due {0}", "échéance {0}"},
    {"expires {0}", "expire le {0}"},
    {"Resend", "Renvoyer"},
    {"Sending…", "Envoi…"},
    {"A new link was sent.", "Un nouveau lien a été envoyé."},
    // Route filters' chips (RouteFilterLabel), drawn by the pages
    {"Filtered: {0}", "Filtre : {0}"},
    {"Remove the filter", "Retirer le filtre"},
    {"Unmatched orders", "Commandes non rattachées"},
    {"Critical", "Critique"},
    {"Pending invitations", "Invitations en attente"},
};

// The English label of a checklist step, nullptr for an id this app does not know.
const char* StepLabel(const std::string& id) {
    static constexpr std::pair<const char*, const char*> kSteps[] = {
        {"rooms", "Add or import your rooms"},    {"devices", "Place devices by serial number"},
        {"licenses", "Assign licenses to rooms"}, {"people", "Invite colleagues"},
        {"agents", "Connect room agents"},        {"alerts", "Set up alerts"},
        {"sso", "Set up single sign-on"},
    };
    for (const auto& [step, label] : kSteps) {
        if (id == step) return label;
    }
    return nullptr;
}

// A page opened from a figure, filtered (the account is added by Navigate).
Route FilteredPage(Page page, const char* filter) {
    return Route{page, "", 0, "", filter};
}

// True for a user who watches several accounts: a partner, or anyone with more than one.
bool SeesSeveralAccounts(const AppState& state) {
    if (state.me.value && !state.me.value->delegations.empty()) return true;
    return state.accounts.value && state.accounts.value->size() > 1;
}

// [SECTION] Loading

// Each part asked once per opening of the page (HomePageState::Reopened) and per account.
void LoadHome(AppState& state, AppController& controller) {
    HomePageState& home = state.home;
    Id account = state.account.id;
    if (account != 0 && home.account_for != account) {
        home.account_for = account;
        controller.Fetch(home.account, "/api/v1/accounts/" + std::to_string(account) + "/home",
                         &api::AccountHomeFromJson);
    }
    if (SeesSeveralAccounts(state) && !home.customers_asked) {
        home.customers_asked = true;
        controller.FetchJson(home.customers, "/api/v1/home",
                             [&home](const api::Json& json, std::vector<api::FieldError>& errors) {
                                 std::vector<api::HomeRow> rows;
                                 if (!api::HomeRowsFromJson(json, rows, errors)) return false;
                                 home.customers.value = std::move(rows);
                                 home.order_dirty = true;
                                 return true;
                             });
    }
    if (state.IsOperator() && !home.operator_asked) {
        home.operator_asked = true;
        controller.Fetch(home.operator_home, "/api/v1/operator/home", &api::OperatorHomeFromJson);
    }
}

// A figure: "Offline: 1", a button that opens the page listing it. In the error colour when
// it needs attention and is not zero.
bool Figure(const Translator& tr, const char* caption, int value, bool attention = false) {
    std::string label = Format(tr("{0}: {1}"), {tr(caption), FormatCount(tr.language(), value)});
    bool alarm = attention && value > 0;
    if (alarm) ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().error_text);
    bool pressed = ImGui::Button(label.c_str());
    if (alarm) ImGui::PopStyleColor();
    return pressed;
}

// A group's caption, at the start of its line of figures.
void GroupCaption(const Translator& tr, const char* caption) {
    ImGui::AlignTextToFramePadding();
    TextItem(tr(caption));
    ImGui::SameLine(150.0f);
}

// [SECTION] Getting started

// Opens the page (and its dialog, when there is one) where a step is taken.
void OpenStep(AppState& state, AppController& controller, const std::string& id, Date today) {
    if (id == "rooms") {
        state.rooms_page.dialog = RoomDialog::Add;
        state.rooms_page.submit.Clear();
        controller.Navigate({Page::Rooms, ""});
    } else if (id == "devices") {
        DevicesPageState& devices = state.devices_page;
        devices.CloseDialog();
        devices.dialog = DeviceDialog::Add;
        std::snprintf(devices.purchase, sizeof devices.purchase, "%s", FormatDate(today).c_str());
        controller.Navigate({Page::Devices, ""});
    } else if (id == "licenses") {
        controller.Navigate(FilteredPage(Page::Rooms, "unlicensed"));
    } else if (id == "people") {
        PeoplePageState& people = state.people_page;
        people.dialog = PeopleDialog::Invite;
        people.focus_dialog = true;
        people.invite_incomplete = false;
        people.invite.Clear();
        controller.Navigate({Page::People, ""});
    } else if (id == "agents") {
        controller.Navigate({Page::Insights, ""});  // Agent tokens
    } else if (id == "alerts") {
        state.alerts_page.tab = AlertsTab::Rules;
        controller.Navigate({Page::Alerts, ""});
    } else if (id == "sso") {
        controller.Navigate({Page::People, ""});  // Single sign-on
    }
}

void DrawGettingStarted(AppState& state, AppController& controller) {
    HomePageState& home = state.home;
    if (!home.account.value || !home.account.value->getting_started_show) return;
    const api::AccountHome& figures = *home.account.value;
    if (figures.steps.empty()) return;
    const Translator& tr = state.tr;
    bool admin = state.CanEdit();
    BeginPanel(state, "getting-started", tr("Getting started"));
    MutedText(Format(tr("{0} of {1} done"),
                     {std::to_string(StepsDone(figures)), std::to_string(figures.steps.size())}));
    int next = NextStep(figures);
    std::string open_step;
    for (size_t i = 0; i < figures.steps.size(); ++i) {
        const api::HomeStep& step = figures.steps[i];
        const char* label = StepLabel(step.id);
        if (!label) continue;
        ImGui::PushID(static_cast<int>(i));
        if (admin && static_cast<int>(i) == next) {
            // The next step: the way there, as the page's one primary button.
            ImGui::PushStyleColor(ImGuiCol_Button, theme::Colors().primary_button);
            ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().primary_button_text);
            if (ImGui::Button(tr(label))) open_step = step.id;
            ImGui::PopStyleColor(2);
        } else {
            // A tick that says whether the step is done; the user does not tick it.
            bool done = step.done;
            ImGui::PushStyleVar(ImGuiStyleVar_DisabledAlpha, 1.0f);
            ImGui::BeginDisabled();
            ImGui::Checkbox(tr(label), &done);
            ImGui::EndDisabled();
            ImGui::PopStyleVar();
        }
        ImGui::PopID();
    }
    if (!admin) {
        MutedText(tr("An admin of the account takes these steps."));
    } else {
        ImGui::Spacing();
        ImGui::BeginDisabled(home.dismiss.busy());
        if (ImGui::Button(tr("Hide checklist"))) {
            std::string path =
                "/api/v1/accounts/" + std::to_string(state.account.id) + "/getting-started/dismiss";
            Id account = state.account.id;
            controller.Submit(
                home.dismiss, "POST", path, api::Json::object(),
                [&home, account](const api::Result<api::Json>& result) {
                    if (!result.ok() || !home.account.value) return;
                    if (home.account.value->account_id == account) {
                        home.account.value->getting_started_show = false;
                    }
                },
                /*reload_account=*/false);
        }
        ImGui::EndDisabled();
        SubmissionError(state, home.dismiss);
    }
    EndPanel();
    ImGui::Spacing();
    // After the panel: the step's page replaces this one.
    if (!open_step.empty()) OpenStep(state, controller, open_step, controller.Today());
}

// [SECTION] The account's figures

void DrawLicenses(AppState& state, AppController& controller, const api::AccountHome& figures) {
    const Translator& tr = state.tr;
    if (figures.licenses.empty()) {
        GroupCaption(tr, "Licenses");
        MutedText(tr("No room license yet: they appear here once an order is processed."));
        return;
    }
    for (const api::HomeLicenses& licenses : figures.licenses) {
        ImGui::PushID(licenses.program.c_str());
        ImGui::AlignTextToFramePadding();
        TextItem(CatalogueLabel(state, kProgramLabels, licenses.program));
        ImGui::SameLine(150.0f);
        if (Figure(tr, "Free licenses", licenses.free)) {
            controller.Navigate(FilteredPage(Page::Rooms, "unlicensed"));
        }
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        MutedText(Format(tr("{0} in all · {1} assigned"),
                         {FormatCount(tr.language(), licenses.total),
                          FormatCount(tr.language(), licenses.assigned)}));
        ImGui::PopID();
    }
}

void DrawAccountFigures(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    HomePageState& home = state.home;
    if (!DrawRemoteStatus(state, home.account, "the account's figures", controller)) return;
    const api::AccountHome& figures = *home.account.value;
    if (SeesSeveralAccounts(state)) {
        const AccountSummary* account = state.CurrentAccount();
        HeadingItem(state, account ? account->name.c_str() : figures.name.c_str());
    }
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(8.0f, 8.0f));

    GroupCaption(tr, "Rooms");
    if (Figure(tr, "Rooms", figures.rooms.total)) controller.Navigate({Page::Rooms, ""});
    ImGui::SameLine();
    if (Figure(tr, "Licensed", figures.rooms.licensed)) {
        controller.Navigate(FilteredPage(Page::Rooms, "licensed"));
    }
    ImGui::SameLine();
    if (Figure(tr, "Without a license", figures.rooms.unlicensed)) {
        controller.Navigate(FilteredPage(Page::Rooms, "unlicensed"));
    }
    ImGui::SameLine();
    if (Figure(tr, "Offline", figures.rooms.offline, /*attention=*/true)) {
        controller.Navigate(FilteredPage(Page::Rooms, "offline"));
    }
    ImGui::SameLine();
    if (Figure(tr, "In a meeting", figures.rooms.in_meeting)) {
        controller.Navigate(FilteredPage(Page::Rooms, "in-meeting"));
    }

    GroupCaption(tr, "Alerts");
    if (Figure(tr, "Firing", figures.alerts_firing, /*attention=*/true)) {
        controller.Navigate(FilteredPage(Page::Alerts, "firing"));
    }

    GroupCaption(tr, "Support");
    if (Figure(tr, "Open tickets", figures.tickets_open)) {
        controller.Navigate(FilteredPage(Page::Support, "open"));
    }
    ImGui::SameLine();
    if (Figure(tr, "Past their target", figures.tickets_breached, /*attention=*/true)) {
        controller.Navigate(FilteredPage(Page::Support, "breached"));
    }

    DrawLicenses(state, controller, figures);

    GroupCaption(tr, "Contracts");
    if (Figure(tr, "Starting within 60 days", figures.contracts_starting_soon)) {
        controller.Navigate(FilteredPage(Page::ServiceOrders, "starting-soon"));
    }
    ImGui::SameLine();
    if (Figure(tr, "Ending within 60 days", figures.contracts_ending_soon)) {
        controller.Navigate(FilteredPage(Page::ServiceOrders, "ending-soon"));
    }
    ImGui::SameLine();
    if (Figure(tr, "Still cancellable", figures.contracts_cancellable)) {
        controller.Navigate(FilteredPage(Page::ServiceOrders, "cancellable"));
    }

    GroupCaption(tr, "Devices");
    if (Figure(tr, "Devices", figures.devices_total)) controller.Navigate({Page::Devices, ""});
    ImGui::SameLine();
    if (Figure(tr, "Warranty ending within 60 days", figures.devices_warranty_ending_soon)) {
        controller.Navigate(FilteredPage(Page::Devices, "warranty-ending"));
    }
    ImGui::PopStyleVar();
}

// [SECTION] A partner's customers

// A count in its table cell, in the error colour when it needs attention.
void CountCell(const Translator& tr, int value, bool attention = false) {
    ImGui::TableNextColumn();
    bool alarm = attention && value > 0;
    if (alarm) ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().error_text);
    TextCell(FormatCount(tr.language(), value));
    if (alarm) ImGui::PopStyleColor();
}

void SortCustomers(HomePageState& home) {
    ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
    if (specs && specs->SpecsDirty) {
        home.sorted = specs->SpecsCount > 0;
        if (home.sorted) {
            home.sort = static_cast<HomeColumn>(specs->Specs[0].ColumnUserID);
            home.ascending = specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
        }
        specs->SpecsDirty = false;
        home.order_dirty = true;
    }
    const std::vector<api::HomeRow>& rows = *home.customers.value;
    if (home.order_dirty || home.order.size() != rows.size()) {
        home.order = OrderHomeRows(rows, home.sorted, home.sort, home.ascending);
        home.order_dirty = false;
    }
}

void DrawCustomers(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    HomePageState& home = state.home;
    HeadingItem(state, tr("Your customers"));
    if (!DrawRemoteStatus(state, home.customers, "your customers", controller)) return;
    const std::vector<api::HomeRow>& rows = *home.customers.value;
    if (rows.empty()) {
        MutedText(tr("No customer account yet."));
        return;
    }
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                            ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Sortable |
                            ImGuiTableFlags_SortTristate;
    if (!ImGui::BeginTable("customers", 7, flags)) return;
    struct Column {
        const char* label;
        HomeColumn id;
        float weight;
    };
    for (const Column& column :
         {Column{"Customer", HomeColumn::Customer, 2.4f}, Column{"Rooms", HomeColumn::Rooms, 0.7f},
          Column{"Offline", HomeColumn::Offline, 0.7f},
          Column{"Firing alerts", HomeColumn::Firing, 0.9f},
          Column{"Breached tickets", HomeColumn::Breached, 1.0f},
          Column{"Free licenses", HomeColumn::FreeLicenses, 0.9f},
          Column{"Ending within 60 days", HomeColumn::EndingSoon, 1.2f}}) {
        // Worst first (the server's order) until a column is clicked.
        ImGui::TableSetupColumn(tr(column.label), ImGuiTableColumnFlags_PreferSortDescending,
                                column.weight, static_cast<ImGuiID>(column.id));
    }
    ImGui::TableHeadersRow();
    SortCustomers(home);
    Id open = 0;
    for (int index : home.order) {
        const api::HomeRow& row = rows[index];
        ImGui::PushID(static_cast<int>(row.account_id));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (ImGui::Selectable(row.name.c_str(), row.account_id == state.account.id)) {
            open = row.account_id;
        }
        if (row.via == "partner" && !row.partner_name.empty()) {
            ImGui::SameLine();
            MutedText(Format(tr("via {0}"), {row.partner_name}));
        }
        CountCell(tr, row.rooms_total);
        CountCell(tr, row.rooms_offline, /*attention=*/true);
        CountCell(tr, row.alerts_firing, /*attention=*/true);
        CountCell(tr, row.tickets_breached, /*attention=*/true);
        CountCell(tr, row.licenses_free);
        CountCell(tr, row.contracts_ending_soon);
        ImGui::PopID();
    }
    ImGui::EndTable();
    // The customer's own figures below (the Overview stays the page).
    if (open != 0) controller.SwitchAccount(open);
}

// A partner's members see their organisation's public code, which a customer's admin enters to
// delegate access (R-ACC-6): said and copied here, where a partner starts.
void DrawPartnerCodes(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    const std::vector<api::PartnerOrgInfo>& orgs = state.me.value->partner_orgs;
    for (const api::PartnerOrgInfo& org : orgs) {
        if (org.code.empty()) continue;
        ImGui::PushID(static_cast<int>(org.id));
        ImGui::AlignTextToFramePadding();
        std::string line = Format(tr("Your partner code: {0}"), {org.code});
        if (orgs.size() > 1) line += " (" + org.name + ")";
        TextItem(line);
        ImGui::SameLine();
        if (ImGui::Button(tr("Copy"))) {
            controller.CopyText(org.code);
            state.home.copied_code = org.code;
        }
        if (state.home.copied_code == org.code) {
            ImGui::SameLine();
            MutedText(tr("Copied."));
        }
        ImGui::PopID();
    }
    ImGui::PushTextWrapPos(0.0f);
    MutedText(
        tr("Give it to a customer: their admin enters it under People & access to let you "
           "manage their account."));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
}

// [SECTION] Operators

// A new link for an invitation still waiting; the old one stops working (R-ACC-2).
void ResendInvitation(AppState& state, AppController& controller,
                      const api::OperatorInvitation& invitation) {
    HomePageState& home = state.home;
    home.resending = invitation.id;
    home.resent = 0;
    Id id = invitation.id;
    NewChange(home.resend);
    controller.Submit(
        home.resend, "POST", "/api/v1/invitations/" + std::to_string(id) + "/resend",
        api::Json::object(),
        [&state, id](const api::Result<api::Json>& result) {
            if (result.ok()) state.home.resent = id;
        },
        /*reload_account=*/false);
}

void DrawOperatorHome(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    HomePageState& home = state.home;
    HeadingItem(state, tr("Vendor operations"));
    if (!DrawRemoteStatus(state, home.operator_home, "the operators' queues", controller)) return;
    const api::OperatorHome& queues = *home.operator_home.value;
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(8.0f, 6.0f));

    if (Figure(tr, "Orders waiting", queues.unmatched_orders, /*attention=*/true)) {
        controller.Navigate(FilteredPage(Page::Intake, "unmatched"));
    }
    if (queues.orders.empty()) MutedText(tr("No order waiting."));
    for (const api::ListedOrder& listed : queues.orders) {
        std::string line = listed.order.po_number + " · " + listed.order.end_customer.company;
        if (!listed.reason.empty()) line += " · " + listed.reason;
        ImGui::Bullet();
        TextItem(line);
    }
    ImGui::Spacing();

    if (Figure(tr, "Critical tickets", queues.critical_tickets, /*attention=*/true)) {
        controller.Navigate(FilteredPage(Page::SupportQueue, "critical"));
    }
    if (queues.tickets.empty()) MutedText(tr("No critical ticket open."));
    for (const api::OperatorTicket& ticket : queues.tickets) {
        ImGui::PushID(static_cast<int>(ticket.id));
        std::string line =
            "#" + std::to_string(ticket.id) + " " + ticket.subject + " · " + ticket.account_name;
        if (!ticket.due_at.empty()) {
            telemetry::Seconds due = 0;
            std::string when = telemetry::ParseUtcTime(ticket.due_at, due)
                                   ? FormatUtcMinuteIn(tr.language(), due) + " UTC"
                                   : ticket.due_at;
            line += " · " + Format(tr("due {0}"), {when});
        }
        if (ticket.breached) ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().error_text);
        if (ImGui::Selectable(line.c_str())) {
            controller.Navigate({Page::Support, std::to_string(ticket.id), ticket.account_id});
        }
        if (ticket.breached) ImGui::PopStyleColor();
        ImGui::PopID();
    }
    ImGui::Spacing();

    // No page lists every account's invitations: the figure is a count, and each invitation
    // waiting can be sent again from here (operators may resend, R-ACC-2).
    ImGui::AlignTextToFramePadding();
    TextItem(Format(tr("{0}: {1}"), {tr("Invitations not accepted"),
                                     FormatCount(tr.language(), queues.pending_invitations)}));
    if (queues.invitations.empty()) MutedText(tr("No invitation waiting."));
    for (const api::OperatorInvitation& invitation : queues.invitations) {
        ImGui::PushID(static_cast<int>(invitation.id));
        std::string line = invitation.email + " · " + invitation.account_name;
        telemetry::Seconds expires = 0;
        if (telemetry::ParseUtcTime(invitation.expires_at, expires)) {
            line += " · " +
                    Format(tr("expires {0}"),
                           {FormatDateIn(tr.language(), Date{static_cast<int>(expires / 86400)})});
        }
        ImGui::AlignTextToFramePadding();
        ImGui::Bullet();
        TextItem(line);
        ImGui::SameLine();
        bool sending = home.resend.busy() && home.resending == invitation.id;
        ImGui::BeginDisabled(home.resend.busy());
        if (ImGui::Button(tr(sending ? "Sending…" : "Resend"))) {
            ResendInvitation(state, controller, invitation);
        }
        ImGui::EndDisabled();
        if (home.resent == invitation.id) {
            ImGui::SameLine();
            MutedText(tr("A new link was sent."));
        }
        ImGui::PopID();
    }
    SubmissionError(state, home.resend);
    ImGui::PopStyleVar();
}

}  // namespace

bool DrawFilterChip(AppState& state, AppController& controller, const std::string& filter) {
    const char* label = RouteFilterLabel(state.route.page, filter);
    if (!label) return false;
    const Translator& tr = state.tr;
    std::string chip = Format(tr("Filtered: {0}"), {tr(label)}) + " ×";
    ImGui::PushStyleColor(ImGuiCol_Button, theme::Colors().support_view_background);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 12.0f);
    bool removed = ImGui::Button(chip.c_str());
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Remove the filter"));
    if (removed && !state.route.filter.empty()) {
        Route route = state.route;
        route.filter.clear();
        controller.Navigate(route);
    }
    return removed;
}

std::span<const TextPair> OverviewTexts() {
    return kTexts;
}

void DrawOverviewPage(AppState& state, AppController& controller) {
    HomePageState& home = state.home;
    HeadingItem(state, state.tr("Overview"), 1);
    bool busy = home.account.loading() || home.customers.loading() ||
                home.operator_home.loading() || state.accounts.loading() ||
                state.health.loading() || state.catalogue.loading();
    ImGui::SameLine(ImGui::GetContentRegionMax().x - 90.0f);
    ImGui::BeginDisabled(busy);  // never send the same request twice
    if (ImGui::Button(state.tr("Refresh"), ImVec2(90.0f, 0))) {
        home.Reopened();
        controller.Refresh();
    }
    ImGui::EndDisabled();
    if (!state.me.value) return;
    LoadHome(state, controller);

    DrawGettingStarted(state, controller);
    if (state.IsOperator()) {
        DrawOperatorHome(state, controller);
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::Spacing();
    }
    if (!state.me.value->partner_orgs.empty()) DrawPartnerCodes(state, controller);
    if (SeesSeveralAccounts(state)) {
        DrawCustomers(state, controller);
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::Spacing();
    }
    if (state.account.id != 0) {
        DrawAccountFigures(state, controller);
    } else if (state.accounts.value && state.accounts.value->empty() && !state.IsOperator()) {
        MutedText(state.tr("No account is shared with you yet."));
    }
}

}  // namespace portal::app
