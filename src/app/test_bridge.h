// The item tree of each frame, fed by ImGui's test-engine hooks (IMGUI_ENABLE_TEST_ENGINE), which
// ImGui calls for every interactive item, by RecordLastItemText() for text that matters (data,
// errors), and by the annotations of app/a11y.h. Two uses:
// - browser tests: window.portalItems(), the last frame's items and texts (BridgeItem);
// - the accessible mirror (issue 17): an ordered tree of nodes (role, name, value, states,
//   rectangle, table indices) inside containers (landmarks, dialogs, tables, rows, cells), and
//   each frame the difference with the last one as the batch JSON that the page's
//   window.portalMirror applies to its overlay of real HTML elements. Nothing changed: no batch.
//
// Node keys are ImGui ids for items; containers and texts get a hash of their parent's key,
// their kind and their text, made unique by occurrence. Focus goes both ways: ImGui's keyboard
// navigation and opened or closed dialogs move the page's focus (the batch's "f"); the page's
// focus and activations come back through FocusFromMirror and ActivateFromMirror.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/a11y.h"

struct ImGuiContext;

namespace portal::app {

struct BridgeItem {
    std::string label;  // the visible label: ImGui's "##id" / "###id" suffix stripped
    unsigned id = 0;    // ImGuiID; 0 for text
    float x = 0, y = 0, w = 0, h = 0;  // visible rectangle, CSS pixels
    bool enabled = true;
    bool checkable = false;
    bool checked = false;
    bool text = false;  // static text rather than an interactive item
    bool cut = false;   // partly clipped away (a window's or a scrolled region's edge)
};

// The roles on the wire (spec: button, link, ... region).
enum class MirrorRole : uint8_t {
    None,
    Button,
    Link,
    Checkbox,
    Radio,
    Textbox,
    Combobox,
    Tab,
    Heading,
    Text,
    Img,
    Table,
    Row,
    Cell,
    ColumnHeader,
    Dialog,
    AlertDialog,
    Listbox,
    Option,
    Menu,
    MenuItem,
    Navigation,
    Main,
    Banner,
    Region
};
const char* MirrorRoleName(MirrorRole role);

// One node of the mirror: what the batch JSON carries ("k", "p", "r", "n", ...), and what the
// bridge needs to guess the role and to keep window.portalItems() as it was.
struct MirrorNode {
    enum class Kind : uint8_t { Item, Text, Container, DrawnText, Figure };
    // On the wire.
    uint32_t key = 0;
    uint32_t parent = 0;  // 0: the root
    MirrorRole role = MirrorRole::None;
    unsigned states = 0;  // a11y::state bits
    float x = 0, y = 0, w = 0, h = 0;
    int row_index = -1, col_index = -1, row_count = -1, col_count = -1;  // 1-based, -1: none
    int level = 0;                                                       // a heading's level
    std::string name, value, description, href;
    // Bookkeeping.
    Kind kind = Kind::Item;
    bool mirrored = true;  // false: only in portalItems (tooltips, unnamed plain items)
    bool enabled = true;
    bool checkable = false, checked = false;  // portalItems' fields (NameLastItem may set them)
    bool has_info = false;                    // ImGui reported its label and status
    bool cut = false;                         // its visible rectangle is smaller than the item
    bool name_set = false;                    // a11y::SetName
    a11y::Role annotated = a11y::Role::Auto;
    uint8_t context = 0;  // what the container says about the role (TestBridge.cpp)
    unsigned id = 0;      // ImGuiID (items; duplicates keep it, their key differs)
    unsigned status = 0;  // ImGuiItemStatusFlags seen
    std::string label;    // portalItems' label: ImGui's, "##id" stripped
};

class TestBridge {
  public:
    // Makes ImGui call the hooks for `context` and route them here.
    void Attach(ImGuiContext* context);

    void BeginFrame();
    // The frame's items become the published ones; the mirror's difference with the last
    // frame becomes batch() (HasBatch() false when nothing changed).
    void EndFrame();

    // Hook entry points (called through ImGuiTestEngineHook_*). `item_flags` are ImGui's
    // ImGuiItemFlags of the item, `status` its ImGuiItemStatusFlags.
    void OnItemAdd(ImGuiContext* context, unsigned id, float x0, float y0, float x1, float y1,
                   int item_flags);
    void OnItemInfo(unsigned id, const char* label, int status);
    // A label for an item that ImGui reports without one (NameLastItem).
    void OnItemInfo(unsigned id, const char* label, bool checkable, bool checked);
    // Text of the last submitted ImGui item (call right after ImGui::Text...).
    void RecordLastItemText(const char* text);

    // Annotations (app/a11y.h), about the last submitted item.
    enum class Field { Name, Value, Description, Href };
    void AnnotateRole(a11y::Role role);
    void AnnotateText(Field field, std::string_view text);
    void AnnotateStates(unsigned states);
    void AnnotateHeading(int level);
    void BeginLandmark(a11y::Landmark kind, std::string_view name);
    void EndLandmark();
    void TableRow(int data_index, int data_rows);
    void Figure(ImVec2 min, ImVec2 max, std::string_view name, std::string_view summary);
    void PublishText(ImVec2 min, ImVec2 max, std::string_view text);

    // window.portalItems().
    const std::vector<BridgeItem>& items() const;
    std::string ItemsJson() const;
    // First published item with this exact label, or nullptr.
    const BridgeItem* Find(const std::string& label) const;

    // The mirror. The last frame's nodes, mirrored or not, in document order.
    std::span<const MirrorNode> nodes() const { return {published_.data(), published_count_}; }
    // The first mirrored node of that role and name, or nullptr.
    const MirrorNode* FindNode(MirrorRole role, std::string_view name) const;
    const MirrorNode* FindNode(uint32_t key) const;
    bool HasBatch() const { return has_batch_; }
    const std::string& batch() const { return batch_; }
    // The page moved its focus to the element of `key` (0: off the mirror): ImGui's navigation
    // follows when the item is next submitted (a text field is activated, so typing goes to
    // it), and the batch never sends that focus back.
    void FocusFromMirror(uint32_t key);
    // The page activated the element of `key`: ImGui presses the item on the next frame.
    void ActivateFromMirror(uint32_t key);
    // True while a focus from the page waits for its item to be submitted.
    bool FocusPending() const { return focus_request_ != 0; }

    struct Stats {
        unsigned long long frames = 0;   // frames diffed
        unsigned long long batches = 0;  // frames that sent a batch
        unsigned long long bytes = 0;    // batch bytes sent, in all
        size_t nodes = 0;                // mirrored nodes of the last frame
    };
    const Stats& stats() const { return stats_; }

  private:
    struct Table {
        unsigned id = 0;         // ImGui's table id
        int node = -1;           // the table's node in building_
        int header_rows = 0;     // rows flagged ImGuiTableRowFlags_Headers seen
        int annotated_row = -1;  // ImGui's row that a11y::TableRow named
        int data_index = 0, data_rows = -1;
        int max_row_index = 0;
        int columns = 0;
    };
    struct Landmark {
        uint32_t key;
        void* root_window;  // the ImGuiWindow whose items it holds
    };
    struct Dialog {
        uint32_t key;
        uint32_t opener;  // the control used last before it opened
    };
    // Open addressing key -> node index, cleared in O(1) by a new generation each frame.
    struct Slot {
        uint32_t key = 0;
        uint32_t index = 0;
        uint32_t generation = 0;
    };
    static int Lookup(const std::vector<Slot>& slots, uint32_t generation, uint32_t key);
    void Insert(uint32_t key, uint32_t index);
    int IndexOf(uint32_t key) const;  // in building_, -1 when absent

    MirrorNode& NewNode(MirrorNode::Kind kind, uint32_t key);
    // The index of the container of that key, made when this frame has none yet.
    int Container(uint32_t parent, MirrorRole role, std::string_view name, uint32_t key);
    uint32_t ParentFor(ImGuiContext& g, uint8_t& context);
    uint32_t WindowContainer(ImGuiContext& g, void* root_window, int depth);
    Table& TableState(unsigned id);  // this frame's, made when new
    uint32_t TableCell(ImGuiContext& g, uint32_t table_parent, uint8_t& context);
    MirrorNode* LastNode();
    void ApplyFocusRequest(ImGuiContext& g, unsigned id, float x0, float y0, float x1, float y1,
                           int item_flags);
    void Finalize();
    void TrackFocus(ImGuiContext& g);
    void Diff();
    bool InDialog(const MirrorNode& node, uint32_t dialog) const;
    void WriteNode(const MirrorNode& node);

    ImGuiContext* context_ = nullptr;
    // This frame's nodes in submission order, and the last frame's. building_ is written over
    // in place frame to frame, so that the nodes' strings keep their buffers.
    std::vector<MirrorNode> building_;
    size_t count_ = 0;
    std::vector<MirrorNode> published_;
    size_t published_count_ = 0;
    std::vector<Slot> slots_, previous_slots_;
    uint32_t frame_counter_ = 0;
    uint32_t generation_ = 0, previous_generation_ = 0;
    int last_node_ = -1;                 // the node the last hook call made, -1: none
    const char* header_name_ = nullptr;  // set by TableCell for an item of a header row
    std::vector<Landmark> landmarks_;
    std::vector<Table> tables_;
    // The difference.
    std::string batch_;
    bool has_batch_ = false;
    std::vector<uint32_t> changed_, removed_;
    std::vector<char> seen_;  // of published_
    // Focus.
    uint32_t focus_request_ = 0;  // an ImGui id the page focused, for ImGui
    uint32_t page_focus_ = 0;     // where the page's focus is
    uint32_t last_nav_id_ = 0;    // ImGui's NavId at the last frame
    uint32_t last_used_ = 0;      // the control used last: a dialog's opener
    uint32_t used_earlier_ = 0;   // the one before it (ImGui's nav may enter a dialog first)
    void NoteUsed(uint32_t key) {
        if (key == last_used_) return;
        used_earlier_ = last_used_;
        last_used_ = key;
    }
    uint32_t focus_out_ = 0;        // this frame's "f", 0: none
    uint32_t text_field_ = 0;       // this frame's active text field
    uint32_t sent_text_field_ = 0;  // the "t" last sent
    std::vector<Dialog> dialogs_, current_dialogs_;
    Stats stats_;
    mutable std::vector<BridgeItem> items_;
    mutable bool items_stale_ = true;
};

// "Save##form" -> "Save"; "Rooms###nav" -> "Rooms".
std::string VisibleLabel(const char* label);

}  // namespace portal::app
