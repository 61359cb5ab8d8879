// The item tree of the last frame, for browser tests (window.portalItems()) and, later, for
// accessibility. Fed by ImGui's test-engine hooks (IMGUI_ENABLE_TEST_ENGINE), which ImGui calls
// for every interactive item, and by RecordText() for text that matters (data, errors).
#pragma once

#include <string>
#include <vector>

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
};

class TestBridge {
  public:
    // Makes ImGui call the hooks for `context` and route them here.
    void Attach(ImGuiContext* context);

    void BeginFrame();
    void EndFrame();  // the frame's items become the published ones

    // Hook entry points (called through ImGuiTestEngineHook_*).
    void OnItemAdd(ImGuiContext* context, unsigned id, float x0, float y0, float x1, float y1,
                   bool enabled);
    void OnItemInfo(unsigned id, const char* label, bool checkable, bool checked);
    // Text of the last submitted ImGui item (call right after ImGui::Text...).
    void RecordLastItemText(const char* text);

    const std::vector<BridgeItem>& items() const { return published_; }
    std::string ItemsJson() const;
    // First published item with this exact label, or nullptr.
    const BridgeItem* Find(const std::string& label) const;

  private:
    std::vector<BridgeItem> building_;
    std::vector<BridgeItem> published_;
};

// "Save##form" -> "Save"; "Rooms###nav" -> "Rooms".
std::string VisibleLabel(const char* label);

}  // namespace portal::app
