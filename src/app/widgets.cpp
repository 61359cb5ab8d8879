#include "app/widgets.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <cmath>

#include "app/test_bridge.h"
#include "app/theme.h"

namespace portal::app {

namespace {

void Publish(const char* text) {
    if (auto* bridge = static_cast<TestBridge*>(ImGui::GetCurrentContext()->TestEngine)) {
        bridge->RecordLastItemText(text);
    }
}

}  // namespace

void TextItem(const char* text) {
    ImGui::TextUnformatted(text);
    Publish(text);
}

void TextItem(const std::string& text) {
    TextItem(text.c_str());
}

void HeadingItem(const AppState& state, const char* text) {
    if (state.fonts.heading) ImGui::PushFont(state.fonts.heading);
    TextItem(text);
    if (state.fonts.heading) ImGui::PopFont();
}

void MutedText(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kMutedText);
    TextItem(text);
    ImGui::PopStyleColor();
}

void Spinner(double now_seconds) {
    float size = ImGui::GetTextLineHeight();
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(size, size));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 centre(pos.x + size * 0.5f, pos.y + size * 0.5f);
    float radius = size * 0.4f;
    float start = static_cast<float>(std::fmod(now_seconds * 6.0, 2.0 * IM_PI));
    draw->PathArcTo(centre, radius, start, start + IM_PI * 1.4f, 16);
    draw->PathStroke(ImGui::GetColorU32(theme::kAccent), 0, size * 0.14f);
}

std::string DescribeFailure(api::Failure failure, const api::ApiError& error) {
    switch (failure) {
        case api::Failure::None:
            return {};
        case api::Failure::Network:
            return "The server cannot be reached. Check your connection; the portal keeps trying.";
        case api::Failure::Parse:
            return "The server's answer could not be read. " + error.message;
        case api::Failure::Http:
            break;
    }
    std::string text = error.message.empty() ? "The server answered with an error." : error.message;
    if (error.status >= 500) text += " (the server had a problem; the portal keeps trying)";
    return text;
}

bool DrawRemoteStatusImpl(RequestStatus status, bool has_value, const api::Failure failure,
                          const api::ApiError& error, double retry_at, const char* what,
                          AppController& controller) {
    // A retry after a failure keeps the error on screen (no flicker to a spinner and back).
    bool retrying = status == RequestStatus::Loading && failure != api::Failure::None;
    if (status == RequestStatus::Loading && !has_value && !retrying) {
        Spinner(controller.Now());
        ImGui::SameLine();
        std::string text = std::string("Loading ") + what + "…";
        MutedText(text.c_str());
        return false;
    }
    if (has_value && failure == api::Failure::Network) {
        // The offline banner already says the server is gone; the page keeps its data.
        MutedText("Shown as last loaded: the server cannot be reached right now.");
        return true;
    }
    if (status == RequestStatus::Failed || retrying) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::kErrorBackground);
        ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, 6.0f);
        std::string id = std::string("error##") + what;
        ImGui::BeginChild(id.c_str(), ImVec2(0, 0),
                          ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY |
                              ImGuiChildFlags_AlwaysUseWindowPadding);
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kErrorText);
        std::string title = std::string("Could not load ") + what + ".";
        TextItem(title);
        ImGui::PopStyleColor();
        TextItem(DescribeFailure(failure, error));
        std::string button = std::string("Retry##") + what;
        ImGui::BeginDisabled(retrying);
        if (ImGui::Button(button.c_str())) controller.RetryNow();
        ImGui::EndDisabled();
        if (retrying) {
            ImGui::SameLine();
            MutedText("Trying again…");
        } else if (retry_at > 0) {
            ImGui::SameLine();
            int seconds = static_cast<int>(std::ceil(retry_at - controller.Now()));
            std::string next = seconds > 0 ? "Next attempt in " + std::to_string(seconds) + " s"
                                           : std::string("Trying again…");
            MutedText(next.c_str());
        }
        ImGui::EndChild();
        ImGui::PopStyleVar();
        ImGui::PopStyleColor();
    }
    return has_value;
}

}  // namespace portal::app
