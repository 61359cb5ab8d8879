// Annotations for the accessible mirror (issue 17): what the item tree of the test bridge cannot
// guess from ImGui's flags (a role, a name, a value, states, landmarks, a clipped table's row,
// a figure drawn with ImDrawList). They reach the frame's TestBridge through the ImGui context
// (ImGuiContext::TestEngine), never a static; without a bridge they do nothing.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <string_view>

namespace portal::app::a11y {

enum class Role : uint8_t {
    Auto,
    Button,
    Link,
    Checkbox,
    Radio,
    Textbox,
    Combobox,
    Tab,
    Heading,
    Text,
    Image,
    Option,
    MenuItem
};
enum class Landmark : uint8_t { Banner, Navigation, Main, Region };

// A node's states, as bits on the wire (spec §1).
namespace state {
constexpr unsigned kDisabled = 1, kChecked = 2, kSelected = 4, kExpanded = 8, kCollapsed = 16,
                   kInvalid = 32, kRequired = 64, kCurrent = 128, kSecret = 256, kMultiline = 512,
                   kReadOnly = 1024, kFocusableText = 2048;
}

// About the last submitted item (call right after it).
void SetRole(Role role);
void SetName(std::string_view name);         // an icon button, a field whose label is hidden
void SetValue(std::string_view value);       // a text field's text (never for secrets), a choice
void SetDescription(std::string_view text);  // a field's error, why a button is disabled
void AddStates(unsigned states);
void SetLink(std::string_view href);  // navigation: <a href="#/rooms">
// The last text item is a heading (1: the page title, 2: a section).
void SetHeadingLevel(int level);

// Regions: every node submitted between Begin and End belongs to it.
void BeginLandmark(Landmark kind, std::string_view name);
void EndLandmark();

// A clipped list table: the data row being drawn (0-based, header excluded) and how many rows
// the whole list holds; call right after ImGui::TableNextRow() inside the clipper's loop.
void TableRow(int data_index, int data_rows);

// A chart or picture drawn with ImDrawList: role img, its name and a one-sentence summary.
void Figure(ImVec2 min, ImVec2 max, std::string_view name, std::string_view summary);
// Text drawn with ImDrawList (the kiosk): published like ImGui text.
void PublishText(ImVec2 min, ImVec2 max, std::string_view text);

}  // namespace portal::app::a11y
