// Rooms: the account's rooms as a table (search, filters, sorting, multi-select), a room's
// detail (devices, licenses, entitlements, history), and the changes: assign a license (one
// room or the selection, with the engine's verdict before anything is sent), unassign, move a
// license, add a room, import rooms from a file, export the table as CSV.
#include <imgui.h>

#include <algorithm>
#include <charconv>

#include "api/json_fields.h"
#include "app/a11y.h"
#include "app/charts.h"
#include "app/theme.h"
#include "app/views/audit_text.h"
#include "app/views/views.h"
#include "app/widgets.h"
#include "core/csv.h"
#include "core/device_table.h"

namespace portal::app {

namespace {

constexpr TextPair kTexts[] = {
    // Announced to screen readers when a change succeeds (issue 17).
    {"License assigned to {0}", "Licence attribuée à {0}"},
    {"Licenses assigned to {0} of {1} rooms", "Licences attribuées à {0} salles sur {1}"},
    {"{0} license removed from {1}", "Licence {0} retirée de {1}"},
    {"{0} license moved from {1} to {2}", "Licence {0} déplacée de {1} vers {2}"},
    {"Room {0} added", "Salle {0} ajoutée"},
    // Empty pages: what they will hold and the action that fills them (issue 16).
    {"This account has no room yet.", "Ce compte n'a pas encore de salle."},
    {"Rooms are where licenses, devices, alerts and Insights live. Add your meeting rooms one by "
     "one, or import them from a CSV or JSON file.",
     "Les salles portent les licences, les appareils, les alertes et Insights. Ajoutez vos salles "
     "de réunion une à une, ou importez-les depuis un fichier CSV ou JSON."},
    {"Add your first room", "Ajouter votre première salle"},
    {"Rooms", "Salles"},
    {"the rooms", "les salles"},
    {"{0} of {1} rooms", "{0} salles sur {1}"},
    {"{0} rooms", "{0} salles"},
    {"Search", "Rechercher"},
    {"Name, site, country or serial", "Nom, site, pays ou numéro de série"},
    {"Site", "Site"},
    {"All sites", "Tous les sites"},
    {"License", "Licence"},
    {"Any license", "Toutes licences"},
    {"No license", "Sans licence"},
    {"Name", "Nom"},
    {"Country", "Pays"},
    {"Devices", "Appareils"},
    {"Licenses", "Licences"},
    {"Insights", "Insights"},
    {"Alerts", "Alertes"},
    {"Yes", "Oui"},
    {"No", "Non"},
    {"Select {0}", "Sélectionner {0}"},
    {"Select all shown", "Tout sélectionner"},
    {"Selection", "Sélection"},
    {"{0} selected", "{0} sélectionnée(s)"},
    {"Clear selection", "Effacer la sélection"},
    {"Assign license", "Attribuer une licence"},
    {"Assign", "Attribuer"},
    {"Unassign", "Retirer"},
    {"Move license", "Déplacer la licence"},
    {"Move", "Déplacer"},
    {"Add room", "Ajouter une salle"},
    {"Import rooms", "Importer des salles"},
    {"Export CSV", "Exporter en CSV"},
    {"Cancel", "Annuler"},
    {"Close", "Fermer"},
    {"No room matches the search.", "Aucune salle ne correspond à la recherche."},
    {"Room", "Salle"},
    {"Capacity", "Capacité"},
    {"{0} seats", "{0} places"},
    {"No device in this room.", "Aucun appareil dans cette salle."},
    {"No license in this room.", "Aucune licence dans cette salle."},
    {"since {0}", "depuis le {0}"},
    {"Entitlements", "Droits"},
    {"Support", "Support"},
    {"Warranty", "Garantie"},
    {"RMA", "RMA"},
    {"History", "Historique"},
    {"the history", "l'historique"},
    {"Nothing recorded yet.", "Rien d'enregistré pour l'instant."},
    {"The history is shown to the account's admins.",
     "L'historique est visible des administrateurs du compte."},
    {"This room is not in this account.", "Cette salle n'est pas dans ce compte."},
    {"Contract", "Contrat"},
    {"Pick a contract", "Choisissez un contrat"},
    {"{0} · {1} · {2} free", "{0} · {1} · {2} libre(s)"},
    {"No contract of this account can license rooms.",
     "Aucun contrat de ce compte ne peut attribuer de licence aux salles."},
    {"Will assign a {0} license of {1} to {2}.", "Attribuera une licence {0} de {1} à {2}."},
    {"Will work for {0} of {1} rooms.", "Fonctionnera pour {0} salles sur {1}."},
    {"Assign to {0} rooms", "Attribuer à {0} salles"},
    {"Assign to 1 room", "Attribuer à 1 salle"},
    {"{0} room will be refused:", "{0} salle sera refusée :"},
    {"{0} rooms will be refused:", "{0} salles seront refusées :"},
    {"No selected room can take a license of this contract: the reason for each room is listed "
     "above.",
     "Aucune salle sélectionnée ne peut recevoir une licence de ce contrat : la raison pour "
     "chacune est indiquée ci-dessus."},
    {"will be licensed", "sera sous licence"},
    {"Assigning… {0} of {1}", "Attribution… {0} sur {1}"},
    {"Done: {0} assigned, {1} refused.", "Terminé : {0} attribuée(s), {1} refusée(s)."},
    {"assigned", "attribuée"},
    {"Remove the {0} license from {1}? The license goes back to its contract.",
     "Retirer la licence {0} de {1} ? La licence retourne à son contrat."},
    {"Destination room", "Salle de destination"},
    {"Filter rooms", "Filtrer les salles"},
    {"Pick the room that receives the license.", "Choisissez la salle qui reçoit la licence."},
    {"Will move the {0} license from {1} to {2}.", "Déplacera la licence {0} de {1} vers {2}."},
    {"{0} more: type to narrow the list.", "{0} de plus : tapez pour réduire la liste."},
    {"Add", "Ajouter"},
    {"Country (2 letters, e.g. FR)", "Pays (2 lettres, ex. FR)"},
    {"Choose a CSV or JSON file…", "Choisir un fichier CSV ou JSON…"},
    {"A CSV with the columns name, site, country and capacity (a header line first), or a JSON "
     "array of {name, site, country, capacity}. Nothing is imported if a line is wrong; rooms "
     "already there are skipped.",
     "Un CSV avec les colonnes name, site, country et capacity (une ligne d'en-tête d'abord), ou "
     "un tableau JSON de {name, site, country, capacity}. Rien n'est importé si une ligne est "
     "fausse ; les salles déjà présentes sont ignorées."},
    {"File: {0} ({1} bytes)", "Fichier : {0} ({1} octets)"},
    {"Import", "Importer"},
    {"{0} rooms imported, {1} already there.", "{0} salles importées, {1} déjà présentes."},
    {"Admin only", "Réservé aux administrateurs"},
    {"Copy name", "Copier le nom"},
    {"Room created", "Salle créée"},
    {"Room imported", "Salle importée"},
    {"Room changed", "Salle modifiée"},
    {"Room deleted", "Salle supprimée"},
    {"Time zone (IANA, e.g. Europe/Paris)", "Fuseau horaire (IANA, ex. Europe/Paris)"},
    {"Time zone", "Fuseau horaire"},
    {"UTC", "UTC"},
    {"License assigned", "Licence attribuée"},
    {"License removed", "Licence retirée"},
    {"License moved out", "Licence déplacée ailleurs"},
    // The vendor's support reading the account (audit action support.read, issue 14).
    {"Vendor support read {0}", "Le support du fournisseur a consulté {0}"},
    {"the account", "le compte"},
    {"the contracts", "les contrats"},
    {"the spares pools", "les pools de pièces de rechange"},
    {"the account's data", "les données du compte"},
    {"the audit log", "le journal d'audit"},
    {"the devices", "les appareils"},
    {"the members", "les membres"},
    {"the invitations", "les invitations"},
    {"the delegations", "les délégations"},
    {"the agent tokens", "les jetons d'agent"},
    {"the kiosk links", "les liens d'affichage"},
    {"the live status", "l'état en direct"},
    {"the Insights charts", "les graphiques Insights"},
    {"the Insights summary", "le résumé Insights"},
    {"the alert rules", "les règles d'alerte"},
    {"the alert channels", "les canaux d'alerte"},
    {"the alerts", "les alertes"},
    {"the silences", "les silences"},
    {"the tickets", "les tickets"},
    {"room {0}", "la salle {0}"},
    {"the entitlements of room {0}", "les droits de la salle {0}"},
    {"alert {0}", "l'alerte {0}"},
};

// Actions in the history, as people say them (translated through kTexts).
struct ActionName {
    const char* action;
    const char* label;
};
constexpr ActionName kActionNames[] = {
    {"room.create", "Room created"},        {"room.import", "Room imported"},
    {"room.update", "Room changed"},        {"room.delete", "Room deleted"},
    {"license.assign", "License assigned"}, {"license.unassign", "License removed"},
    {"license.move", "License moved out"},
};

// What a support read read, by the path under /api/v1/accounts/{id}/ (translated through
// kTexts); another path is shown as it is.
constexpr ActionName kAccountReads[] = {
    {"", "the account"},
    {"contracts", "the contracts"},
    {"spares", "the spares pools"},
    {"state", "the account's data"},
    {"audit", "the audit log"},
    {"rooms", "the rooms"},
    {"devices", "the devices"},
    {"members", "the members"},
    {"invitations", "the invitations"},
    {"delegations", "the delegations"},
    {"agent-tokens", "the agent tokens"},
    {"kiosk-links", "the kiosk links"},
    {"status", "the live status"},
    {"insights", "the Insights charts"},
    {"insights/summary", "the Insights summary"},
    {"alert-rules", "the alert rules"},
    {"alert-channels", "the alert channels"},
    {"alerts", "the alerts"},
    {"silences", "the silences"},
    {"tickets", "the tickets"},
};

// Only rooms of the account on screen can be opened; 0 for anything else.
Id ParseId(const std::string& text) {
    Id id = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    return error == std::errc() && end == text.data() + text.size() && id > 0 ? id : 0;
}

std::string ProgramName(const Catalogue& catalogue, const std::string& program) {
    const Program* found = catalogue.FindProgram(program);
    return found ? found->name : program;
}

std::string ProgramsText(const Catalogue& catalogue, const std::vector<std::string>& programs) {
    std::string text;
    for (const std::string& program : programs) {
        if (!text.empty()) text += ", ";
        text += ProgramName(catalogue, program);
    }
    return text.empty() ? "—" : text;
}

const Room* FindRoom(const State& state, Id id) {
    return id ? state.FindRoom(id) : nullptr;
}

// The contracts whose licenses go to rooms (R-ROOM-6), still in service, for the picker.
struct ContractChoice {
    Id id = 0;
    std::string label;
};

std::vector<ContractChoice> AssignableContracts(const AppState& state, Date today) {
    std::vector<ContractChoice> choices;
    const State& account = *state.account.state.value;
    const Catalogue& catalogue = *state.catalogue.value;
    for (const Contract& contract : account.contracts) {
        const Program* program = catalogue.FindProgram(contract.program);
        if (!program || !program->assignable_to_rooms) continue;
        ContractView view = ViewContract(account, catalogue, contract, today);
        if (view.status == ContractStatus::Cancelled || view.status == ContractStatus::Expired) {
            continue;
        }
        choices.push_back(
            {contract.id, Format(state.tr("{0} · {1} · {2} free"),
                                 {contract.po_number, program->name, std::to_string(view.free)})});
    }
    return choices;
}

std::string RefusalText(const AppState& state, const Refusal& refusal) {
    std::string text = refusal.message.In(state.tr.language());
    if (!refusal.rule.empty()) text += " (" + refusal.rule + ")";
    return text;
}

// Plans the dialog's one action with the engine when its inputs changed.
void UpdateVerdict(AppState& state, AppController& controller, const Action& action) {
    RoomsPageState& page = state.rooms_page;
    RoomsPageState::Verdict& verdict = page.verdict;
    if (verdict.planned && verdict.version == state.account.version &&
        verdict.room == action.room_id && verdict.contract == action.contract_id &&
        verdict.program == action.program && verdict.to_room == action.to_room_id) {
        return;
    }
    verdict = {};
    verdict.version = state.account.version;
    verdict.room = action.room_id;
    verdict.contract = action.contract_id;
    verdict.program = action.program;
    verdict.to_room = action.to_room_id;
    verdict.planned = true;
    Outcome<Change> outcome =
        Plan(*state.account.state.value, *state.catalogue.value, action, controller.Today());
    verdict.refusal = outcome.refusal;
}

// ---------------------------------------------------------------------------------------------
// The table

// A link's filter (the Overview's figures, issue 16): by license, or by live status as the
// status loop reports it.
bool KeptByRouteFilter(const AppState& state, const RoomRow& row) {
    const std::string& filter = state.rooms_page.route_filter;
    if (filter == "unlicensed") return row.programs.empty();
    if (filter == "licensed") return !row.programs.empty();
    const telemetry::RoomStatus* status = state.live.Room(row.room_id);
    if (filter == "offline") return status && status->state == telemetry::RoomState::Offline;
    if (filter == "in-meeting") return status && status->state == telemetry::RoomState::Meeting;
    return true;
}

void RebuildRows(AppState& state, AppController& controller) {
    RoomsPageState& page = state.rooms_page;
    if (!page.route_filter.empty()) {
        std::string live = state.live.status.value ? state.live.status.value->version : "";
        if (live != page.filtered_at) {
            page.filtered_at = std::move(live);
            page.query_dirty = true;
        }
    }
    if (page.built_from != state.account.version) {
        page.rows =
            BuildRoomRows(*state.account.state.value, *state.catalogue.value, controller.Today());
        page.sites = SitesOf(page.rows);
        page.built_from = state.account.version;
        page.query_dirty = true;
        // A room that is gone cannot stay selected.
        std::set<Id> present;
        for (const RoomRow& row : page.rows) {
            if (page.selected.count(row.room_id)) present.insert(row.room_id);
        }
        page.selected.swap(present);
    }
    if (page.query_dirty) {
        page.visible = QueryRooms(page.rows, page.query);
        if (!page.route_filter.empty()) {
            std::erase_if(page.visible,
                          [&](int i) { return !KeptByRouteFilter(state, page.rows[i]); });
        }
        page.query_dirty = false;
    }
}

void DrawFilters(AppState& state) {
    RoomsPageState& page = state.rooms_page;
    const Translator& tr = state.tr;
    ImGui::SetNextItemWidth(300.0f);
    if (ImGui::InputTextWithHint("##search", tr("Name, site, country or serial"), page.search,
                                 sizeof page.search)) {
        page.query.text = page.search;
        page.query_dirty = true;
    }
    NameLastItem(tr("Search"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(180.0f);
    const char* site_preview = page.query.site.empty() ? tr("All sites") : page.query.site.c_str();
    if (ImGui::BeginCombo("##site", site_preview)) {
        if (ImGui::Selectable(tr("All sites"), page.query.site.empty())) {
            page.query.site.clear();
            page.query_dirty = true;
        }
        for (const std::string& site : page.sites) {
            if (ImGui::Selectable(site.empty() ? "—" : site.c_str(), page.query.site == site)) {
                page.query.site = site;
                page.query_dirty = true;
            }
        }
        ImGui::EndCombo();
    }
    NameLastItem(tr("Site"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(180.0f);
    const Catalogue& catalogue = *state.catalogue.value;
    std::string license_preview = page.query.program.empty() ? tr("Any license")
                                  : page.query.program == "none"
                                      ? tr("No license")
                                      : ProgramName(catalogue, page.query.program);
    if (ImGui::BeginCombo("##license", license_preview.c_str())) {
        auto option = [&](const char* label, const std::string& value) {
            if (ImGui::Selectable(label, page.query.program == value)) {
                page.query.program = value;
                page.query_dirty = true;
            }
        };
        option(tr("Any license"), "");
        option(tr("No license"), "none");
        for (const Program& program : catalogue.programs) {
            if (program.assignable_to_rooms) option(program.name.c_str(), program.id);
        }
        ImGui::EndCombo();
    }
    NameLastItem(tr("License"));
}

// Click: open the room. Ctrl-click: add or remove it from the selection. Shift-click: select
// the range from the last clicked room, in the order shown.
void OnRowClicked(AppState& state, AppController& controller, int visible_index) {
    RoomsPageState& page = state.rooms_page;
    const RoomRow& row = page.rows[page.visible[visible_index]];
    ImGuiIO& io = ImGui::GetIO();
    if (io.KeyShift && page.anchor != 0) {
        auto anchor = std::find_if(page.visible.begin(), page.visible.end(),
                                   [&](int i) { return page.rows[i].room_id == page.anchor; });
        if (anchor != page.visible.end()) {
            int from = static_cast<int>(anchor - page.visible.begin());
            int to = visible_index;
            if (from > to) std::swap(from, to);
            for (int i = from; i <= to; ++i)
                page.selected.insert(page.rows[page.visible[i]].room_id);
            return;
        }
    }
    if (io.KeyCtrl || io.KeySuper) {
        if (!page.selected.erase(row.room_id)) page.selected.insert(row.room_id);
        page.anchor = row.room_id;
        return;
    }
    page.anchor = row.room_id;
    controller.Navigate({Page::Rooms, std::to_string(row.room_id), state.account.id});
}

void OpenDialog(AppState& state, RoomDialog dialog, Id room, std::string program);

void DrawTable(AppState& state, AppController& controller, Id open_room) {
    RoomsPageState& page = state.rooms_page;
    const Translator& tr = state.tr;
    const Catalogue& catalogue = *state.catalogue.value;
    if (page.rows.empty()) {
        if (EmptyState(state, "This account has no room yet.",
                       "Rooms are where licenses, devices, alerts and Insights live. Add your "
                       "meeting rooms one by one, or import them from a CSV or JSON file.",
                       "Add your first room")) {
            OpenDialog(state, RoomDialog::Add, 0, {});
        }
        return;
    }
    if (page.visible.empty()) {
        MutedText(tr("No room matches the search."));
        return;
    }
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                            ImGuiTableFlags_ScrollY | ImGuiTableFlags_Sortable |
                            ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("rooms", 11, flags, ImVec2(0, 0))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    // Named for screen readers (the column header), its label hidden on screen.
    ImGui::TableSetupColumn(tr("Selection"),
                            ImGuiTableColumnFlags_NoSort | ImGuiTableColumnFlags_WidthFixed |
                                ImGuiTableColumnFlags_NoHeaderLabel,
                            ImGui::GetFrameHeight());
    ImGui::TableSetupColumn(tr("Name"), ImGuiTableColumnFlags_DefaultSort, 2.2f,
                            static_cast<ImGuiID>(RoomColumn::Name));
    ImGui::TableSetupColumn(tr("Site"), 0, 1.4f, static_cast<ImGuiID>(RoomColumn::Site));
    ImGui::TableSetupColumn(tr("Country"), 0, 0.7f, static_cast<ImGuiID>(RoomColumn::Country));
    ImGui::TableSetupColumn(tr("Devices"), 0, 0.7f, static_cast<ImGuiID>(RoomColumn::Devices));
    ImGui::TableSetupColumn(tr("Licenses"), 0, 1.6f, static_cast<ImGuiID>(RoomColumn::Licenses));
    ImGui::TableSetupColumn(tr("Insights"), 0, 0.7f, static_cast<ImGuiID>(RoomColumn::Insights));
    ImGui::TableSetupColumn(tr("Alerts"), ImGuiTableColumnFlags_NoSort, 0.6f);
    // Live (the app's long-poll loop) and the last week's occupancy (rooms with Insights).
    ImGui::TableSetupColumn(tr("Status"), ImGuiTableColumnFlags_NoSort, 1.2f);
    ImGui::TableSetupColumn(tr("Last 7 days"), ImGuiTableColumnFlags_NoSort, 0.9f);
    // Open ticket, on the rooms that are offline or need attention (issue 14).
    ImGui::TableSetupColumn(
        tr("Actions"),
        ImGuiTableColumnFlags_NoSort | ImGuiTableColumnFlags_WidthFixed |
            ImGuiTableColumnFlags_NoHeaderLabel,
        ImGui::CalcTextSize(tr("Open ticket")).x + ImGui::GetStyle().FramePadding.x * 2 + 8.0f);
    HeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
        if (specs->SpecsCount > 0) {
            page.query.sort = static_cast<RoomColumn>(specs->Specs[0].ColumnUserID);
            page.query.ascending = specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
            page.query_dirty = true;
        }
        specs->SpecsDirty = false;
    }

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(page.visible.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const RoomRow& row = page.rows[page.visible[i]];
            ImGui::PushID(static_cast<int>(row.room_id));
            ImGui::TableNextRow();
            a11y::TableRow(i, static_cast<int>(page.visible.size()));
            ImGui::TableNextColumn();
            bool selected = page.selected.count(row.room_id) > 0;
            if (ImGui::Checkbox("##selected", &selected)) {
                if (selected) {
                    page.selected.insert(row.room_id);
                } else {
                    page.selected.erase(row.room_id);
                }
                page.anchor = row.room_id;
            }
            NameLastItem(Format(tr("Select {0}"), {row.name}).c_str());
            ImGui::TableNextColumn();
            bool open = row.room_id == open_room;
            if (ImGui::Selectable(
                    row.name.c_str(), open || selected,
                    ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowOverlap)) {
                OnRowClicked(state, controller, i);
            }
            if (ImGui::BeginPopupContextItem("row-menu")) {
                if (ImGui::Selectable(tr("Copy name"))) controller.CopyText(row.name);
                ImGui::EndPopup();
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.site.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.country.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%d", row.devices);
            ImGui::TableNextColumn();
            std::string programs = ProgramsText(catalogue, row.programs);
            ImGui::TextUnformatted(programs.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.insights ? tr("Yes") : tr("No"));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.alerts ? tr("Yes") : tr("No"));
            ImGui::TableNextColumn();
            TextItem(RoomStatusText(state, row.room_id));
            DrawAlertBadge(state, row.room_id);  // a firing alert, in words on its colour
            ImGui::TableNextColumn();
            if (const std::vector<double>* line = RoomSparkline(state, row.room_id)) {
                std::string words = RoomSparklineWords(tr, *line);  // issue 17
                charts::Sparkline(*line, 1.0, ImGui::GetContentRegionAvail().x,
                                  ImGui::GetTextLineHeight(), words.c_str());
            }
            ImGui::TableNextColumn();
            if (RoomNeedsTicket(state, row.room_id))
                OpenTicketButton(state, controller, row.room_id);
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

std::string ExportCsv(const AppState& state) {
    const RoomsPageState& page = state.rooms_page;
    const Catalogue& catalogue = *state.catalogue.value;
    // English column names that the import reads back (extra columns are ignored there).
    std::string csv = CsvLine(
        {"name", "site", "country", "capacity", "devices", "licenses", "insights", "alerts"});
    for (int index : page.visible) {
        const RoomRow& row = page.rows[index];
        std::string programs;
        for (const std::string& program : row.programs) {
            if (!programs.empty()) programs += "; ";
            programs += ProgramName(catalogue, program);
        }
        csv += CsvLine({row.name, row.site, row.country, std::to_string(row.capacity),
                        std::to_string(row.devices), programs, row.insights ? "yes" : "no",
                        row.alerts ? "yes" : "no"});
    }
    return csv;
}

void OpenDialog(AppState& state, RoomDialog dialog, Id room = 0, std::string program = {}) {
    RoomsPageState& page = state.rooms_page;
    page.dialog = dialog;
    page.dialog_room = room;
    page.program = std::move(program);
    page.contract_id = 0;
    page.to_room_id = 0;
    page.to_room_filter[0] = 0;
    page.verdict = {};
    page.submit.Clear();
    page.bulk_results.clear();
    page.bulk_queue.clear();
    page.bulk_sent = 0;
    page.import_summary.clear();
}

void DrawToolbar(AppState& state, AppController& controller) {
    RoomsPageState& page = state.rooms_page;
    const Translator& tr = state.tr;
    std::string why_not = ReadOnlyReason(state);
    std::string count =
        page.visible.size() == page.rows.size()
            ? Format(tr("{0} rooms"), {FormatCount(tr.language(), page.rows.size())})
            : Format(tr("{0} of {1} rooms"), {FormatCount(tr.language(), page.visible.size()),
                                              FormatCount(tr.language(), page.rows.size())});
    MutedText(count);
    ImGui::SameLine();
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetContentRegionMax().x - 420.0f));
    if (ActionButton(tr("Add room"), why_not)) OpenDialog(state, RoomDialog::Add);
    ImGui::SameLine();
    if (ActionButton(tr("Import rooms"), why_not)) OpenDialog(state, RoomDialog::Import);
    ImGui::SameLine();
    if (ImGui::Button(tr("Export CSV"))) {
        const AccountSummary* account = state.CurrentAccount();
        std::string name =
            "rooms-" + (account ? std::to_string(account->id) : std::string("account")) + ".csv";
        controller.DownloadFile(name, "text/csv;charset=utf-8", ExportCsv(state));
    }
    DrawFilters(state);

    // The selection bar: what can be done to many rooms at once.
    if (!page.selected.empty()) {
        ImGui::AlignTextToFramePadding();
        TextItem(Format(tr("{0} selected"), {FormatCount(tr.language(), page.selected.size())}));
        ImGui::SameLine();
        if (ActionButton(tr("Assign license"), why_not)) OpenDialog(state, RoomDialog::BulkAssign);
        ImGui::SameLine();
        if (ImGui::Button(tr("Clear selection"))) page.selected.clear();
    } else {
        ImGui::AlignTextToFramePadding();
        if (ImGui::Button(tr("Select all shown"))) {
            for (int index : page.visible) page.selected.insert(page.rows[index].room_id);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The room's detail

void LoadHistory(AppState& state, AppController& controller, Id room) {
    RoomsPageState& page = state.rooms_page;
    // Read again after every change of the account: the change is the history's newest line.
    if (page.history_room == room && page.history_version == state.account.version &&
        page.history.status != RequestStatus::Idle) {
        return;
    }
    bool same_room = page.history_room == room;
    page.history_room = room;
    page.history_version = state.account.version;
    if (!same_room) page.history.Reset();  // another room: its own lines, not the last one's
    if (!state.CanEdit()) return;          // the audit log is the admins'
    std::string path = "/api/v1/accounts/" + std::to_string(state.account.id) +
                       "/audit?limit=20&object=room:" + std::to_string(room);
    controller.FetchJson(
        page.history, path, [&page](const api::Json& json, std::vector<api::FieldError>& errors) {
            if (!json.contains("entries") || !json["entries"].is_array()) {
                errors.push_back({"entries", "is missing"});
                return false;
            }
            std::vector<RoomsPageState::HistoryEntry> entries;
            for (const api::Json& entry : json["entries"]) {
                entries.push_back(
                    {entry.value("at", ""), entry.value("action", ""), entry.value("object", "")});
            }
            page.history.value = std::move(entries);
            return true;
        });
}

void DrawDetail(AppState& state, AppController& controller, const Room& room) {
    RoomsPageState& page = state.rooms_page;
    const Translator& tr = state.tr;
    const State& account = *state.account.state.value;
    const Catalogue& catalogue = *state.catalogue.value;
    Date today = controller.Today();
    std::string why_not = ReadOnlyReason(state);

    HeadingItem(state, room.name.c_str());
    MutedText(room.site + " · " + CatalogueLabel(state, kCountryLabels, room.country) + " · " +
              Format(tr("{0} seats"), {std::to_string(room.capacity)}));
    TextItem(std::string(tr("Status")) + ": " + RoomStatusText(state, room.id));
    DrawAlertBadge(state, room.id);
    if (RoomNeedsTicket(state, room.id)) OpenTicketButton(state, controller, room.id);
    MutedText(std::string(tr("Time zone")) + ": " +
              (room.time_zone.empty() ? std::string(tr("UTC")) : room.time_zone));
    ImGui::Spacing();

    TextItem(tr("Licenses"));
    bool any_license = false;
    for (const Program& program : catalogue.programs) {
        if (!program.assignable_to_rooms) continue;
        const Assignment* held = ActiveLicense(account, catalogue, room.id, program.id, today);
        if (!held) continue;
        any_license = true;
        const Contract* contract = account.FindContract(held->contract_id);
        ImGui::PushID(program.id.c_str());
        TextItem(program.name + " · " + (contract ? contract->po_number : std::string()) + " · " +
                 Format(tr("since {0}"), {FormatDateIn(tr.language(), held->assigned_on)}));
        if (ActionButton(tr("Unassign"), why_not)) {
            OpenDialog(state, RoomDialog::Unassign, room.id, program.id);
        }
        ImGui::SameLine();
        if (ActionButton(tr("Move license"), why_not)) {
            OpenDialog(state, RoomDialog::Move, room.id, program.id);
        }
        ImGui::PopID();
    }
    if (!any_license) MutedText(tr("No license in this room."));
    if (ActionButton(tr("Assign license"), why_not)) {
        OpenDialog(state, RoomDialog::Assign, room.id);
    }
    ImGui::Spacing();

    TextItem(tr("Devices"));
    bool any_device = false;
    for (const Device& device : account.devices) {
        if (device.room_id != room.id) continue;
        any_device = true;
        const Product* product = catalogue.FindProduct(device.product);
        TextItem(device.serial + " · " + (product ? product->name : device.product));
    }
    if (!any_device) MutedText(tr("No device in this room."));
    ImGui::Spacing();

    TextItem(tr("Entitlements"));
    RoomEntitlements rights = EntitlementsOf(account, catalogue, room.id, today);
    auto right = [&](const char* name, bool on) {
        TextItem(std::string(tr(name)) + ": " + (on ? tr("Yes") : tr("No")));
    };
    right("Insights", rights.insights);
    right("Alerts", rights.alerts);
    right("Support", rights.support);
    right("Warranty", rights.warranty);
    right("RMA", rights.rma);
    ImGui::Spacing();

    DrawRoomAlerts(state, controller, room.id, rights.alerts);
    ImGui::Spacing();

    TextItem(tr("History"));
    LoadHistory(state, controller, room.id);
    if (!state.CanEdit()) {
        MutedText(tr("The history is shown to the account's admins."));
    } else if (DrawRemoteStatus(state, page.history, "the history", controller)) {
        if (page.history.value->empty()) MutedText(tr("Nothing recorded yet."));
        for (const auto& entry : *page.history.value) {
            std::string date = entry.at.substr(0, 10);
            Date day;
            if (ParseDate(date, day)) date = FormatDateIn(tr.language(), day);
            TextItem(date + " " + entry.at.substr(11, 5) + " · " +
                     AuditSentence(tr, &account, entry.action, entry.object));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Dialogs

// Opens the modal the first frame and keeps it; returns false when it is not showing.
bool BeginDialog(AppState& state, const char* title, const char* id) {
    std::string name = std::string(state.tr(title)) + "###" + id;
    if (!ImGui::IsPopupOpen(name.c_str())) ImGui::OpenPopup(name.c_str());
    ImGui::SetNextWindowSizeConstraints(ImVec2(460, 0), ImVec2(720, 640));
    if (!ImGui::BeginPopupModal(name.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        state.rooms_page.dialog = RoomDialog::None;
        return false;
    }
    return true;
}

void CloseDialog(AppState& state) {
    state.rooms_page.dialog = RoomDialog::None;
    state.rooms_page.submit.Clear();
    ImGui::CloseCurrentPopup();
}

// A dialog about the room page.dialog_room: the room, with the dialog open, or nullptr when
// the dialog is not shown (closed, or the room is gone since: it closes then).
const Room* BeginRoomDialog(AppState& state, const char* title, const char* id) {
    if (!BeginDialog(state, title, id)) return nullptr;
    const Room* room = FindRoom(*state.account.state.value, state.rooms_page.dialog_room);
    if (!room) {
        CloseDialog(state);
        ImGui::EndPopup();
    }
    return room;
}

// Cancel (or Escape) closes; the confirm button (or Enter) runs `confirm` when allowed.
void DialogButtons(AppState& state, const char* confirm_label, const std::string& why_not,
                   const std::function<void()>& confirm) {
    RoomsPageState& page = state.rooms_page;
    ImGui::Spacing();
    bool busy = page.submit.busy();
    std::string blocked = busy ? std::string(" ") : why_not;
    if (ActionButton(confirm_label, blocked) || (EnterPressed() && blocked.empty())) confirm();
    ImGui::SameLine();
    if (ImGui::Button(state.tr("Cancel")) || EscapePressed()) CloseDialog(state);
}

void ContractPicker(AppState& state, Date today) {
    RoomsPageState& page = state.rooms_page;
    std::vector<ContractChoice> choices = AssignableContracts(state, today);
    TextItem(state.tr("Contract"));
    if (choices.empty()) {
        MutedText(state.tr("No contract of this account can license rooms."));
        return;
    }
    if (page.contract_id == 0 && choices.size() == 1) page.contract_id = choices[0].id;
    for (const ContractChoice& choice : choices) {
        ImGui::PushID(static_cast<int>(choice.id));
        // In a modal: a click picks, it does not close the dialog.
        if (ImGui::Selectable(choice.label.c_str(), page.contract_id == choice.id,
                              ImGuiSelectableFlags_DontClosePopups)) {
            page.contract_id = choice.id;
        }
        // One choice of several: a screen reader says which one is picked.
        a11y::SetRole(a11y::Role::Radio);
        if (page.contract_id == choice.id) a11y::AddStates(a11y::state::kChecked);
        ImGui::PopID();
    }
}

void DrawAssignDialog(AppState& state, AppController& controller) {
    RoomsPageState& page = state.rooms_page;
    const Translator& tr = state.tr;
    const Room* room = BeginRoomDialog(state, "Assign license", "assign");
    if (!room) return;
    const State& account = *state.account.state.value;
    TextItem(tr("Room") + std::string(": ") + room->name);
    ContractPicker(state, controller.Today());
    std::string why_not;
    if (page.contract_id == 0) {
        why_not = tr("Pick a contract");
    } else {
        UpdateVerdict(state, controller, Action::Assign(room->id, page.contract_id));
        if (page.verdict.refusal) {
            why_not = RefusalText(state, *page.verdict.refusal);
            ErrorText(why_not);
        } else if (const Contract* contract = account.FindContract(page.contract_id)) {
            TextItem(Format(tr("Will assign a {0} license of {1} to {2}."),
                            {ProgramName(*state.catalogue.value, contract->program),
                             contract->po_number, room->name}));
        }
    }
    SubmissionError(state, page.submit);
    DialogButtons(state, tr("Assign"), why_not, [&] {
        controller.Submit(
            page.submit, "POST", "/api/v1/rooms/" + std::to_string(room->id) + "/licenses",
            {{"contractId", page.contract_id}},
            [&state, &controller, name = room->name](const api::Result<api::Json>& result) {
                if (!result.ok()) return;
                state.rooms_page.dialog = RoomDialog::None;
                controller.Announce(Format(state.tr("License assigned to {0}"), {name}), false);
            });
    });
    ImGui::EndPopup();
}

// Sends the queued assignments one after another; each answer is recorded, then the next goes.
void SendNextBulk(AppState& state, AppController& controller) {
    RoomsPageState& page = state.rooms_page;
    if (page.bulk_sent >= static_cast<int>(page.bulk_queue.size())) return;
    Id room = page.bulk_queue[page.bulk_sent++];
    bool last = page.bulk_sent == static_cast<int>(page.bulk_queue.size());
    page.submit.Clear();
    controller.Submit(
        page.submit, "POST", "/api/v1/rooms/" + std::to_string(room) + "/licenses",
        {{"contractId", page.contract_id}},
        [&state, &controller, room](const api::Result<api::Json>& result) {
            RoomsPageState& page = state.rooms_page;
            page.bulk_results.emplace_back(
                room, result.ok() ? std::string()
                                  : DescribeFailure(state.tr, result.failure, result.error));
            if (page.bulk_results.size() == page.bulk_queue.size()) {
                int assigned = 0;
                for (const auto& [id, error] : page.bulk_results) assigned += error.empty();
                controller.Announce(
                    Format(state.tr("Licenses assigned to {0} of {1} rooms"),
                           {std::to_string(assigned), std::to_string(page.bulk_results.size())}),
                    false);
            }
            SendNextBulk(state, controller);
        },
        /*reload_account=*/last);
}

void DrawBulkAssignDialog(AppState& state, AppController& controller) {
    RoomsPageState& page = state.rooms_page;
    const Translator& tr = state.tr;
    if (!BeginDialog(state, "Assign license", "bulk-assign")) return;
    const State& account = *state.account.state.value;
    bool running = !page.bulk_queue.empty();
    if (!running) {
        ContractPicker(state, controller.Today());
        std::vector<Id> rooms(page.selected.begin(), page.selected.end());
        if (page.contract_id != 0 &&
            (page.preview_contract != page.contract_id || page.preview_rooms != rooms ||
             page.preview_version != state.account.version)) {
            // What will and will not work, each assignment planned after the ones before it.
            std::vector<Action> actions;
            for (Id room : rooms) actions.push_back(Action::Assign(room, page.contract_id));
            page.preview = Preview(account, *state.catalogue.value, actions, controller.Today());
            page.preview_rooms = rooms;
            page.preview_contract = page.contract_id;
            page.preview_version = state.account.version;
        }
        std::string why_not = page.contract_id == 0 ? std::string(tr("Pick a contract")) : "";
        int will_work = 0;
        if (page.contract_id != 0) {
            for (const PreviewItem& item : page.preview) will_work += item.ok;
            TextItem(Format(tr("Will work for {0} of {1} rooms."),
                            {std::to_string(will_work), std::to_string(page.preview.size())}));
            // Issue 16: each refused room first, with the engine's sentence and rule, so that
            // "Assign to 0 rooms" is never left unexplained.
            int refused = static_cast<int>(page.preview.size()) - will_work;
            if (refused > 0) {
                TextItem(Format(
                    tr(refused == 1 ? "{0} room will be refused:" : "{0} rooms will be refused:"),
                    {std::to_string(refused)}));
            }
            ImGui::BeginChild("preview",
                              ImVec2(600, std::min(300.0f, 28.0f * page.preview.size() + 8)),
                              ImGuiChildFlags_Border);
            for (int pass = 0; pass < 2; ++pass) {  // the refused, then the licensed
                for (size_t i = 0; i < page.preview.size(); ++i) {
                    const PreviewItem& item = page.preview[i];
                    if (item.ok != (pass == 1)) continue;
                    const Room* room = FindRoom(account, page.preview_rooms[i]);
                    std::string name = room ? room->name : std::to_string(page.preview_rooms[i]);
                    if (item.ok) {
                        TextItem(name + " · " + tr("will be licensed"));
                    } else {
                        ErrorText(name + " · " + RefusalText(state, *item.refusal), 580.0f);
                    }
                }
            }
            ImGui::EndChild();
            if (will_work == 0) {
                why_not =
                    tr("No selected room can take a license of this contract: the reason for "
                       "each room is listed above.");
                ErrorText(why_not, 600.0f);
            }
        }
        std::string label = will_work == 1
                                ? std::string(tr("Assign to 1 room"))
                                : Format(tr("Assign to {0} rooms"), {std::to_string(will_work)});
        DialogButtons(state, label.c_str(), why_not, [&] {
            page.bulk_queue.clear();
            for (size_t i = 0; i < page.preview.size(); ++i) {
                if (page.preview[i].ok) page.bulk_queue.push_back(page.preview_rooms[i]);
            }
            page.bulk_results.clear();
            page.bulk_sent = 0;
            SendNextBulk(state, controller);
        });
    } else {
        int done = static_cast<int>(page.bulk_results.size());
        int total = static_cast<int>(page.bulk_queue.size());
        if (done < total) {
            Spinner(controller.Now());
            ImGui::SameLine();
            TextItem(
                Format(tr("Assigning… {0} of {1}"), {std::to_string(done), std::to_string(total)}));
        } else {
            int refused = 0;
            for (const auto& [room, error] : page.bulk_results) refused += !error.empty();
            TextItem(Format(tr("Done: {0} assigned, {1} refused."),
                            {std::to_string(total - refused), std::to_string(refused)}));
        }
        for (const auto& [room_id, error] : page.bulk_results) {
            const Room* room = FindRoom(account, room_id);
            std::string name = room ? room->name : std::to_string(room_id);
            if (error.empty()) {
                TextItem(name + " · " + tr("assigned"));
            } else {
                ErrorText(name + " · " + error);
            }
        }
        ImGui::BeginDisabled(done < total);
        if (ImGui::Button(tr("Close")) || (done == total && EscapePressed())) {
            page.selected.clear();
            page.bulk_queue.clear();
            CloseDialog(state);
        }
        ImGui::EndDisabled();
    }
    ImGui::EndPopup();
}

void DrawUnassignDialog(AppState& state, AppController& controller) {
    RoomsPageState& page = state.rooms_page;
    const Translator& tr = state.tr;
    const Room* room = BeginRoomDialog(state, "Unassign", "unassign");
    if (!room) return;
    std::string program = ProgramName(*state.catalogue.value, page.program);
    ImGui::PushTextWrapPos(460.0f);
    TextItem(Format(tr("Remove the {0} license from {1}? The license goes back to its contract."),
                    {program, room->name}));
    ImGui::PopTextWrapPos();
    UpdateVerdict(state, controller, Action::Unassign(room->id, page.program));
    std::string why_not = page.verdict.refusal ? RefusalText(state, *page.verdict.refusal) : "";
    if (!why_not.empty()) ErrorText(why_not);
    SubmissionError(state, page.submit);
    DialogButtons(state, tr("Unassign"), why_not, [&] {
        controller.Submit(
            page.submit, "DELETE",
            "/api/v1/rooms/" + std::to_string(room->id) + "/licenses/" + page.program, nullptr,
            [&state, &controller, name = room->name,
             program](const api::Result<api::Json>& result) {
                if (!result.ok()) return;
                state.rooms_page.dialog = RoomDialog::None;
                controller.Announce(
                    Format(state.tr("{0} license removed from {1}"), {program, name}), false);
            });
    });
    ImGui::EndPopup();
}

void DrawMoveDialog(AppState& state, AppController& controller) {
    RoomsPageState& page = state.rooms_page;
    const Translator& tr = state.tr;
    const Room* room = BeginRoomDialog(state, "Move license", "move");
    if (!room) return;
    const State& account = *state.account.state.value;
    std::string program = ProgramName(*state.catalogue.value, page.program);
    TextItem(tr("Room") + std::string(": ") + room->name + " · " + program);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    LabeledInput(tr("Filter rooms"), "##to-filter", page.to_room_filter, sizeof page.to_room_filter,
                 0, 420.0f);
    TextItem(tr("Destination room"));
    // At most this many rooms in the list: a long account is narrowed by typing.
    constexpr int kShown = 50;
    std::string filter = FoldCase(page.to_room_filter);
    int shown = 0, more = 0;
    ImGui::BeginChild("destinations", ImVec2(420, 220), ImGuiChildFlags_Border);
    for (const RoomRow& row : page.rows) {
        if (row.room_id == room->id) continue;
        if (!filter.empty() && row.search_text.find(filter) == std::string::npos) continue;
        if (shown >= kShown) {
            ++more;
            continue;
        }
        ++shown;
        ImGui::PushID(static_cast<int>(row.room_id));
        std::string label = row.name + (row.site.empty() ? "" : " · " + row.site);
        if (ImGui::Selectable(label.c_str(), page.to_room_id == row.room_id,
                              ImGuiSelectableFlags_DontClosePopups)) {
            page.to_room_id = row.room_id;
        }
        a11y::SetRole(a11y::Role::Radio);
        if (page.to_room_id == row.room_id) a11y::AddStates(a11y::state::kChecked);
        ImGui::PopID();
    }
    ImGui::EndChild();
    if (more > 0)
        MutedText(Format(tr("{0} more: type to narrow the list."), {std::to_string(more)}));
    std::string why_not;
    if (page.to_room_id == 0) {
        why_not = tr("Pick the room that receives the license.");
    } else {
        UpdateVerdict(state, controller,
                      Action::MoveLicense(room->id, page.program, page.to_room_id));
        const Room* to = FindRoom(account, page.to_room_id);
        if (page.verdict.refusal) {
            why_not = RefusalText(state, *page.verdict.refusal);
            ErrorText(why_not);
        } else if (to) {
            TextItem(Format(tr("Will move the {0} license from {1} to {2}."),
                            {program, room->name, to->name}));
        }
    }
    SubmissionError(state, page.submit);
    DialogButtons(state, tr("Move"), why_not, [&] {
        controller.Submit(
            page.submit, "POST",
            "/api/v1/rooms/" + std::to_string(room->id) + "/licenses/" + page.program + "/move",
            {{"toRoomId", page.to_room_id}},
            [&state, &controller, from = room->name,
             program](const api::Result<api::Json>& result) {
                if (!result.ok()) return;
                RoomsPageState& page = state.rooms_page;
                page.dialog = RoomDialog::None;
                const Room* to = state.account.state.value
                                     ? FindRoom(*state.account.state.value, page.to_room_id)
                                     : nullptr;
                controller.Announce(Format(state.tr("{0} license moved from {1} to {2}"),
                                           {program, from, to ? to->name : std::string()}),
                                    false);
            });
    });
    ImGui::EndPopup();
}

void DrawAddDialog(AppState& state, AppController& controller) {
    RoomsPageState& page = state.rooms_page;
    const Translator& tr = state.tr;
    if (!BeginDialog(state, "Add room", "add-room")) return;
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    LabeledInput(tr("Name"), "##name", page.new_name, sizeof page.new_name, kRequiredField, 420.0f);
    FieldErrorText(page.submit, "name");
    LabeledInput(tr("Site"), "##site", page.new_site, sizeof page.new_site, 0, 420.0f);
    FieldErrorText(page.submit, "site");
    LabeledInput(tr("Country (2 letters, e.g. FR)"), "##country", page.new_country,
                 sizeof page.new_country, ImGuiInputTextFlags_CharsUppercase | kRequiredField,
                 120.0f);
    FieldErrorText(page.submit, "country");
    ImGui::TextUnformatted(tr("Capacity"));
    ImGui::SetNextItemWidth(120.0f);
    // Typed, without step buttons: the field itself is the item named "Capacity".
    ImGui::InputInt("##capacity", &page.new_capacity, 0, 0);
    NameLastItem(tr("Capacity"));
    FieldErrorText(page.submit, "capacity");
    LabeledInput(tr("Time zone (IANA, e.g. Europe/Paris)"), "##time-zone", page.new_time_zone,
                 sizeof page.new_time_zone, 0, 420.0f);
    FieldErrorText(page.submit, "timeZone");
    if (page.submit.failed() && page.submit.error.fields.empty())
        SubmissionError(state, page.submit);
    DialogButtons(state, tr("Add"), "", [&] {
        api::Json body = {{"name", std::string(page.new_name)},
                          {"site", std::string(page.new_site)},
                          {"country", std::string(page.new_country)},
                          {"capacity", page.new_capacity}};
        if (page.new_time_zone[0]) body["timeZone"] = std::string(page.new_time_zone);
        controller.Submit(
            page.submit, "POST", "/api/v1/accounts/" + std::to_string(state.account.id) + "/rooms",
            std::move(body), [&state, &controller](const api::Result<api::Json>& result) {
                if (!result.ok()) return;
                RoomsPageState& page = state.rooms_page;
                page.dialog = RoomDialog::None;
                controller.Announce(Format(state.tr("Room {0} added"), {page.new_name}), false);
                page.new_name[0] = page.new_site[0] = page.new_country[0] = 0;
                page.new_time_zone[0] = 0;
                Id id = result.value.contains("room") ? result.value["room"].value("id", Id{0}) : 0;
                if (id) controller.Navigate({Page::Rooms, std::to_string(id), state.account.id});
            });
    });
    ImGui::EndPopup();
}

void DrawImportDialog(AppState& state, AppController& controller) {
    RoomsPageState& page = state.rooms_page;
    const Translator& tr = state.tr;
    if (!BeginDialog(state, "Import rooms", "import")) return;
    ImGui::PushTextWrapPos(560.0f);
    MutedText(
        tr("A CSV with the columns name, site, country and capacity (a header line first), or "
           "a JSON array of {name, site, country, capacity}. Nothing is imported if a line "
           "is wrong; rooms already there are skipped."));
    ImGui::PopTextWrapPos();
    if (ImGui::Button(tr("Choose a CSV or JSON file…"))) {
        controller.PickFile(".csv,.json,text/csv,application/json",
                            [&state](std::string name, std::string content) {
                                RoomsPageState& page = state.rooms_page;
                                page.import_file_name = std::move(name);
                                page.import_text = std::move(content);
                                page.import_summary.clear();
                                page.submit.Clear();
                            });
    }
    if (!page.import_file_name.empty()) {
        TextItem(
            Format(tr("File: {0} ({1} bytes)"),
                   {page.import_file_name, FormatCount(tr.language(), page.import_text.size())}));
    }
    if (!page.import_summary.empty()) TextItem(page.import_summary);
    if (page.submit.failed()) {
        SubmissionError(state, page.submit);
        ImGui::BeginChild("import-errors",
                          ImVec2(560, std::min(200.0f, 24.0f * page.submit.error.fields.size())));
        for (const api::FieldError& field : page.submit.error.fields) {
            ErrorText(field.field + ": " + field.message);
        }
        ImGui::EndChild();
    }
    std::string why_not =
        page.import_text.empty() ? std::string(tr("Choose a CSV or JSON file…")) : "";
    DialogButtons(state, tr("Import"), why_not, [&] {
        std::string name = LowerAscii(page.import_file_name);
        bool json = name.size() > 5 && name.substr(name.size() - 5) == ".json";
        controller.SubmitText(
            page.submit, "POST",
            "/api/v1/accounts/" + std::to_string(state.account.id) + "/rooms/import",
            json ? "application/json" : "text/csv", page.import_text,
            [&state, &controller](const api::Result<api::Json>& result) {
                if (!result.ok()) return;
                RoomsPageState& page = state.rooms_page;
                size_t created = result.value.value("created", api::Json::array()).size();
                size_t skipped = result.value.value("skipped", api::Json::array()).size();
                page.import_summary = Format(state.tr("{0} rooms imported, {1} already there."),
                                             {std::to_string(created), std::to_string(skipped)});
                controller.Announce(page.import_summary, false);
                page.import_text.clear();
                page.import_file_name.clear();
            });
    });
    ImGui::EndPopup();
}

void DrawDialogs(AppState& state, AppController& controller) {
    switch (state.rooms_page.dialog) {
        case RoomDialog::None:
            break;
        case RoomDialog::Assign:
            DrawAssignDialog(state, controller);
            break;
        case RoomDialog::BulkAssign:
            DrawBulkAssignDialog(state, controller);
            break;
        case RoomDialog::Unassign:
            DrawUnassignDialog(state, controller);
            break;
        case RoomDialog::Move:
            DrawMoveDialog(state, controller);
            break;
        case RoomDialog::Add:
            DrawAddDialog(state, controller);
            break;
        case RoomDialog::Import:
            DrawImportDialog(state, controller);
            break;
    }
}

// "GET /api/v1/accounts/3/rooms?x=1" -> "the rooms"; the path itself for one not named above.
std::string SupportReadText(const Translator& tr, const State* account, const std::string& object) {
    size_t space = object.find(' ');
    std::string path = object.substr(space == std::string::npos ? 0 : space + 1);
    path = path.substr(0, path.find('?'));
    const std::string kAccounts = "/api/v1/accounts/", kRooms = "/api/v1/rooms/",
                      kAlerts = "/api/v1/alerts/";
    auto after_id = [&](const std::string& prefix, Id& id, std::string& rest) {
        if (path.rfind(prefix, 0) != 0) return false;
        size_t end = path.find('/', prefix.size());
        id = ParseId(path.substr(prefix.size(), end - prefix.size()));
        rest = end == std::string::npos ? "" : path.substr(end + 1);
        return id != 0;
    };
    Id id = 0;
    std::string rest;
    if (after_id(kAccounts, id, rest)) {
        for (const ActionName& read : kAccountReads) {
            if (rest == read.action) return tr(read.label);
        }
    } else if (after_id(kRooms, id, rest) && (rest.empty() || rest == "entitlements")) {
        const Room* room = account ? account->FindRoom(id) : nullptr;
        std::string name = room ? room->name : "#" + std::to_string(id);
        return Format(tr(rest.empty() ? "room {0}" : "the entitlements of room {0}"), {name});
    } else if (after_id(kAlerts, id, rest) && rest.empty()) {
        return Format(tr("alert {0}"), {"#" + std::to_string(id)});
    }
    return path;
}

}  // namespace

std::string AuditSentence(const Translator& tr, const State* account, const std::string& action,
                          const std::string& object) {
    if (action == "support.read") {
        return Format(tr("Vendor support read {0}"), {SupportReadText(tr, account, object)});
    }
    for (const ActionName& name : kActionNames) {
        if (action == name.action) return tr(name.label);
    }
    return action;
}

std::span<const TextPair> RoomsTexts() {
    return kTexts;
}

void OpenAssign(AppState& state, AppController& controller, Id room_id) {
    RoomsPageState& rooms = state.rooms_page;
    rooms.dialog = RoomDialog::Assign;
    rooms.dialog_room = room_id;
    rooms.contract_id = 0;
    rooms.verdict = {};
    rooms.submit.Clear();
    controller.Navigate({Page::Rooms, std::to_string(room_id), state.account.id});
}

void DrawRoomsPage(AppState& state, AppController& controller) {
    HeadingItem(state, state.tr("Rooms"), 1);
    if (!DrawRemoteStatus(state, state.account.state, "the rooms", controller)) return;
    if (!state.catalogue.value) return;
    RoomsPageState& page = state.rooms_page;
    if (std::string filter = state.TakeRouteFilter(Page::Rooms); !filter.empty()) {
        page.route_filter = std::move(filter);
        page.filtered_at.clear();
        page.query_dirty = true;
    }
    RebuildRows(state, controller);
    if (state.insights_page.summary_for != state.account.id) {
        LoadInsightsSummary(state, controller,
                            std::any_of(state.rooms_page.rows.begin(), state.rooms_page.rows.end(),
                                        [](const RoomRow& row) { return row.insights; }));
    }
    DrawToolbar(state, controller);
    if (!page.route_filter.empty() && DrawFilterChip(state, controller, page.route_filter)) {
        page.route_filter.clear();
        page.query_dirty = true;
    }
    ImGui::Spacing();

    Id open_id = ParseId(state.route.detail);
    const Room* open = FindRoom(*state.account.state.value, open_id);
    float detail_width = open || open_id ? 400.0f : 0.0f;
    ImGui::BeginChild("table", ImVec2(-detail_width - (detail_width > 0 ? 16.0f : 0.0f), 0));
    DrawTable(state, controller, open_id);
    ImGui::EndChild();
    if (detail_width > 0) {
        ImGui::SameLine(0, 16.0f);
        ImGui::BeginChild("detail", ImVec2(0, 0),
                          ImGuiChildFlags_Border | ImGuiChildFlags_AlwaysUseWindowPadding);
        if (open) {
            DrawDetail(state, controller, *open);
        } else {
            // A link to a room of another account, or one deleted since.
            MutedText(state.tr("This room is not in this account."));
        }
        ImGui::EndChild();
    }
    DrawDialogs(state, controller);
}

}  // namespace portal::app
