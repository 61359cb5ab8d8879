#include "app/test_bridge.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <cstring>
#include <nlohmann/json.hpp>

namespace portal::app {

namespace {

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

}  // namespace

std::string VisibleLabel(const char* label) {
    if (!label) return {};
    const char* hashes = std::strstr(label, "##");
    return hashes ? std::string(label, hashes) : std::string(label);
}

void TestBridge::Attach(ImGuiContext* context) {
    context->TestEngine = this;
    context->TestEngineHookItems = true;
}

void TestBridge::BeginFrame() {
    building_.clear();
}

void TestBridge::EndFrame() {
    published_.swap(building_);
}

void TestBridge::OnItemAdd(ImGuiContext* context, unsigned id, float x0, float y0, float x1,
                           float y1, bool enabled) {
    // Windows and child regions report themselves as items too; they are containers, not
    // things a user clicks or reads.
    if (ImGui::FindWindowByID(id)) return;
    ImRect rect(x0, y0, x1, y1);
    if (!VisibleRect(context, rect)) return;
    BridgeItem item;
    item.id = id;
    item.x = rect.Min.x;
    item.y = rect.Min.y;
    item.w = rect.GetWidth();
    item.h = rect.GetHeight();
    item.enabled = enabled;
    building_.push_back(std::move(item));
}

void TestBridge::OnItemInfo(unsigned id, const char* label, bool checkable, bool checked) {
    // ImGui reports an item's label right after adding it: the match is near the end.
    for (auto it = building_.rbegin(); it != building_.rend(); ++it) {
        if (it->id == id && !it->text) {
            it->label = VisibleLabel(label);
            it->checkable = checkable;
            it->checked = checked;
            return;
        }
    }
}

void TestBridge::RecordLastItemText(const char* text) {
    ImGuiContext* context = ImGui::GetCurrentContext();
    ImRect rect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    if (!VisibleRect(context, rect)) return;
    BridgeItem item;
    item.label = VisibleLabel(text);
    item.x = rect.Min.x;
    item.y = rect.Min.y;
    item.w = rect.GetWidth();
    item.h = rect.GetHeight();
    item.text = true;
    building_.push_back(std::move(item));
}

const BridgeItem* TestBridge::Find(const std::string& label) const {
    for (const BridgeItem& item : published_) {
        if (item.label == label) return &item;
    }
    return nullptr;
}

std::string TestBridge::ItemsJson() const {
    nlohmann::json list = nlohmann::json::array();
    for (const BridgeItem& item : published_) {
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
        bool enabled = !(item_data && (item_data->InFlags & ImGuiItemFlags_Disabled));
        bridge->OnItemAdd(ctx, id, bb.Min.x, bb.Min.y, bb.Max.x, bb.Max.y, enabled);
    }
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label,
                                  ImGuiItemStatusFlags flags) {
    if (auto* bridge = portal::app::BridgeOf(ctx)) {
        bridge->OnItemInfo(id, label, (flags & ImGuiItemStatusFlags_Checkable) != 0,
                           (flags & ImGuiItemStatusFlags_Checked) != 0);
    }
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) {
    return nullptr;
}
