// Devices: every device of the account by serial number, with its product, room, purchase date
// and warranty end (R-SKU-3). Add device (R-ROOM-3) and Move device (R-ROOM-4) are planned by
// the engine on the account's state before anything is sent, so a refusal is explained at once;
// the server's answer stays the authority. The table is built once per state change and
// filtered and sorted in core/device_table once per query: 50,000 devices scroll smoothly.
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <numeric>

#include "app/a11y.h"
#include "app/theme.h"
#include "app/views/views.h"
#include "app/widgets.h"
#include "core/engine.h"

namespace portal::app {

namespace {

// Popup ids stay the same in both languages; the titles in front of "###" are translated.
constexpr const char* kAddPopup = "###add-device";
constexpr const char* kMovePopup = "###move-device";

constexpr TextPair kTexts[] = {
    // Announced to screen readers when a change succeeds (issue 17).
    {"Device {0} added", "Appareil {0} ajouté"},
    {"Device {0} moved to {1}", "Appareil {0} déplacé vers {1}"},
    {"Device {0} moved out of its room", "Appareil {0} retiré de sa salle"},
    // Empty pages: what they will hold and the action that fills them (issue 16).
    {"Devices are placed by serial number, each in a room; their warranty and service follow from "
     "there.",
     "Les appareils sont placés par numéro de série, chacun dans une salle ; leur garantie et leur "
     "service en découlent."},
    {"Place your first device", "Placer votre premier appareil"},
    {"Devices", "Appareils"},
    {"Every device of the account by serial number, with its room and its warranty.",
     "Chaque appareil du compte par numéro de série, avec sa salle et sa garantie."},
    {"the account's devices", "les appareils du compte"},
    {"the service catalogue", "le catalogue des services"},
    {"Search devices", "Rechercher des appareils"},
    {"Serial, product or room", "Numéro de série, produit ou salle"},
    {"Filter by room", "Filtrer par salle"},
    {"All rooms", "Toutes les salles"},
    {"Not in a room", "Dans aucune salle"},
    {"Choose a room", "Choisissez une salle"},
    {"Filter rooms", "Filtrer les salles"},
    {"Type to filter rooms", "Tapez pour filtrer les salles"},
    {"Add device", "Ajouter un appareil"},
    {"Move device", "Déplacer l'appareil"},
    {"Select a device in the table first.", "Sélectionnez d'abord un appareil dans le tableau."},
    {"{0} devices", "{0} appareils"},
    {"{0} of {1} devices", "{0} sur {1} appareils"},
    {"Copied {0} to the clipboard.", "{0} copié dans le presse-papiers."},
    {"No device in this account yet.", "Aucun appareil dans ce compte pour l'instant."},
    {"No device matches the search.", "Aucun appareil ne correspond à la recherche."},
    {"Serial number", "Numéro de série"},
    {"Product", "Produit"},
    {"Room", "Salle"},
    {"Purchased", "Acheté le"},
    {"Warranty until", "Garantie jusqu'au"},
    {"Copy", "Copier"},
    {"Copy the serial number", "Copier le numéro de série"},
    {"As printed on the device: 4 to 32 letters, digits or dashes.",
     "Tel qu'imprimé sur l'appareil : 4 à 32 lettres, chiffres ou tirets."},
    {"Choose a product", "Choisissez un produit"},
    {"Purchase date", "Date d'achat"},
    {"YYYY-MM-DD", "AAAA-MM-JJ"},
    {"Enter the serial number.", "Saisissez le numéro de série."},
    {"Choose the product from the catalogue.", "Choisissez le produit dans le catalogue."},
    {"Enter the purchase date as YYYY-MM-DD.", "Saisissez la date d'achat au format AAAA-MM-JJ."},
    {"Choose where the device goes.", "Choisissez où va l'appareil."},
    {"The rules allow it.", "Les règles le permettent."},
    {"Sending…", "Envoi…"},
    {"Add", "Ajouter"},
    {"Move", "Déplacer"},
    {"Cancel", "Annuler"},
    {"Device {0} ({1}), now in {2}.", "Appareil {0} ({1}), actuellement dans {2}."},
    {"Device {0} ({1}), now in no room.", "Appareil {0} ({1}), actuellement dans aucune salle."},
    {"Destination", "Destination"},
};

// The rows and the room list, rebuilt only when the account's state has changed or a day has
// passed (warranties end).
void EnsureRows(AppState& state, AppController& controller) {
    DevicesPageState& page = state.devices_page;
    Date today = controller.Today();
    if (page.built && page.built_from == state.account.version && page.built_on == today) return;
    const State& data = *state.account.state.value;
    page.rows = BuildDeviceRows(data, *state.catalogue.value, today);
    page.built_on = today;
    page.room_order.resize(data.rooms.size());
    std::iota(page.room_order.begin(), page.room_order.end(), 0);
    page.room_keys.clear();
    for (const Room& room : data.rooms)
        page.room_keys.push_back(FoldCase(room.name + "\n" + room.site));
    std::stable_sort(page.room_order.begin(), page.room_order.end(),
                     [&](int a, int b) { return page.room_keys[a] < page.room_keys[b]; });
    page.built = true;
    page.built_from = state.account.version;
    page.query_dirty = true;
    page.selected_for = "\n";  // find the selection again
}

// The selected device: the route's detail ("#/devices/<serial>"), as a row index or -1.
int SelectedRow(AppState& state) {
    DevicesPageState& page = state.devices_page;
    if (page.selected_for != state.route.detail) {
        page.selected_for = state.route.detail;
        page.selected_row = -1;
        for (size_t i = 0; i < page.rows.size() && !page.selected_for.empty(); ++i) {
            if (page.rows[i].serial == page.selected_for) page.selected_row = static_cast<int>(i);
        }
    }
    return page.selected_row;
}

std::string RoomName(const AppState& state, Id room_id) {
    const Room* room = state.account.state.value->FindRoom(room_id);
    return room ? room->name : "#" + std::to_string(room_id);
}

// A room picker that stays quick with thousands of rooms: a filter field over a clipped list.
// nullopt is `unset` (All rooms, Choose a room), 0 is "Not in a room". True when it changed.
bool RoomCombo(AppState& state, const char* id, const char* name, std::optional<Id>& value,
               char* filter, size_t filter_size, const char* unset, bool offer_unset, float width) {
    const Translator& tr = state.tr;
    DevicesPageState& page = state.devices_page;
    const State& data = *state.account.state.value;
    std::string preview = !value        ? std::string(unset)
                          : *value == 0 ? std::string(tr("Not in a room"))
                                        : RoomName(state, *value);
    bool changed = false;
    ImGui::SetNextItemWidth(width);
    if (ImGui::BeginCombo(id, preview.c_str(), ImGuiComboFlags_HeightLarge)) {
        if (ImGui::IsWindowAppearing()) {
            filter[0] = 0;
            ImGui::SetKeyboardFocusHere();
        }
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##room-filter", tr("Type to filter rooms"), filter, filter_size);
        NameLastItem(tr("Filter rooms"));
        if (offer_unset && ImGui::Selectable(unset, !value)) {
            value.reset();
            changed = true;
        }
        if (ImGui::Selectable(tr("Not in a room"), value && *value == 0)) {
            value = 0;
            changed = true;
        }
        std::string needle = FoldCase(filter);
        std::vector<int> matches;
        for (int index : page.room_order) {
            if (needle.empty() || page.room_keys[index].find(needle) != std::string::npos) {
                matches.push_back(index);
            }
        }
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(matches.size()));
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const Room& room = data.rooms[matches[i]];
                std::string label = room.name + "##room" + std::to_string(room.id);
                if (ImGui::Selectable(label.c_str(), value && *value == room.id)) {
                    value = room.id;
                    changed = true;
                }
                if (!room.site.empty()) {
                    ImGui::SameLine();
                    MutedText(room.site);
                }
            }
        }
        ImGui::EndCombo();
    }
    NameLastItem(name);
    return changed;
}

void CenterNextDialog() {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(460, 0), ImVec2(640, FLT_MAX));
}

// The engine's verdict on `action`, planned again only when `key` (what the dialog holds and
// the state it is planned on) has changed.
void PlanIfChanged(AppState& state, AppController& controller, const std::string& key,
                   const Action& action) {
    DevicesPageState& page = state.devices_page;
    std::string full_key = key + "\n" + std::to_string(state.account.version);
    if (page.planned_for == full_key) return;
    page.planned_for = full_key;
    Outcome<Change> planned =
        Plan(*state.account.state.value, *state.catalogue.value, action, controller.Today());
    page.refusal = planned.refusal;
}

void DrawRefusal(const AppState& state, const Refusal& refusal) {
    std::string text = refusal.message.In(state.tr.language());
    if (!refusal.rule.empty()) text += " (" + refusal.rule + ")";
    ErrorText(text);
}

// The dialog's two buttons, Enter and Escape. `why_not` keeps the confirm button disabled.
// Returns true when the change is to be sent.
bool DialogButtons(AppState& state, const char* confirm, const std::string& why_not) {
    DevicesPageState& page = state.devices_page;
    const Translator& tr = state.tr;
    bool busy = page.submit.busy();
    ImGui::Spacing();
    bool send =
        ActionButton(busy ? tr("Sending…") : confirm, busy ? std::string(tr("Sending…")) : why_not);
    ImGui::SameLine();
    ImGui::BeginDisabled(busy);
    bool cancel = ImGui::Button(tr("Cancel"));
    ImGui::EndDisabled();
    // The dialog's own keys, not those of a list open over it (the room picker).
    if (ImGui::IsWindowFocused(ImGuiFocusedFlags_None) && !busy) {
        if (EnterPressed() && !ImGui::IsWindowAppearing() && why_not.empty()) send = true;
        if (EscapePressed()) cancel = true;
    }
    if (cancel && !busy) {
        page.CloseDialog();
        ImGui::CloseCurrentPopup();
        return false;
    }
    return send && !busy && why_not.empty();
}

void DrawAddDialog(AppState& state, AppController& controller) {
    DevicesPageState& page = state.devices_page;
    const Translator& tr = state.tr;
    if (page.dialog == DeviceDialog::Add && !ImGui::IsPopupOpen(kAddPopup)) {
        ImGui::OpenPopup(kAddPopup);
    }
    CenterNextDialog();
    std::string title = std::string(tr("Add device")) + kAddPopup;
    if (!ImGui::BeginPopupModal(
            title.c_str(), nullptr,
            ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
        return;
    }
    if (page.dialog != DeviceDialog::Add) {  // closed from elsewhere (sent, account changed)
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    const Catalogue& catalogue = *state.catalogue.value;
    bool busy = page.submit.busy();
    ImGui::BeginDisabled(busy);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    LabeledInput(tr("Serial number"), "##serial", page.serial, sizeof page.serial,
                 ImGuiInputTextFlags_CharsNoBlank, 360.0f);
    MutedText(tr("As printed on the device: 4 to 32 letters, digits or dashes."));
    ImGui::Spacing();

    // Only the catalogue's products can be chosen (R-ROOM-3); the engine checks it again.
    ImGui::TextUnformatted(tr("Product"));
    const Product* chosen = catalogue.FindProduct(page.product);
    ImGui::SetNextItemWidth(360.0f);
    if (ImGui::BeginCombo("##product", chosen ? chosen->name.c_str() : tr("Choose a product"),
                          ImGuiComboFlags_HeightLarge)) {
        for (const Product& product : catalogue.products) {
            std::string label = product.name + "##" + product.id;
            if (ImGui::Selectable(label.c_str(), product.id == page.product)) {
                page.product = product.id;
            }
        }
        ImGui::EndCombo();
    }
    NameLastItem(tr("Product"));
    ImGui::Spacing();

    ImGui::TextUnformatted(tr("Room"));
    RoomCombo(state, "##add-room", tr("Room"), page.room, page.dialog_room_filter,
              sizeof page.dialog_room_filter, tr("Not in a room"), false, 360.0f);
    ImGui::Spacing();

    LabeledInput(tr("Purchase date"), "##purchase", page.purchase, sizeof page.purchase,
                 ImGuiInputTextFlags_CharsNoBlank, 160.0f);
    Date purchase;
    bool date_ok = ParseDate(page.purchase, purchase);
    if (date_ok) {
        ImGui::SameLine();
        MutedText(FormatDateIn(tr.language(), purchase));
    }
    ImGui::EndDisabled();

    // What stops the device, before any request: the form first, then the engine.
    std::string serial = NormalizeSerial(page.serial);
    std::string why_not = ReadOnlyReason(state);
    if (why_not.empty() && serial.empty()) why_not = tr("Enter the serial number.");
    if (why_not.empty() && !chosen) why_not = tr("Choose the product from the catalogue.");
    if (why_not.empty() && !date_ok) why_not = tr("Enter the purchase date as YYYY-MM-DD.");
    Id room_id = page.room.value_or(0);
    if (why_not.empty()) {
        PlanIfChanged(
            state, controller,
            "add\n" + serial + "\n" + page.product + "\n" + std::to_string(room_id) + "\n" +
                page.purchase,
            Action::PlaceDevice(state.account.id, serial, page.product, room_id, purchase));
        if (page.refusal) {
            why_not = page.refusal->message.In(tr.language());
            DrawRefusal(state, *page.refusal);
        } else if (!page.submit.failed()) {
            MutedText(tr("The rules allow it."));
        }
    } else if (!serial.empty() && !date_ok && page.purchase[0] != 0) {
        ErrorText(tr("Enter the purchase date as YYYY-MM-DD."));
    }
    SubmissionError(state, page.submit);

    if (DialogButtons(state, tr("Add"), why_not)) {
        api::Json body = {{"serial", serial},
                          {"product", page.product},
                          {"roomId", room_id ? api::Json(room_id) : api::Json(nullptr)},
                          {"purchaseDate", FormatDate(purchase)}};
        controller.Submit(
            page.submit, "POST",
            "/api/v1/accounts/" + std::to_string(state.account.id) + "/devices", std::move(body),
            [&state, &controller, serial](const api::Result<api::Json>& result) {
                if (!result.ok()) return;
                state.devices_page.CloseDialog();
                controller.Announce(Format(state.tr("Device {0} added"), {serial}), false);
                // The new device is selected: its row is highlighted, its URL
                // can be shared.
                controller.Navigate({Page::Devices, serial});
            });
    }
    ImGui::EndPopup();
}

void DrawMoveDialog(AppState& state, AppController& controller) {
    DevicesPageState& page = state.devices_page;
    const Translator& tr = state.tr;
    if (page.dialog == DeviceDialog::Move && !ImGui::IsPopupOpen(kMovePopup)) {
        ImGui::OpenPopup(kMovePopup);
    }
    CenterNextDialog();
    std::string title = std::string(tr("Move device")) + kMovePopup;
    if (!ImGui::BeginPopupModal(
            title.c_str(), nullptr,
            ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
        return;
    }
    // The device's row: found once (its index is kept while the rows stay the same), not by
    // a scan of 50,000 devices every frame.
    const DeviceRow* device = nullptr;
    if (page.dialog == DeviceDialog::Move) {
        if (page.move_row < 0 || page.move_row >= static_cast<int>(page.rows.size()) ||
            page.rows[page.move_row].serial != page.move_serial) {
            page.move_row = -1;
            for (size_t i = 0; i < page.rows.size(); ++i) {
                if (page.rows[i].serial == page.move_serial) page.move_row = static_cast<int>(i);
            }
        }
        if (page.move_row >= 0) device = &page.rows[page.move_row];
    }
    if (!device) {  // closed from elsewhere, or the device is gone
        page.CloseDialog();
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    TextItem(device->room_id ? Format(tr("Device {0} ({1}), now in {2}."),
                                      {device->serial, device->product_name, device->room_name})
                             : Format(tr("Device {0} ({1}), now in no room."),
                                      {device->serial, device->product_name}));
    ImGui::Spacing();
    ImGui::BeginDisabled(page.submit.busy());
    ImGui::TextUnformatted(tr("Destination"));
    RoomCombo(state, "##destination", tr("Destination"), page.destination, page.dialog_room_filter,
              sizeof page.dialog_room_filter, tr("Choose a room"), false, 360.0f);
    ImGui::EndDisabled();

    std::string why_not = ReadOnlyReason(state);
    if (why_not.empty() && !page.destination) why_not = tr("Choose where the device goes.");
    if (why_not.empty()) {
        PlanIfChanged(state, controller,
                      "move\n" + device->serial + "\n" + std::to_string(*page.destination),
                      Action::MoveDevice(device->serial, *page.destination));
        if (page.refusal) {
            why_not = page.refusal->message.In(tr.language());
            DrawRefusal(state, *page.refusal);
        } else if (!page.submit.failed()) {
            MutedText(tr("The rules allow it."));
        }
    }
    SubmissionError(state, page.submit);

    if (DialogButtons(state, tr("Move"), why_not)) {
        Id to = *page.destination;
        api::Json body = {{"roomId", to ? api::Json(to) : api::Json(nullptr)}};
        controller.Submit(
            page.submit, "POST", "/api/v1/devices/" + device->serial + "/move", std::move(body),
            [&state, &controller, serial = device->serial,
             to](const api::Result<api::Json>& result) {
                if (!result.ok()) return;
                state.devices_page.CloseDialog();
                const Room* room = to && state.account.state.value
                                       ? state.account.state.value->FindRoom(to)
                                       : nullptr;
                controller.Announce(
                    room ? Format(state.tr("Device {0} moved to {1}"), {serial, room->name})
                         : Format(state.tr("Device {0} moved out of its room"), {serial}),
                    false);
            });
    }
    ImGui::EndPopup();
}

// The query's devices, less those a link's filter leaves out (issue 16): "warranty-ending",
// an effective warranty end (R-SKU-3) within 60 days of the day the rows were built, not past.
std::vector<int> FilteredDevices(const DevicesPageState& page) {
    std::vector<int> visible = QueryDevices(page.rows, page.query);
    if (page.route_filter == "warranty-ending") {
        Date last = AddDays(page.built_on, 60);
        std::erase_if(visible, [&](int i) {
            const std::optional<Date>& end = page.rows[i].warranty_end;
            return !end || *end < page.built_on || *end > last;
        });
    }
    return visible;
}

void DrawToolbar(AppState& state, int selected, Date today) {
    DevicesPageState& page = state.devices_page;
    const Translator& tr = state.tr;
    ImGui::SetNextItemWidth(300.0f);
    if (ImGui::InputTextWithHint("##search", tr("Serial, product or room"), page.search,
                                 sizeof page.search)) {
        page.query.text = page.search;
        page.query_dirty = true;
    }
    NameLastItem(tr("Search devices"));
    ImGui::SameLine();
    if (RoomCombo(state, "##room-filter-combo", tr("Filter by room"), page.query.room,
                  page.room_filter, sizeof page.room_filter, tr("All rooms"), true, 220.0f)) {
        page.query_dirty = true;
    }
    ImGui::SameLine();
    std::string read_only = ReadOnlyReason(state);
    if (ActionButton(tr("Add device"), read_only)) {
        page.CloseDialog();
        page.dialog = DeviceDialog::Add;
        // Most devices are registered the day they arrive.
        std::snprintf(page.purchase, sizeof page.purchase, "%s", FormatDate(today).c_str());
    }
    ImGui::SameLine();
    std::string move_why = read_only;
    if (move_why.empty() && selected < 0) move_why = tr("Select a device in the table first.");
    if (ActionButton(tr("Move device"), move_why)) {
        page.CloseDialog();
        page.dialog = DeviceDialog::Move;
        page.move_serial = page.rows[selected].serial;
        page.move_row = selected;
    }
}

void DrawTable(AppState& state, AppController& controller, int selected) {
    DevicesPageState& page = state.devices_page;
    const Translator& tr = state.tr;
    Language language = tr.language();
    enum Column { kSerial, kProduct, kRoom, kPurchased, kWarranty, kCopy };
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                            ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY |
                            ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
    float height = std::max(200.0f, ImGui::GetContentRegionAvail().y);
    if (!ImGui::BeginTable("devices", 6, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("Serial number"), ImGuiTableColumnFlags_DefaultSort, 1.3f, kSerial);
    ImGui::TableSetupColumn(tr("Product"), 0, 1.6f, kProduct);
    ImGui::TableSetupColumn(tr("Room"), 0, 1.6f, kRoom);
    ImGui::TableSetupColumn(tr("Purchased"), 0, 1.0f, kPurchased);
    ImGui::TableSetupColumn(tr("Warranty until"), 0, 1.0f, kWarranty);
    ImGui::TableSetupColumn(
        tr("Actions"),
        ImGuiTableColumnFlags_NoSort | ImGuiTableColumnFlags_WidthFixed |
            ImGuiTableColumnFlags_NoHeaderLabel,
        ImGui::CalcTextSize(tr("Copy")).x + ImGui::GetStyle().FramePadding.x * 2 + 8.0f, kCopy);
    // Each header published under its name: a click on "Room" sorts by room.
    HeadersRow(/*label_items=*/true);
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
        if (specs->SpecsCount > 0) {
            const ImGuiTableColumnSortSpecs& spec = specs->Specs[0];
            constexpr DeviceColumn kColumns[] = {DeviceColumn::Serial, DeviceColumn::Product,
                                                 DeviceColumn::Room, DeviceColumn::Purchased,
                                                 DeviceColumn::Warranty};
            if (spec.ColumnUserID < std::size(kColumns)) {
                page.query.sort = kColumns[spec.ColumnUserID];
            }
            page.query.ascending = spec.SortDirection != ImGuiSortDirection_Descending;
        }
        specs->SpecsDirty = false;
        page.query_dirty = true;
    }
    if (page.query_dirty) {
        page.visible = FilteredDevices(page);
        page.query_dirty = false;
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(page.visible.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            int index = page.visible[i];
            const DeviceRow& row = page.rows[index];
            ImGui::TableNextRow();
            a11y::TableRow(i, static_cast<int>(page.visible.size()));
            ImGui::TableNextColumn();
            std::string label = row.serial + "##device";
            if (ImGui::Selectable(
                    label.c_str(), index == selected,
                    ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowOverlap) &&
                index != selected) {
                controller.Navigate({Page::Devices, row.serial});
            }
            ImGui::TableNextColumn();
            TextItem(row.product_name);
            ImGui::TableNextColumn();
            if (row.room_id) {
                TextItem(row.room_name);
            } else {
                MutedText(tr("Not in a room"));
            }
            ImGui::TableNextColumn();
            TextItem(FormatDateIn(language, row.purchase_date));
            ImGui::TableNextColumn();
            if (row.warranty_end) {
                TextItem(FormatDateIn(language, *row.warranty_end));
            } else {
                MutedText("—");
            }
            ImGui::TableNextColumn();
            std::string copy = std::string(tr("Copy")) + "##" + row.serial;
            if (CompactButton(copy.c_str())) {
                controller.CopyText(row.serial);
                page.copied = row.serial;
            }
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Copy the serial number"));
        }
    }
    ImGui::EndTable();
}

}  // namespace

std::span<const TextPair> DevicesTexts() {
    return kTexts;
}

void DrawDevicesPage(AppState& state, AppController& controller) {
    DevicesPageState& page = state.devices_page;
    const Translator& tr = state.tr;
    HeadingItem(state, tr("Devices"), 1);
    MutedText(tr("Every device of the account by serial number, with its room and its warranty."));
    ImGui::Spacing();
    if (!DrawRemoteStatus(state, state.catalogue, "the service catalogue", controller)) return;
    if (!DrawRemoteStatus(state, state.account.state, "the account's devices", controller)) return;
    if (std::string filter = state.TakeRouteFilter(Page::Devices); !filter.empty()) {
        page.route_filter = std::move(filter);
        page.query_dirty = true;
    }
    EnsureRows(state, controller);
    int selected = SelectedRow(state);

    DrawToolbar(state, selected, controller.Today());
    if (!page.route_filter.empty() && DrawFilterChip(state, controller, page.route_filter)) {
        page.route_filter.clear();
        page.query_dirty = true;
    }
    // The dialogs come before the table so that their fields are found first by label (the
    // table's headers share some of their names).
    DrawAddDialog(state, controller);
    DrawMoveDialog(state, controller);

    if (page.query_dirty) {
        page.visible = FilteredDevices(page);
        page.query_dirty = false;
    }
    std::string count =
        page.visible.size() == page.rows.size()
            ? Format(tr("{0} devices"), {FormatCount(tr.language(), page.rows.size())})
            : Format(tr("{0} of {1} devices"), {FormatCount(tr.language(), page.visible.size()),
                                                FormatCount(tr.language(), page.rows.size())});
    MutedText(count);
    if (!page.copied.empty()) {
        ImGui::SameLine(0, 16.0f);
        MutedText(Format(tr("Copied {0} to the clipboard."), {page.copied}));
    }
    if (page.rows.empty()) {
        ImGui::Spacing();
        if (EmptyState(state, "No device in this account yet.",
                       "Devices are placed by serial number, each in a room; their warranty and "
                       "service follow from there.",
                       "Place your first device")) {
            page.CloseDialog();
            page.dialog = DeviceDialog::Add;
            std::snprintf(page.purchase, sizeof page.purchase, "%s",
                          FormatDate(controller.Today()).c_str());
        }
        return;
    }
    if (page.visible.empty()) {
        ImGui::Spacing();
        TextItem(tr("No device matches the search."));
    }
    DrawTable(state, controller, selected);
}

}  // namespace portal::app
