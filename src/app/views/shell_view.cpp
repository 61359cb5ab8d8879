// The navigation shell every page sits in: a top bar, the left navigation and a banner that
// says when the server cannot be reached.
#include <imgui.h>

#include <cmath>
#include <string>

#include "app/theme.h"
#include "app/views/views.h"
#include "app/widgets.h"

namespace portal::app {

namespace {

constexpr float kTopBarHeight = 48.0f;
constexpr float kNavWidth = 220.0f;

constexpr Page kNavPages[] = {Page::Overview, Page::ServiceOrders, Page::Rooms,   Page::Devices,
                              Page::Insights, Page::Alerts,        Page::Support, Page::People};

void DrawTopBar(AppState& state) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::kTopBar);
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kTopBarText);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(16, 0));
    ImGui::BeginChild("topbar", ImVec2(0, kTopBarHeight), ImGuiChildFlags_AlwaysUseWindowPadding,
                      ImGuiWindowFlags_NoScrollbar);
    float text_height = state.fonts.heading ? ImGui::GetFontSize() * 1.4f : ImGui::GetFontSize();
    ImGui::SetCursorPosY((kTopBarHeight - text_height) * 0.5f);
    HeadingItem(state, "Service Portal");

    const char* status = state.offline ? "Offline" : "Not signed in";
    float width = ImGui::CalcTextSize(status).x;
    ImGui::SameLine(ImGui::GetWindowWidth() - width - 16.0f);
    ImGui::SetCursorPosY((kTopBarHeight - ImGui::GetTextLineHeight()) * 0.5f);
    TextItem(status);
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(2);
}

void DrawNavigation(AppState& state, AppController& controller) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::kNavBackground);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(16, 12));
    ImGui::BeginChild("nav", ImVec2(kNavWidth, 0), ImGuiChildFlags_AlwaysUseWindowPadding);
    ImGui::PopStyleVar();
    ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0.0f, 0.5f));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 2));
    for (Page page : kNavPages) {
        bool selected = state.route.page == page;
        ImGui::PushID(static_cast<int>(page));
        if (ImGui::Selectable(PageTitle(page), selected, 0, ImVec2(0, 30)) && !selected) {
            controller.Navigate({page, ""});
        }
        if (selected) {
            // An accent bar marks the current page for those who cannot tell the tint apart.
            ImVec2 min = ImGui::GetItemRectMin();
            ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(min.x - 10, min.y),
                                                      ImVec2(min.x - 6, ImGui::GetItemRectMax().y),
                                                      ImGui::GetColorU32(theme::kAccent));
        }
        ImGui::PopID();
    }
    ImGui::PopStyleVar(2);
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

// Shown above every page while the server cannot be reached.
void DrawOfflineBanner(AppState& state, AppController& controller) {
    double next = 0;
    for (double at : {state.health.retry_at, state.catalogue.retry_at}) {
        if (at > 0 && (next == 0 || at < next)) next = at;
    }
    ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::kBannerBackground);
    ImGui::BeginChild("banner", ImVec2(0, ImGui::GetFrameHeightWithSpacing() + 16),
                      ImGuiChildFlags_AlwaysUseWindowPadding, ImGuiWindowFlags_NoScrollbar);
    ImGui::AlignTextToFramePadding();
    std::string text = "The server cannot be reached. Nothing is lost;";
    int seconds = next > 0 ? static_cast<int>(std::ceil(next - controller.Now())) : 0;
    text += seconds > 0 ? " retrying in " + std::to_string(seconds) + " s." : " retrying now.";
    TextItem(text);
    ImGui::SameLine();
    if (ImGui::Button("Retry now")) controller.RetryNow();
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

void DrawPage(AppState& state, AppController& controller) {
    switch (state.route.page) {
        case Page::Overview:
            DrawOverviewPage(state, controller);
            break;
        case Page::NotFound:
            DrawNotFoundPage(state, controller);
            break;
        default:
            DrawComingPage(state, state.route.page);
            break;
    }
}

}  // namespace

const char* PageTitle(Page page) {
    switch (page) {
        case Page::Overview:
            return "Overview";
        case Page::ServiceOrders:
            return "Service Orders";
        case Page::Rooms:
            return "Rooms";
        case Page::Devices:
            return "Devices";
        case Page::Insights:
            return "Insights";
        case Page::Alerts:
            return "Alerts";
        case Page::Support:
            return "Support";
        case Page::People:
            return "People & access";
        case Page::NotFound:
            return "Page not found";
    }
    return "";
}

void DrawShell(AppState& state, AppController& controller) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, 0.0f);
    ImGui::Begin("portal", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    DrawTopBar(state);
    DrawNavigation(state, controller);
    ImGui::SameLine();
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(24, 16));
    ImGui::BeginChild("content", ImVec2(0, 0), ImGuiChildFlags_AlwaysUseWindowPadding);
    ImGui::PopStyleVar(4);
    if (state.offline) DrawOfflineBanner(state, controller);
    DrawPage(state, controller);
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace portal::app
