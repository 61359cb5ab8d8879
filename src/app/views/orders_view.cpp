// Service Orders: each contract of the account with its program, SKU, PO number, licenses
// assigned and free, term and status (R-TERM-3, R-TERM-4), worked out by the engine from the
// account's state; a contract's detail ("#/orders/<contractId>") with the rooms holding its
// licenses and Cancel order while its 30-day window is open (R-ORD-7); and the parent
// entity's spares pools with the orders that granted them (R-SPARE-1, R-SPARE-2).
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <unordered_map>

#include "app/a11y.h"
#include "app/theme.h"
#include "app/views/views.h"
#include "app/widgets.h"
#include "core/engine.h"
#include "core/room_table.h"

namespace portal::app {

namespace {

constexpr const char* kCancelPopup = "###cancel-order";

constexpr TextPair kTexts[] = {
    {"No contract matches this filter.", "Aucun contrat ne correspond à ce filtre."},
    // Empty pages: what they will hold and the action that fills them (issue 16).
    {"Service contracts appear here when an order for this account is processed: each one brings "
     "licenses to assign to rooms. The catalogue lists the programs and terms you can order from "
     "your reseller.",
     "Les contrats de service apparaissent ici quand une commande pour ce compte est traitée : "
     "chacun apporte des licences à attribuer aux salles. Le catalogue présente les programmes et "
     "durées à commander auprès de votre revendeur."},
    {"See the catalogue", "Voir le catalogue"},
    {"Service Orders", "Commandes de services"},
    {"Your service contracts: one per order line, with their licenses and term.",
     "Vos contrats de service : un par ligne de commande, avec leurs licences et leur durée."},
    {"the account's contracts", "les contrats du compte"},
    {"the service catalogue", "le catalogue des services"},
    {"the spares pools", "les pools de pièces de rechange"},
    {"the order's cancellation terms", "les conditions d'annulation de la commande"},
    {"No service contract in this account yet.", "Aucun contrat de service dans ce compte."},
    {"PO number", "Bon de commande"},
    {"Program", "Programme"},
    {"SKU", "Référence"},
    {"Assigned / total", "Attribuées / total"},
    {"Free", "Libres"},
    {"Start", "Début"},
    {"End", "Fin"},
    {"Status", "Statut"},
    {"Days left", "Jours restants"},
    {"Pending start", "En attente de début"},
    {"Active", "Actif"},
    {"Expired", "Expiré"},
    {"Cancelled", "Annulé"},
    {"covers devices", "couvre des appareils"},
    {"Extended warranty covers devices, not rooms: its licenses are not assigned.",
     "La garantie étendue couvre des appareils, pas des salles : ses licences ne s'attribuent "
     "pas."},
    {"All service orders", "Toutes les commandes de services"},
    {"No service order {0} in this account.", "Aucune commande de services {0} dans ce compte."},
    {"PO {0}", "Bon de commande {0}"},
    {"Licenses assigned", "Licences attribuées"},
    {"Purchased", "Achetée le"},
    {"{0} of {1}", "{0} sur {1}"},
    {"This order was cancelled.", "Cette commande a été annulée."},
    {"The cancellation terms of this order are not known.",
     "Les conditions d'annulation de cette commande sont inconnues."},
    {"This order can be cancelled until {0}, {1} days after its purchase.",
     "Cette commande peut être annulée jusqu'au {0}, {1} jours après son achat."},
    {"Cancel order", "Annuler la commande"},
    {"The {0}-day cancellation window closed on {1}.",
     "Le délai d'annulation de {0} jours s'est terminé le {1}."},
    {"To cancel this order now, contact the reseller you bought it from.",
     "Pour annuler cette commande maintenant, contactez le revendeur qui vous l'a vendue."},
    {"Cancel this order?", "Annuler cette commande ?"},
    {"PO {0} will be cancelled: every contract of the order ends now and the licenses its "
     "rooms hold are released. This cannot be undone.",
     "Le bon de commande {0} sera annulé : chaque contrat de la commande prend fin maintenant et "
     "les licences des salles sont libérées. C'est irréversible."},
    {"Yes, cancel the order", "Oui, annuler la commande"},
    {"Keep the order", "Garder la commande"},
    {"Cancelling…", "Annulation…"},
    {"Rooms holding its licenses ({0})", "Salles qui détiennent ses licences ({0})"},
    {"No room holds a license of this contract.",
     "Aucune salle ne détient de licence de ce contrat."},
    {"since {0}", "depuis le {0}"},
    {"Spares pools", "Pools de pièces de rechange"},
    {"Granted to {0} as a whole, all accounts together: one pool for every {1} rooms under "
     "Select, counted over every purchase.",
     "Accordés à {0} dans son ensemble, tous comptes réunis : un pool pour {1} salles sous "
     "Select, cumulées sur tous les achats."},
    {"{0} rooms under Select · {1} spares pools",
     "{0} salles sous Select · {1} pools de pièces de rechange"},
    {"{0} rooms under Select · 1 spares pool",
     "{0} salles sous Select · 1 pool de pièces de rechange"},
    {"{0} more rooms under Select grant the next pool.",
     "{0} salles de plus sous Select accordent le pool suivant."},
    {"Pool {0}: granted on {1} with PO {2}",
     "Pool {0} : accordé le {1} avec le bon de commande {2}"},
    {"Pool {0}: granted on {1} with an order of another account",
     "Pool {0} : accordé le {1} avec une commande d'un autre compte"},
    {"Products to stock, most deployed first: {0}",
     "Produits à stocker, les plus déployés d'abord : {0}"},
    {"your organisation", "votre organisation"},
};

const char* StatusLabel(ContractStatus status) {
    switch (status) {
        case ContractStatus::Pending:
            return "Pending start";
        case ContractStatus::Active:
            return "Active";
        case ContractStatus::Expired:
            return "Expired";
        case ContractStatus::Cancelled:
            return "Cancelled";
    }
    return "";
}

bool Usable(const ContractView& view) {
    return view.status == ContractStatus::Pending || view.status == ContractStatus::Active;
}

// GET /contracts and /spares: once per state of the account (a cancelled order changes both).
void EnsureLoaded(AppState& state, AppController& controller) {
    OrdersPageState& page = state.orders_page;
    if (state.account.id == 0 || !state.account.state.value) return;
    if (page.fetched && page.fetched_for == state.account.version) return;
    page.fetched = true;
    page.fetched_for = state.account.version;
    std::string base = "/api/v1/accounts/" + std::to_string(state.account.id);
    for (RemoteBase* remote :
         {static_cast<RemoteBase*>(&page.orders), static_cast<RemoteBase*>(&page.spares)}) {
        if (remote->loading()) {  // the answer on its way may predate the change: ask again
            ++remote->generation;
            remote->status = RequestStatus::Idle;
        }
    }
    controller.Fetch(page.orders, base + "/contracts", &api::ContractOrdersFromJson);
    controller.Fetch(page.spares, base + "/spares", &api::SparesFromJson);
}

// The table's rows, rebuilt when the state changes or a day passes (statuses and days left).
void EnsureRows(AppState& state, Date today) {
    OrdersPageState& page = state.orders_page;
    if (page.built && page.built_from == state.account.version && page.built_on == today) return;
    const State& data = *state.account.state.value;
    const Catalogue& catalogue = *state.catalogue.value;
    page.rows.clear();
    for (const Contract& contract : data.contracts) {
        if (contract.account_id != state.account.id) continue;
        OrderRow row;
        row.contract_id = contract.id;
        row.order_id = contract.order_id;
        row.po_number = contract.po_number;
        const Program* program = catalogue.FindProgram(contract.program);
        row.program = catalogue.Label(kProgramLabels, contract.program, state.tr.french());
        row.assignable = program && program->assignable_to_rooms;
        row.sku = contract.sku;
        row.quantity = contract.quantity;
        row.purchase_date = contract.purchase_date;
        row.view = ViewContract(data, catalogue, contract, today);
        page.rows.push_back(std::move(row));
    }
    // Newest purchase first: what a customer looks for; the id keeps the order stable.
    std::sort(page.rows.begin(), page.rows.end(), [](const OrderRow& a, const OrderRow& b) {
        if (a.purchase_date != b.purchase_date) return a.purchase_date > b.purchase_date;
        return a.contract_id > b.contract_id;
    });
    page.built = true;
    page.built_from = state.account.version;
    page.built_on = today;
}

std::string ParentName(const AppState& state, Id parent_id) {
    for (const ParentEntity& parent : state.account.state.value->parent_entities) {
        if (parent.id == parent_id) return parent.name;
    }
    const AccountSummary* account = state.CurrentAccount();
    if (account && !account->parent_name.empty()) return account->parent_name;
    return state.tr("your organisation");
}

void DrawSpares(AppState& state, AppController& controller) {
    OrdersPageState& page = state.orders_page;
    const Translator& tr = state.tr;
    Language language = tr.language();
    HeadingItem(state, tr("Spares pools"));
    if (!DrawRemoteStatus(state, page.spares, "the spares pools", controller)) return;
    const api::SparesInfo& spares = *page.spares.value;
    const Catalogue& catalogue = *state.catalogue.value;
    int per_pool = std::max(1, catalogue.rules.rooms_per_spares_pool);
    ImGui::PushTextWrapPos(0.0f);
    MutedText(Format(
        tr("Granted to {0} as a whole, all accounts together: one pool for every {1} "
           "rooms under Select, counted over every purchase."),
        {ParentName(state, spares.summary.parent_entity_id), FormatCount(language, per_pool)}));
    ImGui::PopTextWrapPos();
    TextItem(Format(spares.summary.pools == 1 ? tr("{0} rooms under Select · 1 spares pool")
                                              : tr("{0} rooms under Select · {1} spares pools"),
                    {FormatCount(language, spares.summary.select_rooms),
                     FormatCount(language, spares.summary.pools)}));
    int next = (spares.summary.select_rooms / per_pool + 1) * per_pool;
    MutedText(Format(tr("{0} more rooms under Select grant the next pool."),
                     {FormatCount(language, next - spares.summary.select_rooms)}));
    // What granted each pool: the order, named by its PO when it is one of this account's.
    std::unordered_map<Id, std::string> po_of_order;
    if (page.orders.value) {
        for (const api::ContractOrder& order : *page.orders.value) {
            po_of_order[order.order_id] = order.po_number;
        }
    }
    for (const SpareGrant& grant : spares.summary.grants) {
        auto po = po_of_order.find(grant.order_id);
        std::string pool = FormatCount(language, grant.pool);
        std::string date = FormatDateIn(language, grant.date);
        TextItem(po != po_of_order.end()
                     ? Format(tr("Pool {0}: granted on {1} with PO {2}"), {pool, date, po->second})
                     : Format(tr("Pool {0}: granted on {1} with an order of another account"),
                              {pool, date}));
    }
    if (!spares.candidate_products.empty()) {  // R-SPARE-2
        std::string products;
        for (const SpareProduct& product : spares.candidate_products) {
            const Product* found = catalogue.FindProduct(product.product);
            if (!products.empty()) products += ", ";
            products += (found ? found->name : product.product) + " (" +
                        FormatCount(language, product.deployed) + ")";
        }
        ImGui::PushTextWrapPos(0.0f);
        MutedText(Format(tr("Products to stock, most deployed first: {0}"), {products}));
        ImGui::PopTextWrapPos();
    }
}

// A link's filter (the Overview's figures, issue 16): a term starting or ending within 60 days
// of `today`, or an order still inside its cancellation window (R-ORD-7).
bool KeptByRouteFilter(const OrdersPageState& page, const OrderRow& row, Date today) {
    const std::string& filter = page.route_filter;
    Date last = AddDays(today, 60);
    if (filter == "starting-soon") return row.view.start >= today && row.view.start <= last;
    if (filter == "ending-soon") return row.view.end >= today && row.view.end <= last;
    if (filter == "cancellable") {
        if (row.view.status == ContractStatus::Cancelled || !page.orders.value) return false;
        for (const api::ContractOrder& order : *page.orders.value) {
            if (order.contract_id == row.contract_id) {
                return order.cancellable_until && today <= *order.cancellable_until;
            }
        }
        return false;
    }
    return true;
}

void DrawContractsTable(AppState& state, AppController& controller) {
    OrdersPageState& page = state.orders_page;
    const Translator& tr = state.tr;
    Language language = tr.language();
    if (page.rows.empty()) {
        if (EmptyState(state, "No service contract in this account yet.",
                       "Service contracts appear here when an order for this account is "
                       "processed: each one brings licenses to assign to rooms. The catalogue "
                       "lists the programs and terms you can order from your reseller.",
                       "See the catalogue")) {
            controller.Navigate({Page::Catalogue, ""});
        }
        return;
    }
    // The rows a link's filter keeps (a customer's contracts: a few dozen, counted per frame).
    std::vector<int> shown;
    for (size_t i = 0; i < page.rows.size(); ++i) {
        if (KeptByRouteFilter(page, page.rows[i], page.built_on)) {
            shown.push_back(static_cast<int>(i));
        }
    }
    if (shown.empty()) {
        MutedText(tr("No contract matches this filter."));
        return;
    }
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                            ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY;
    float row_height = ImGui::GetTextLineHeightWithSpacing() + 4.0f;
    float height = std::min(row_height * (static_cast<float>(shown.size()) + 1.5f),
                            std::max(160.0f, ImGui::GetContentRegionAvail().y * 0.6f));
    if (!ImGui::BeginTable("contracts", 9, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("PO number"), 0, 1.3f);
    ImGui::TableSetupColumn(tr("Program"), 0, 1.2f);
    ImGui::TableSetupColumn(tr("SKU"), 0, 1.3f);
    ImGui::TableSetupColumn(tr("Assigned / total"), 0, 1.1f);
    ImGui::TableSetupColumn(tr("Free"), 0, 0.8f);
    ImGui::TableSetupColumn(tr("Start"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("End"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("Status"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("Days left"), 0, 0.8f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(shown.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const OrderRow& row = page.rows[shown[i]];
            ImGui::TableNextRow();
            a11y::TableRow(i, static_cast<int>(shown.size()));
            ImGui::TableNextColumn();
            std::string label = row.po_number + "##contract" + std::to_string(row.contract_id);
            if (ImGui::Selectable(label.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) {
                controller.Navigate({Page::ServiceOrders, std::to_string(row.contract_id)});
            }
            ImGui::TableNextColumn();
            TextItem(row.program);
            ImGui::TableNextColumn();
            TextItem(row.sku);
            ImGui::TableNextColumn();
            TextItem(FormatCount(language, row.view.assigned) + " / " +
                     FormatCount(language, row.quantity));
            ImGui::TableNextColumn();
            if (row.assignable) {
                TextItem(FormatCount(language, row.view.free));
            } else {  // R-ROOM-6
                MutedText(tr("covers devices"));
                if (ImGui::IsItemHovered()) {
                    ImGui::SetTooltip("%s", tr("Extended warranty covers devices, not rooms: its "
                                               "licenses are not assigned."));
                }
            }
            ImGui::TableNextColumn();
            TextItem(FormatDateIn(language, row.view.start));
            ImGui::TableNextColumn();
            TextItem(FormatDateIn(language, row.view.end));
            ImGui::TableNextColumn();
            TextItem(tr(StatusLabel(row.view.status)));
            ImGui::TableNextColumn();
            if (Usable(row.view)) {
                TextItem(FormatCount(language, row.view.days_left));
            } else {
                MutedText("—");
            }
        }
    }
    ImGui::EndTable();
}

void DrawCancelDialog(AppState& state, AppController& controller, const Contract& contract) {
    OrdersPageState& page = state.orders_page;
    const Translator& tr = state.tr;
    if (page.confirm_cancel && !ImGui::IsPopupOpen(kCancelPopup)) ImGui::OpenPopup(kCancelPopup);
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(440, 0), ImVec2(560, FLT_MAX));
    std::string title = std::string(tr("Cancel this order?")) + kCancelPopup;
    if (!ImGui::BeginPopupModal(
            title.c_str(), nullptr,
            ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
        return;
    }
    if (!page.confirm_cancel) {  // done, or closed from elsewhere
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 520.0f);
    TextItem(Format(tr("PO {0} will be cancelled: every contract of the order ends now and the "
                       "licenses its rooms hold are released. This cannot be undone."),
                    {contract.po_number}));
    ImGui::Spacing();
    SubmissionError(state, page.cancel);  // the server's sentence (R-ORD-7) when it refuses
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    bool busy = page.cancel.busy();
    std::string why_not = busy ? std::string(tr("Cancelling…")) : ReadOnlyReason(state);
    bool confirm = ActionButton(busy ? tr("Cancelling…") : tr("Yes, cancel the order"), why_not);
    ImGui::SameLine();
    ImGui::BeginDisabled(busy);
    bool close = ImGui::Button(tr("Keep the order"));
    ImGui::EndDisabled();
    if (ImGui::IsWindowFocused() && !busy) {
        if (EnterPressed() && !ImGui::IsWindowAppearing() && why_not.empty()) confirm = true;
        if (EscapePressed()) close = true;
    }
    if (close && !busy) {
        page.confirm_cancel = false;
        page.cancel.Clear();
        ImGui::CloseCurrentPopup();
    } else if (confirm && !busy && why_not.empty()) {
        controller.Submit(page.cancel, "POST",
                          "/api/v1/orders/" + std::to_string(page.cancel_order_id) + "/cancel",
                          api::Json::object(), [&state](const api::Result<api::Json>& result) {
                              if (result.ok()) state.orders_page.confirm_cancel = false;
                          });
    }
    ImGui::EndPopup();
}

// R-ORD-7: Cancel order while the window is open, with the day it closes; after, how to.
void DrawCancellation(AppState& state, AppController& controller, const Contract& contract,
                      Date today) {
    OrdersPageState& page = state.orders_page;
    const Translator& tr = state.tr;
    Language language = tr.language();
    if (contract.cancelled) {
        TextItem(tr("This order was cancelled."));
        return;
    }
    if (!DrawRemoteStatus(state, page.orders, "the order's cancellation terms", controller)) {
        return;
    }
    const api::ContractOrder* terms = nullptr;
    for (const api::ContractOrder& order : *page.orders.value) {
        if (order.contract_id == contract.id) terms = &order;
    }
    if (!terms || !terms->cancellable_until) {
        MutedText(tr("The cancellation terms of this order are not known."));
        return;
    }
    Date until = *terms->cancellable_until;
    std::string days = FormatCount(language, state.catalogue.value->rules.cancellation_days);
    if (today > until) {
        TextItem(Format(tr("The {0}-day cancellation window closed on {1}."),
                        {days, FormatDateIn(language, until)}));
        MutedText(tr("To cancel this order now, contact the reseller you bought it from."));
        return;
    }
    TextItem(Format(tr("This order can be cancelled until {0}, {1} days after its purchase."),
                    {FormatDateIn(language, until), days}));
    if (ActionButton(tr("Cancel order"), ReadOnlyReason(state))) {
        page.cancel.Clear();
        page.confirm_cancel = true;
        page.cancel_order_id = terms->order_id;
    }
}

void DrawHoldingRooms(AppState& state, AppController& controller, const Contract& contract) {
    OrdersPageState& page = state.orders_page;
    const Translator& tr = state.tr;
    const State& data = *state.account.state.value;
    if (page.holding_for != contract.id || page.holding_from != state.account.version) {
        std::unordered_map<Id, const Room*> rooms;
        for (const Room& room : data.rooms) rooms[room.id] = &room;
        page.holding.clear();
        for (const Assignment& assignment : data.assignments) {
            if (assignment.contract_id != contract.id || !assignment.held()) continue;
            auto room = rooms.find(assignment.room_id);
            page.holding.push_back({assignment.room_id,
                                    room != rooms.end() ? room->second->name
                                                        : "#" + std::to_string(assignment.room_id),
                                    assignment.assigned_on});
        }
        std::sort(page.holding.begin(), page.holding.end(), [](const auto& a, const auto& b) {
            std::string x = LowerAscii(a.name), y = LowerAscii(b.name);
            return x != y ? x < y : a.room_id < b.room_id;
        });
        page.holding_for = contract.id;
        page.holding_from = state.account.version;
    }
    HeadingItem(state,
                Format(tr("Rooms holding its licenses ({0})"),
                       {FormatCount(tr.language(), static_cast<long long>(page.holding.size()))})
                    .c_str());
    if (page.holding.empty()) {
        MutedText(tr("No room holds a license of this contract."));
        return;
    }
    float row_height = ImGui::GetTextLineHeightWithSpacing();
    float height = std::min(row_height * static_cast<float>(page.holding.size()) + 8.0f,
                            std::max(120.0f, ImGui::GetContentRegionAvail().y));
    ImGui::BeginChild("holding", ImVec2(0, height));
    if (!BeginListRows("holding-rows")) {
        ImGui::EndChild();
        return;
    }
    int count = static_cast<int>(page.holding.size());
    ImGuiListClipper clipper;
    clipper.Begin(count);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const auto& room = page.holding[i];
            ListRow(i, count);
            ImGui::PushID(static_cast<int>(room.room_id));
            ImGui::PushStyleColor(ImGuiCol_Text, theme::Colors().link_text);
            // A link to the room's page ("#/rooms/<id>").
            if (ImGui::Selectable(room.name.c_str(), false, 0,
                                  ImVec2(ImGui::CalcTextSize(room.name.c_str()).x, 0))) {
                controller.Navigate({Page::Rooms, std::to_string(room.room_id)});
            }
            a11y::SetRole(a11y::Role::Link);
            a11y::SetLink(
                FormatRoute({Page::Rooms, std::to_string(room.room_id), state.account.id}));
            ImGui::PopStyleColor();
            if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            ImGui::SameLine(0, 12.0f);
            MutedText(Format(tr("since {0}"), {FormatDateIn(tr.language(), room.since)}));
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
    ImGui::EndChild();
}

void DrawFact(const char* label, const std::string& value) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    MutedText(label);
    ImGui::TableNextColumn();
    TextItem(value);
}

void DrawContractDetail(AppState& state, AppController& controller, Date today) {
    const Translator& tr = state.tr;
    Language language = tr.language();
    if (ImGui::Button(tr("All service orders"))) controller.Navigate({Page::ServiceOrders, ""});
    ImGui::Spacing();
    const Contract* contract = nullptr;
    for (const Contract& candidate : state.account.state.value->contracts) {
        if (std::to_string(candidate.id) == state.route.detail &&
            candidate.account_id == state.account.id) {
            contract = &candidate;
        }
    }
    if (!contract) {
        TextItem(Format(tr("No service order {0} in this account."), {state.route.detail}));
        return;
    }
    const Catalogue& catalogue = *state.catalogue.value;
    ContractView view = ViewContract(*state.account.state.value, catalogue, *contract, today);
    const Program* program = catalogue.FindProgram(contract->program);
    bool assignable = program && program->assignable_to_rooms;
    HeadingItem(state, Format(tr("PO {0}"), {contract->po_number}).c_str());
    if (ImGui::BeginTable("facts", 2, ImGuiTableFlags_SizingFixedFit)) {
        DrawFact(tr("Program"), catalogue.Label(kProgramLabels, contract->program, tr.french()));
        DrawFact(tr("SKU"), contract->sku);
        DrawFact(tr("Licenses assigned"),
                 Format(tr("{0} of {1}"), {FormatCount(language, view.assigned),
                                           FormatCount(language, contract->quantity)}));
        DrawFact(tr("Free"),
                 assignable ? FormatCount(language, view.free) : std::string(tr("covers devices")));
        DrawFact(tr("Purchased"), FormatDateIn(language, contract->purchase_date));
        DrawFact(tr("Start"), FormatDateIn(language, view.start));
        DrawFact(tr("End"), FormatDateIn(language, view.end));
        DrawFact(tr("Status"), tr(StatusLabel(view.status)));
        DrawFact(tr("Days left"), Usable(view) ? FormatCount(language, view.days_left) : "—");
        ImGui::EndTable();
    }
    ImGui::Spacing();
    DrawCancellation(state, controller, *contract, today);
    // Every frame, whatever the branch above: a dialog closed from elsewhere (the order was
    // cancelled) must still be told to close.
    DrawCancelDialog(state, controller, *contract);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    DrawHoldingRooms(state, controller, *contract);
}

}  // namespace

std::span<const TextPair> OrdersTexts() {
    return kTexts;
}

void DrawOrdersPage(AppState& state, AppController& controller) {
    const Translator& tr = state.tr;
    HeadingItem(state, tr("Service Orders"), 1);
    MutedText(tr("Your service contracts: one per order line, with their licenses and term."));
    ImGui::Spacing();
    if (!DrawRemoteStatus(state, state.catalogue, "the service catalogue", controller)) return;
    if (!DrawRemoteStatus(state, state.account.state, "the account's contracts", controller)) {
        return;
    }
    EnsureLoaded(state, controller);
    Date today = controller.Today();
    if (!state.route.detail.empty()) {
        DrawContractDetail(state, controller, today);
        return;
    }
    OrdersPageState& page = state.orders_page;
    if (std::string filter = state.TakeRouteFilter(Page::ServiceOrders); !filter.empty()) {
        page.route_filter = std::move(filter);
    }
    EnsureRows(state, today);
    if (!page.route_filter.empty() && DrawFilterChip(state, controller, page.route_filter)) {
        page.route_filter.clear();
    }
    DrawContractsTable(state, controller);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    DrawSpares(state, controller);
}

}  // namespace portal::app
