#include "app/test_bridge.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

namespace portal::app {

// [SECTION] Helpers

namespace {

// What a node's container says about its role.
enum Context : uint8_t {
    kPlain = 0,
    kHidden,        // a tooltip, a window on its hidden first frame: portalItems only
    kOption,        // in a combo's popup
    kMenuItem,      // in another popup
    kHeader,        // a header cell of a table that sorts: a button
    kStaticHeader,  // a header cell of a table that does not sort: its text
};

TestBridge* BridgeOf(ImGuiContext* context) {
    return context ? static_cast<TestBridge*>(context->TestEngine) : nullptr;
}

// The part of an item that is actually on screen: ImGui reports items that its windows,
// child regions and table columns clip away, and a test must not click those.
bool VisibleRect(ImGuiContext* context, ImRect& rect) {
    ImGuiWindow* window = context->CurrentWindow;
    if (!window || window->SkipItems) return false;
    rect.ClipWithFull(window->ClipRect);
    return rect.GetWidth() > 0.5f && rect.GetHeight() > 0.5f;
}

size_t VisibleLength(const char* label) {
    const char* hashes = std::strstr(label, "##");
    return hashes ? static_cast<size_t>(hashes - label) : std::strlen(label);
}

uint32_t Mix(uint32_t a, uint32_t b) {
    uint32_t h = a ^ (b * 0x9E3779B9u + 0x7F4A7C15u + (a << 6) + (a >> 2));
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    h ^= h >> 16;
    return h ? h : 1;
}

uint32_t TextKey(uint32_t parent, MirrorRole role, std::string_view text) {
    return Mix(ImHashData(text.data(), text.size(), parent), static_cast<uint32_t>(role));
}

MirrorRole RoleOf(a11y::Role role) {
    switch (role) {
        case a11y::Role::Auto:
            return MirrorRole::None;
        case a11y::Role::Button:
            return MirrorRole::Button;
        case a11y::Role::Link:
            return MirrorRole::Link;
        case a11y::Role::Checkbox:
            return MirrorRole::Checkbox;
        case a11y::Role::Radio:
            return MirrorRole::Radio;
        case a11y::Role::Textbox:
            return MirrorRole::Textbox;
        case a11y::Role::Combobox:
            return MirrorRole::Combobox;
        case a11y::Role::Tab:
            return MirrorRole::Tab;
        case a11y::Role::Heading:
            return MirrorRole::Heading;
        case a11y::Role::Text:
            return MirrorRole::Text;
        case a11y::Role::Image:
            return MirrorRole::Img;
        case a11y::Role::Option:
            return MirrorRole::Option;
        case a11y::Role::MenuItem:
            return MirrorRole::MenuItem;
    }
    return MirrorRole::None;
}

MirrorRole RoleOf(a11y::Landmark kind) {
    switch (kind) {
        case a11y::Landmark::Banner:
            return MirrorRole::Banner;
        case a11y::Landmark::Navigation:
            return MirrorRole::Navigation;
        case a11y::Landmark::Main:
            return MirrorRole::Main;
        case a11y::Landmark::Region:
            return MirrorRole::Region;
    }
    return MirrorRole::Region;
}

bool Focusable(const MirrorNode& node) {
    if (!node.mirrored || (node.states & a11y::state::kDisabled)) return false;
    switch (node.role) {
        case MirrorRole::Button:
        case MirrorRole::Link:
        case MirrorRole::Checkbox:
        case MirrorRole::Radio:
        case MirrorRole::Textbox:
        case MirrorRole::Combobox:
        case MirrorRole::Tab:
        case MirrorRole::Option:
        case MirrorRole::MenuItem:
            return true;
        default:
            return false;
    }
}

bool SameOnWire(const MirrorNode& a, const MirrorNode& b) {
    return a.parent == b.parent && a.role == b.role && a.states == b.states && a.x == b.x &&
           a.y == b.y && a.w == b.w && a.h == b.h && a.row_index == b.row_index &&
           a.col_index == b.col_index && a.row_count == b.row_count && a.col_count == b.col_count &&
           a.level == b.level && a.name == b.name && a.value == b.value &&
           a.description == b.description && a.href == b.href;
}

void AppendInt(std::string& out, long long value) {
    char buffer[24];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

// CSS pixels to 1/100: enough for the overlay, short on the wire.
void AppendNumber(std::string& out, float value) {
    float rounded = std::round(value);
    if (std::fabs(value - rounded) < 0.005f) {
        AppendInt(out, static_cast<long long>(rounded));
        return;
    }
    char buffer[32];
    int size = std::snprintf(buffer, sizeof buffer, "%.2f", static_cast<double>(value));
    while (size > 0 && buffer[size - 1] == '0') --size;
    if (size > 0 && buffer[size - 1] == '.') --size;
    out.append(buffer, static_cast<size_t>(size));
}

void AppendString(std::string& out, std::string_view text) {
    out += '"';
    size_t plain = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(text.data() + plain, i - plain);
        plain = i + 1;
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            default: {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
                out += escaped;
            }
        }
    }
    out.append(text.data() + plain, text.size() - plain);
    out += '"';
}

}  // namespace

const char* MirrorRoleName(MirrorRole role) {
    static constexpr const char* kNames[] = {
        "",         "button",      "link",    "checkbox", "radio",
        "textbox",  "combobox",    "tab",     "heading",  "text",
        "img",      "table",       "row",     "cell",     "columnheader",
        "dialog",   "alertdialog", "listbox", "option",   "menu",
        "menuitem", "navigation",  "main",    "banner",   "region"};
    return kNames[static_cast<size_t>(role)];
}

std::string VisibleLabel(const char* label) {
    if (!label) return {};
    return std::string(label, VisibleLength(label));
}

// [SECTION] Frame

void TestBridge::Attach(ImGuiContext* context) {
    context_ = context;
    context->TestEngine = this;
    context->TestEngineHookItems = true;
    // ImGui::NewFrame submits its Debug window before the app's BeginFrame: a first generation
    // that no empty slot has (0), or Insert would find no free slot. (B, 05:40)
    generation_ = ++frame_counter_;
}

void TestBridge::BeginFrame() {
    count_ = 0;
    generation_ = ++frame_counter_;
    last_node_ = -1;
    landmarks_.clear();
    tables_.clear();
}

void TestBridge::EndFrame() {
    Finalize();
    if (context_) TrackFocus(*context_);
    Diff();
    std::swap(building_, published_);
    std::swap(slots_, previous_slots_);
    previous_generation_ = generation_;
    published_count_ = count_;
    count_ = 0;
    items_stale_ = true;
}

int TestBridge::Lookup(const std::vector<Slot>& slots, uint32_t generation, uint32_t key) {
    if (slots.empty()) return -1;
    size_t mask = slots.size() - 1;
    for (size_t i = key & mask;; i = (i + 1) & mask) {
        const Slot& slot = slots[i];
        if (slot.generation != generation) return -1;
        if (slot.key == key) return static_cast<int>(slot.index);
    }
}

void TestBridge::Insert(uint32_t key, uint32_t index) {
    if ((count_ + 1) * 2 > slots_.size()) {
        // Grow and put back this frame's nodes.
        slots_.assign(std::max<size_t>(256, slots_.size() * 2), Slot{});
        for (size_t i = 0; i < count_; ++i) Insert(building_[i].key, static_cast<uint32_t>(i));
    }
    size_t mask = slots_.size() - 1;
    for (size_t i = key & mask;; i = (i + 1) & mask) {
        Slot& slot = slots_[i];
        if (slot.generation != generation_) {
            slot = {key, index, generation_};
            return;
        }
    }
}

int TestBridge::IndexOf(uint32_t key) const {
    return Lookup(slots_, generation_, key);
}

MirrorNode& TestBridge::NewNode(MirrorNode::Kind kind, uint32_t key) {
    // A key seen already this frame (two items of one id, the same text twice in one place):
    // the next occurrence gets the next hash.
    while (key == 0 || IndexOf(key) >= 0) key = Mix(key, 0x51u);
    if (count_ == building_.size()) building_.emplace_back();
    Insert(key, static_cast<uint32_t>(count_));
    MirrorNode& node = building_[count_++];
    node.key = key;
    node.parent = 0;
    node.role = MirrorRole::None;
    node.states = 0;
    node.x = node.y = node.w = node.h = 0;
    node.row_index = node.col_index = node.row_count = node.col_count = -1;
    node.level = 0;
    node.name.clear();
    node.value.clear();
    node.description.clear();
    node.href.clear();
    node.kind = kind;
    node.mirrored = true;
    node.enabled = true;
    node.checkable = node.checked = false;
    node.has_info = false;
    node.name_set = false;
    node.annotated = a11y::Role::Auto;
    node.context = kPlain;
    node.id = 0;
    node.status = 0;
    node.label.clear();
    return node;
}

int TestBridge::Container(uint32_t parent, MirrorRole role, std::string_view name, uint32_t key) {
    int found = IndexOf(key);
    if (found >= 0) return found;
    MirrorNode& node = NewNode(MirrorNode::Kind::Container, key);
    node.parent = parent;
    node.role = role;
    node.name.assign(name);
    return static_cast<int>(count_ - 1);
}

uint32_t TestBridge::WindowContainer(ImGuiContext& g, void* root_window, int depth) {
    auto* root = static_cast<ImGuiWindow*>(root_window);
    if (!root || depth > 8 || !(root->Flags & (ImGuiWindowFlags_Popup | ImGuiWindowFlags_Modal))) {
        return 0;
    }
    MirrorRole role = (root->Flags & ImGuiWindowFlags_Modal)         ? MirrorRole::Dialog
                      : std::strncmp(root->Name, "##Combo_", 8) == 0 ? MirrorRole::Listbox
                                                                     : MirrorRole::Menu;
    // A popup opened from a dialog belongs to it (the page makes what is outside a dialog
    // inert).
    uint32_t parent =
        root->ParentWindow ? WindowContainer(g, root->ParentWindow->RootWindow, depth + 1) : 0;
    std::string_view name;
    if (role == MirrorRole::Dialog) name = std::string_view(root->Name, VisibleLength(root->Name));
    return building_[Container(parent, role, name, Mix(root->ID, static_cast<uint32_t>(role)))].key;
}

TestBridge::Table& TestBridge::TableState(unsigned id) {
    for (Table& known : tables_) {
        if (known.id == id) return known;
    }
    tables_.emplace_back();
    tables_.back().id = id;
    return tables_.back();
}

uint32_t TestBridge::TableCell(ImGuiContext& g, uint32_t table_parent, uint8_t& context) {
    ImGuiTable* table = g.CurrentTable;
    Table* state = &TableState(table->ID);
    if (state->node < 0) {
        state->node = Container(table_parent, MirrorRole::Table, {},
                                Mix(table->ID, static_cast<uint32_t>(MirrorRole::Table)));
    }
    state->columns = table->ColumnsEnabledCount;
    uint32_t table_key = building_[state->node].key;

    bool header = (table->RowFlags & ImGuiTableRowFlags_Headers) != 0;
    int row = table->CurrentRow;
    int row_index = row + 1;
    if (header) {
        state->header_rows = std::max(state->header_rows, row + 1);
    } else if (state->annotated_row == row) {
        row_index = state->header_rows + state->data_index + 1;
    }
    state->max_row_index = std::max(state->max_row_index, row_index);
    int row_node = Container(table_key, MirrorRole::Row, {},
                             Mix(table_key, static_cast<uint32_t>(row_index) * 2u + 1u));
    building_[row_node].row_index = row_index;
    uint32_t row_key = building_[row_node].key;

    const ImGuiTableColumn& column = table->Columns[table->CurrentColumn];
    int col_index =
        (column.IndexWithinEnabledSet >= 0 ? column.IndexWithinEnabledSet : table->CurrentColumn) +
        1;
    MirrorRole cell_role = header ? MirrorRole::ColumnHeader : MirrorRole::Cell;
    int cell_node =
        Container(row_key, cell_role, {}, Mix(row_key, static_cast<uint32_t>(col_index) * 2u));
    building_[cell_node].col_index = col_index;
    if (header) {
        // ImGui's TableHeader reports no label: the column's name is the header's.
        context = (table->Flags & ImGuiTableFlags_Sortable) ? kHeader : kStaticHeader;
        header_name_ = ImGui::TableGetColumnName(table, table->CurrentColumn);
    }
    return building_[cell_node].key;
}

uint32_t TestBridge::ParentFor(ImGuiContext& g, uint8_t& context) {
    context = kPlain;
    ImGuiWindow* window = g.CurrentWindow;
    if (!window) return 0;
    ImGuiWindow* root = window->RootWindow;
    if ((root->Flags & ImGuiWindowFlags_Tooltip) || root->Hidden || window->Hidden) {
        context = kHidden;
        return 0;
    }
    if (root->Flags & (ImGuiWindowFlags_Popup | ImGuiWindowFlags_Modal) &&
        !(root->Flags & ImGuiWindowFlags_Modal)) {
        context = std::strncmp(root->Name, "##Combo_", 8) == 0 ? kOption : kMenuItem;
    }
    uint32_t parent = 0;
    bool in_landmark = false;
    for (auto it = landmarks_.rbegin(); it != landmarks_.rend(); ++it) {
        if (it->root_window == root) {
            parent = it->key;
            in_landmark = true;
            break;
        }
    }
    if (!in_landmark) parent = WindowContainer(g, root, 0);
    ImGuiTable* table = g.CurrentTable;
    if (table && table->InnerWindow == window && table->CurrentRow >= 0 &&
        table->CurrentColumn >= 0) {
        parent = TableCell(g, parent, context);
    }
    return parent;
}

// [SECTION] Hooks

void TestBridge::OnItemAdd(ImGuiContext* context, unsigned id, float x0, float y0, float x1,
                           float y1, int item_flags) {
    last_node_ = -1;
    if (focus_request_ != 0 && focus_request_ == id) {
        ApplyFocusRequest(*context, id, x0, y0, x1, y1, item_flags);
    }
    // Windows and child regions report themselves as items too; they are containers, not
    // things a user clicks or reads.
    if (ImGui::FindWindowByID(id)) return;
    ImRect rect(x0, y0, x1, y1);
    if (!VisibleRect(context, rect)) return;
    bool cut = rect.GetWidth() + 0.5f < x1 - x0 || rect.GetHeight() + 0.5f < y1 - y0;
    uint8_t item_context = kPlain;
    header_name_ = nullptr;
    uint32_t parent = ParentFor(*context, item_context);
    MirrorNode& node = NewNode(MirrorNode::Kind::Item, id);
    node.id = id;
    if (header_name_) node.name.assign(header_name_);
    node.parent = parent;
    node.x = rect.Min.x;
    node.y = rect.Min.y;
    node.w = rect.GetWidth();
    node.h = rect.GetHeight();
    node.enabled = !(item_flags & ImGuiItemFlags_Disabled);
    node.cut = cut;
    if (item_flags & ImGuiItemFlags_Inputable) node.status |= ImGuiItemStatusFlags_Inputable;
    node.context = item_context;
    node.mirrored = item_context != kHidden;
    last_node_ = static_cast<int>(count_ - 1);
}

void TestBridge::OnItemInfo(unsigned id, const char* label, int status) {
    // ImGui reports an item's label right after adding it: the match is near the end.
    for (size_t i = count_; i-- > 0;) {
        MirrorNode& node = building_[i];
        if (node.kind != MirrorNode::Kind::Item || node.id != id) continue;
        if (label) node.label.assign(label, VisibleLength(label));
        node.checkable = (status & ImGuiItemStatusFlags_Checkable) != 0;
        node.checked = (status & ImGuiItemStatusFlags_Checked) != 0;
        node.status |= static_cast<unsigned>(status);
        if (!(status & ImGuiItemStatusFlags_Checked)) node.status &= ~ImGuiItemStatusFlags_Checked;
        node.has_info = true;
        if (!node.name_set) node.name = node.label;
        return;
    }
}

void TestBridge::OnItemInfo(unsigned id, const char* label, bool checkable, bool checked) {
    OnItemInfo(id, label,
               (checkable ? ImGuiItemStatusFlags_Checkable : 0) |
                   (checked ? ImGuiItemStatusFlags_Checked : 0));
}

void TestBridge::RecordLastItemText(const char* text) {
    last_node_ = -1;
    ImGuiContext* context = ImGui::GetCurrentContext();
    if (!context || !text) return;
    ImRect rect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    if (!VisibleRect(context, rect)) return;
    uint8_t item_context = kPlain;
    uint32_t parent = ParentFor(*context, item_context);
    std::string_view visible(text, VisibleLength(text));
    MirrorNode& node = NewNode(MirrorNode::Kind::Text, TextKey(parent, MirrorRole::Text, visible));
    node.parent = parent;
    node.x = rect.Min.x;
    node.y = rect.Min.y;
    node.w = rect.GetWidth();
    node.h = rect.GetHeight();
    node.label.assign(visible);
    node.name.assign(visible);
    node.mirrored = item_context != kHidden;
    last_node_ = static_cast<int>(count_ - 1);
}

// [SECTION] Annotations

MirrorNode* TestBridge::LastNode() {
    ImGuiContext* context = ImGui::GetCurrentContext();
    if (!context) return nullptr;
    unsigned id = context->LastItemData.ID;
    if (last_node_ >= 0) {
        MirrorNode& last = building_[static_cast<size_t>(last_node_)];
        if (last.kind != MirrorNode::Kind::Item || last.id == id) return &last;
    }
    if (id == 0) return nullptr;
    // An item whose own items came after it (an open combo's list).
    for (size_t i = count_; i-- > 0;) {
        MirrorNode& node = building_[i];
        if (node.kind == MirrorNode::Kind::Item && node.id == id) return &node;
    }
    return nullptr;
}

void TestBridge::AnnotateRole(a11y::Role role) {
    MirrorNode* node = LastNode();
    if (!node) return;
    node->annotated = role;
    if (role == a11y::Role::Combobox && node->id != 0) {
        // Open while its list is: ImGui's combo names its popup after the combo.
        bool open =
            ImGui::IsPopupOpen(ImHashStr("##ComboPopup", 0, node->id), ImGuiPopupFlags_None);
        node->states |= open ? a11y::state::kExpanded : a11y::state::kCollapsed;
    }
}

void TestBridge::AnnotateText(Field field, std::string_view text) {
    MirrorNode* node = LastNode();
    if (!node) return;
    switch (field) {
        case Field::Name:
            node->name.assign(text);
            node->name_set = true;
            break;
        case Field::Value:
            node->value.assign(text);
            break;
        case Field::Description:
            node->description.assign(text);
            break;
        case Field::Href:
            node->href.assign(text);
            break;
    }
}

void TestBridge::AnnotateStates(unsigned states) {
    if (MirrorNode* node = LastNode()) node->states |= states;
}

void TestBridge::AnnotateHeading(int level) {
    MirrorNode* node = LastNode();
    if (node && (node->kind == MirrorNode::Kind::Text || node->kind == MirrorNode::Kind::DrawnText))
        node->level = level;
}

void TestBridge::BeginLandmark(a11y::Landmark kind, std::string_view name) {
    ImGuiContext* context = ImGui::GetCurrentContext();
    if (!context) return;
    ImGuiWindow* window = context->CurrentWindow;
    ImGuiWindow* root = window ? window->RootWindow : nullptr;
    uint32_t parent = 0;
    bool in_landmark = false;
    for (auto it = landmarks_.rbegin(); it != landmarks_.rend(); ++it) {
        if (it->root_window == root) {
            parent = it->key;
            in_landmark = true;
            break;
        }
    }
    if (!in_landmark) parent = WindowContainer(*context, root, 0);
    MirrorRole role = RoleOf(kind);
    MirrorNode& node = NewNode(MirrorNode::Kind::Container, TextKey(parent, role, name));
    node.parent = parent;
    node.role = role;
    node.name.assign(name);
    landmarks_.push_back({node.key, root});
}

void TestBridge::EndLandmark() {
    if (!landmarks_.empty()) landmarks_.pop_back();
}

void TestBridge::TableRow(int data_index, int data_rows) {
    ImGuiContext* context = ImGui::GetCurrentContext();
    ImGuiTable* table = context ? context->CurrentTable : nullptr;
    if (!table) return;
    Table* state = &TableState(table->ID);
    state->annotated_row = table->CurrentRow;
    state->data_index = data_index;
    state->data_rows = data_rows;
}

void TestBridge::Figure(ImVec2 min, ImVec2 max, std::string_view name, std::string_view summary) {
    last_node_ = -1;
    ImGuiContext* context = ImGui::GetCurrentContext();
    if (!context) return;
    ImRect rect(min, max);
    if (!VisibleRect(context, rect)) return;
    uint8_t item_context = kPlain;
    uint32_t parent = ParentFor(*context, item_context);
    MirrorNode& node = NewNode(MirrorNode::Kind::Figure, TextKey(parent, MirrorRole::Img, name));
    node.parent = parent;
    node.x = rect.Min.x;
    node.y = rect.Min.y;
    node.w = rect.GetWidth();
    node.h = rect.GetHeight();
    node.name.assign(name);
    node.name_set = true;
    node.description.assign(summary);
    node.mirrored = item_context != kHidden;
    last_node_ = static_cast<int>(count_ - 1);
}

void TestBridge::PublishText(ImVec2 min, ImVec2 max, std::string_view text) {
    last_node_ = -1;
    ImGuiContext* context = ImGui::GetCurrentContext();
    if (!context || text.empty()) return;
    ImRect rect(min, max);
    if (!VisibleRect(context, rect)) return;
    uint8_t item_context = kPlain;
    uint32_t parent = ParentFor(*context, item_context);
    MirrorNode& node =
        NewNode(MirrorNode::Kind::DrawnText, TextKey(parent, MirrorRole::Text, text));
    node.parent = parent;
    node.x = rect.Min.x;
    node.y = rect.Min.y;
    node.w = rect.GetWidth();
    node.h = rect.GetHeight();
    node.name.assign(text);
    node.mirrored = item_context != kHidden;
    last_node_ = static_cast<int>(count_ - 1);
}

// [SECTION] The frame's tree

void TestBridge::Finalize() {
    for (size_t i = 0; i < count_; ++i) {
        MirrorNode& node = building_[i];
        switch (node.kind) {
            case MirrorNode::Kind::Container:
                continue;
            case MirrorNode::Kind::Figure:
                node.role = MirrorRole::Img;
                continue;
            case MirrorNode::Kind::DrawnText:
            case MirrorNode::Kind::Text:
                node.role = node.annotated != a11y::Role::Auto ? RoleOf(node.annotated)
                            : node.level > 0                   ? MirrorRole::Heading
                                                               : MirrorRole::Text;
                if (node.role == MirrorRole::Heading && node.level <= 0) node.level = 2;
                continue;
            case MirrorNode::Kind::Item:
                break;
        }
        unsigned status = node.status;
        if (node.annotated != a11y::Role::Auto) {
            node.role = RoleOf(node.annotated);
        } else if (status & ImGuiItemStatusFlags_Inputable) {
            node.role = MirrorRole::Textbox;
        } else if (node.context == kOption) {
            node.role = MirrorRole::Option;
        } else if (node.context == kMenuItem) {
            node.role = MirrorRole::MenuItem;
        } else if (status & ImGuiItemStatusFlags_Checkable) {
            node.role = MirrorRole::Checkbox;
        } else if (node.context == kStaticHeader) {
            node.role = MirrorRole::Text;
        } else {
            node.role = MirrorRole::Button;
        }
        if (!node.enabled) node.states |= a11y::state::kDisabled;
        if ((status & ImGuiItemStatusFlags_Checkable) && (status & ImGuiItemStatusFlags_Checked)) {
            node.states |= a11y::state::kChecked;
        }
        if (status & ImGuiItemStatusFlags_Openable) {
            node.states |= (status & ImGuiItemStatusFlags_Opened) ? a11y::state::kExpanded
                                                                  : a11y::state::kCollapsed;
        }
        // Items ImGui never named (title bars, scroll bars, a chart's drag area) are no
        // controls for a reader; fields and check boxes stay, named or not.
        bool named =
            node.annotated != a11y::Role::Auto || node.name_set ||
            ((node.context == kHeader || node.context == kStaticHeader) && !node.name.empty());
        if (!named && (!node.has_info || (node.role == MirrorRole::Button && node.name.empty()))) {
            node.mirrored = false;
        }
    }
    for (const Table& table : tables_) {
        if (table.node < 0) continue;
        MirrorNode& node = building_[static_cast<size_t>(table.node)];
        node.row_count =
            table.data_rows >= 0 ? table.header_rows + table.data_rows : table.max_row_index;
        node.col_count = table.columns;
    }
    // A dialog without a title is named by its first text.
    for (size_t i = 0; i < count_; ++i) {
        MirrorNode& dialog = building_[i];
        if (dialog.role != MirrorRole::Dialog || !dialog.name.empty()) continue;
        for (size_t j = i + 1; j < count_; ++j) {
            const MirrorNode& text = building_[j];
            if (text.mirrored && text.kind == MirrorNode::Kind::Text &&
                InDialog(text, dialog.key)) {
                dialog.name = text.name;
                break;
            }
        }
    }
}

bool TestBridge::InDialog(const MirrorNode& node, uint32_t dialog) const {
    uint32_t parent = node.parent;
    for (int depth = 0; parent != 0 && depth < 32; ++depth) {
        if (parent == dialog) return true;
        int index = IndexOf(parent);
        if (index < 0) return false;
        parent = building_[static_cast<size_t>(index)].parent;
    }
    return false;
}

// [SECTION] Focus

void TestBridge::FocusFromMirror(uint32_t key) {
    page_focus_ = key;
    if (key == 0) return;
    NoteUsed(key);
    const MirrorNode* node = FindNode(key);
    focus_request_ = node && node->id != 0 ? node->id : key;
}

void TestBridge::ActivateFromMirror(uint32_t key) {
    if (!context_ || key == 0) return;
    NoteUsed(key);
    const MirrorNode* node = FindNode(key);
    if (node && node->role == MirrorRole::Textbox) {
        // A text field is activated for typing, which its focus does.
        FocusFromMirror(key);
        return;
    }
    context_->NavNextActivateId = node && node->id != 0 ? node->id : key;
    context_->NavNextActivateFlags = ImGuiActivateFlags_None;
}

void TestBridge::ApplyFocusRequest(ImGuiContext& g, unsigned id, float x0, float y0, float x1,
                                   float y1, int item_flags) {
    focus_request_ = 0;
    ImGuiWindow* window = g.CurrentWindow;
    if (!window) return;
    if (g.NavWindow != window) ImGui::FocusWindow(window, ImGuiFocusRequestFlags_UnlessBelowModal);
    if (g.NavWindow != window) return;  // behind a modal dialog
    ImGui::SetFocusID(id, window);
    // The focus is the keyboard's: ImGui draws its highlight, the mouse does not move it.
    g.NavDisableHighlight = false;
    g.NavDisableMouseHover = true;
    ImGui::ScrollToRectEx(window, ImRect(x0, y0, x1, y1), ImGuiScrollFlags_None);
    if (g.ActiveId != 0 && g.ActiveId != id) ImGui::ClearActiveID();
    if (item_flags & ImGuiItemFlags_Inputable) {
        // The field reads this right after ItemAdd: it becomes active in this very frame, so
        // that the page can give the hidden text input the focus before the next key.
        g.NavActivateId = id;
        g.NavActivateFlags = ImGuiActivateFlags_PreferInput;
    }
    last_nav_id_ = id;
}

void TestBridge::TrackFocus(ImGuiContext& g) {
    focus_out_ = 0;
    uint32_t used_before = last_used_;
    // Dialogs that opened or closed since the last frame.
    current_dialogs_.clear();
    for (size_t i = 0; i < count_; ++i) {
        const MirrorNode& node = building_[i];
        if (node.role == MirrorRole::Dialog || node.role == MirrorRole::AlertDialog) {
            current_dialogs_.push_back({node.key, 0});
        }
    }
    for (Dialog& dialog : current_dialogs_) {
        auto known = std::find_if(dialogs_.begin(), dialogs_.end(),
                                  [&](const Dialog& d) { return d.key == dialog.key; });
        if (known != dialogs_.end()) {
            dialog.opener = known->opener;
            continue;
        }
        // Its first control, once the dialog has one (a dialog may wait for its data).
        for (size_t i = 0; i < count_; ++i) {
            const MirrorNode& node = building_[i];
            if (Focusable(node) && InDialog(node, dialog.key)) {
                // A modal is drawn from its second frame; ImGui's navigation may have entered
                // it by then: the opener is the control used before that.
                int used = IndexOf(used_before);
                bool inside =
                    used >= 0 && InDialog(building_[static_cast<size_t>(used)], dialog.key);
                dialog.opener = inside ? used_earlier_ : used_before;
                focus_out_ = node.key;
                break;
            }
        }
        if (focus_out_ == 0) dialog.key = 0;  // not opened yet: looked at again next frame
    }
    for (const Dialog& dialog : dialogs_) {
        bool still = std::any_of(current_dialogs_.begin(), current_dialogs_.end(),
                                 [&](const Dialog& d) { return d.key == dialog.key; });
        if (!still && focus_out_ == 0 && dialog.opener != 0 && IndexOf(dialog.opener) >= 0 &&
            building_[static_cast<size_t>(IndexOf(dialog.opener))].mirrored) {
            focus_out_ = dialog.opener;
        }
    }
    current_dialogs_.erase(std::remove_if(current_dialogs_.begin(), current_dialogs_.end(),
                                          [](const Dialog& d) { return d.key == 0; }),
                           current_dialogs_.end());
    std::swap(dialogs_, current_dialogs_);

    // ImGui's keyboard navigation moved.
    uint32_t nav = g.NavId;
    if (nav != last_nav_id_ && nav != 0) {
        int index = IndexOf(nav);
        bool shown = index >= 0 && building_[static_cast<size_t>(index)].mirrored;
        if (shown && !g.NavDisableHighlight && focus_out_ == 0) focus_out_ = nav;
        if (shown) NoteUsed(nav);
    }
    last_nav_id_ = nav;
    if (g.ActiveId != 0 && IndexOf(g.ActiveId) >= 0) NoteUsed(g.ActiveId);

    // Never sent back where the page already is.
    if (focus_out_ == page_focus_) focus_out_ = 0;
    if (focus_out_ != 0) page_focus_ = focus_out_;

    const ImGuiInputTextState* field = ImGui::GetInputTextState(g.ActiveId);
    text_field_ = field && g.ActiveId != 0 ? g.ActiveId : 0;
}

// [SECTION] The difference with the last frame

void TestBridge::Diff() {
    changed_.clear();
    removed_.clear();
    size_t mirrored = 0;
    bool order_changed = false;
    size_t i = 0, j = 0;
    for (;;) {
        while (i < count_ && !building_[i].mirrored) ++i;
        while (j < published_count_ && !published_[j].mirrored) ++j;
        if (i == count_ || j == published_count_) {
            order_changed = i != count_ || j != published_count_;
            break;
        }
        if (building_[i].key != published_[j].key) {
            order_changed = true;
            break;
        }
        if (!SameOnWire(building_[i], published_[j])) changed_.push_back(static_cast<uint32_t>(i));
        ++i;
        ++j;
    }
    if (order_changed) {
        changed_.clear();
        seen_.assign(published_count_, 0);
        for (i = 0; i < count_; ++i) {
            const MirrorNode& node = building_[i];
            if (!node.mirrored) continue;
            int before = Lookup(previous_slots_, previous_generation_, node.key);
            if (before >= 0 && published_[static_cast<size_t>(before)].mirrored) {
                seen_[static_cast<size_t>(before)] = 1;
                if (SameOnWire(node, published_[static_cast<size_t>(before)])) continue;
            }
            changed_.push_back(static_cast<uint32_t>(i));
        }
        for (j = 0; j < published_count_; ++j) {
            if (published_[j].mirrored && !seen_[j]) removed_.push_back(published_[j].key);
        }
    }
    for (i = 0; i < count_; ++i) mirrored += building_[i].mirrored ? 1 : 0;

    bool text_field_changed = text_field_ != sent_text_field_;
    has_batch_ = !changed_.empty() || !removed_.empty() || order_changed || focus_out_ != 0 ||
                 text_field_changed;
    ++stats_.frames;
    stats_.nodes = mirrored;
    if (!has_batch_) return;

    batch_.clear();
    batch_ += '{';
    bool first = true;
    auto separator = [&] {
        if (!first) batch_ += ',';
        first = false;
    };
    if (!changed_.empty()) {
        separator();
        batch_ += "\"u\":[";
        for (size_t n = 0; n < changed_.size(); ++n) {
            if (n > 0) batch_ += ',';
            WriteNode(building_[changed_[n]]);
        }
        batch_ += ']';
    }
    if (!removed_.empty()) {
        separator();
        batch_ += "\"x\":[";
        for (size_t n = 0; n < removed_.size(); ++n) {
            if (n > 0) batch_ += ',';
            AppendInt(batch_, removed_[n]);
        }
        batch_ += ']';
    }
    if (order_changed) {
        separator();
        batch_ += "\"o\":[";
        bool first_key = true;
        for (i = 0; i < count_; ++i) {
            if (!building_[i].mirrored) continue;
            if (!first_key) batch_ += ',';
            first_key = false;
            AppendInt(batch_, building_[i].key);
        }
        batch_ += ']';
    }
    if (focus_out_ != 0) {
        separator();
        batch_ += "\"f\":";
        AppendInt(batch_, focus_out_);
    }
    if (text_field_changed) {
        separator();
        batch_ += "\"t\":";
        AppendInt(batch_, text_field_);
        sent_text_field_ = text_field_;
    }
    batch_ += '}';
    ++stats_.batches;
    stats_.bytes += batch_.size();
}

void TestBridge::WriteNode(const MirrorNode& node) {
    std::string& out = batch_;
    out += "{\"k\":";
    AppendInt(out, node.key);
    if (node.parent != 0) {
        out += ",\"p\":";
        AppendInt(out, node.parent);
    }
    out += ",\"r\":\"";
    out += MirrorRoleName(node.role);
    out += '"';
    if (!node.name.empty()) {
        out += ",\"n\":";
        AppendString(out, node.name);
    }
    if (!node.value.empty()) {
        out += ",\"v\":";
        AppendString(out, node.value);
    }
    if (!node.description.empty()) {
        out += ",\"d\":";
        AppendString(out, node.description);
    }
    if (node.states != 0) {
        out += ",\"s\":";
        AppendInt(out, node.states);
    }
    if (node.w != 0 || node.h != 0) {
        out += ",\"x\":";
        AppendNumber(out, node.x);
        out += ",\"y\":";
        AppendNumber(out, node.y);
        out += ",\"w\":";
        AppendNumber(out, node.w);
        out += ",\"h\":";
        AppendNumber(out, node.h);
    }
    auto index = [&](const char* name, int value) {
        if (value < 0) return;
        out += name;
        AppendInt(out, value);
    };
    index(",\"ri\":", node.row_index);
    index(",\"ci\":", node.col_index);
    index(",\"rc\":", node.row_count);
    index(",\"cc\":", node.col_count);
    if (node.level > 0) index(",\"l\":", node.level);
    if (!node.href.empty()) {
        out += ",\"href\":";
        AppendString(out, node.href);
    }
    out += '}';
}

// [SECTION] Queries

const MirrorNode* TestBridge::FindNode(MirrorRole role, std::string_view name) const {
    for (size_t i = 0; i < published_count_; ++i) {
        const MirrorNode& node = published_[i];
        if (node.mirrored && node.role == role && node.name == name) return &node;
    }
    return nullptr;
}

const MirrorNode* TestBridge::FindNode(uint32_t key) const {
    int index = Lookup(previous_slots_, previous_generation_, key);
    return index >= 0 ? &published_[static_cast<size_t>(index)] : nullptr;
}

const std::vector<BridgeItem>& TestBridge::items() const {
    if (!items_stale_) return items_;
    items_.clear();
    for (size_t i = 0; i < published_count_; ++i) {
        const MirrorNode& node = published_[i];
        if (node.kind != MirrorNode::Kind::Item && node.kind != MirrorNode::Kind::Text) continue;
        BridgeItem item;
        item.label = node.label;
        item.id = node.id;
        item.x = node.x;
        item.y = node.y;
        item.w = node.w;
        item.h = node.h;
        item.enabled = node.enabled;
        item.checkable = node.checkable;
        item.checked = node.checked;
        item.text = node.kind == MirrorNode::Kind::Text;
        item.cut = node.cut;
        items_.push_back(std::move(item));
    }
    items_stale_ = false;
    return items_;
}

const BridgeItem* TestBridge::Find(const std::string& label) const {
    for (const BridgeItem& item : items()) {
        if (item.label == label) return &item;
    }
    return nullptr;
}

std::string TestBridge::ItemsJson() const {
    nlohmann::json list = nlohmann::json::array();
    for (const BridgeItem& item : items()) {
        if (item.label.empty()) continue;  // unlabelled items (child windows, separators)
        list.push_back({{"label", item.label},
                        {"id", item.id},
                        {"x", item.x},
                        {"y", item.y},
                        {"w", item.w},
                        {"h", item.h},
                        {"enabled", item.enabled},
                        {"checked", item.checked},
                        {"checkable", item.checkable},
                        {"role", item.text ? "text" : "item"}});
    }
    return list.dump();
}

}  // namespace portal::app

// ImGui's test-engine hooks, declared in imgui_internal.h. They forward to the TestBridge that
// the context carries, so there is no global state here.
void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, ImGuiID id, const ImRect& bb,
                                 const ImGuiLastItemData* item_data) {
    if (auto* bridge = portal::app::BridgeOf(ctx)) {
        bridge->OnItemAdd(ctx, id, bb.Min.x, bb.Min.y, bb.Max.x, bb.Max.y,
                          item_data ? item_data->InFlags : 0);
    }
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label,
                                  ImGuiItemStatusFlags flags) {
    if (auto* bridge = portal::app::BridgeOf(ctx)) bridge->OnItemInfo(id, label, flags);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) {
    return nullptr;
}
