// The annotation API: each call finds the frame's TestBridge through the current ImGui context
// and hands the annotation over; without a context or a bridge it does nothing.
#include "app/a11y.h"

#include <imgui_internal.h>

#include "app/test_bridge.h"

namespace portal::app::a11y {

namespace {

TestBridge* Bridge() {
    ImGuiContext* context = ImGui::GetCurrentContext();
    return context ? static_cast<TestBridge*>(context->TestEngine) : nullptr;
}

}  // namespace

void SetRole(Role role) {
    if (TestBridge* bridge = Bridge()) bridge->AnnotateRole(role);
}

void SetName(std::string_view name) {
    if (TestBridge* bridge = Bridge()) bridge->AnnotateText(TestBridge::Field::Name, name);
}

void SetValue(std::string_view value) {
    if (TestBridge* bridge = Bridge()) bridge->AnnotateText(TestBridge::Field::Value, value);
}

void SetDescription(std::string_view text) {
    if (TestBridge* bridge = Bridge()) bridge->AnnotateText(TestBridge::Field::Description, text);
}

void AddStates(unsigned states) {
    if (TestBridge* bridge = Bridge()) bridge->AnnotateStates(states);
}

void SetLink(std::string_view href) {
    if (TestBridge* bridge = Bridge()) bridge->AnnotateText(TestBridge::Field::Href, href);
}

void SetHeadingLevel(int level) {
    if (TestBridge* bridge = Bridge()) bridge->AnnotateHeading(level);
}

void BeginLandmark(Landmark kind, std::string_view name) {
    if (TestBridge* bridge = Bridge()) bridge->BeginLandmark(kind, name);
}

void EndLandmark() {
    if (TestBridge* bridge = Bridge()) bridge->EndLandmark();
}

void TableRow(int data_index, int data_rows) {
    if (TestBridge* bridge = Bridge()) bridge->TableRow(data_index, data_rows);
}

void Figure(ImVec2 min, ImVec2 max, std::string_view name, std::string_view summary) {
    if (TestBridge* bridge = Bridge()) bridge->Figure(min, max, name, summary);
}

void PublishText(ImVec2 min, ImVec2 max, std::string_view text) {
    if (TestBridge* bridge = Bridge()) bridge->PublishText(min, max, text);
}

}  // namespace portal::app::a11y
