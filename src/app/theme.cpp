#include "app/theme.h"

namespace portal::app::theme {

void Apply(ImGuiStyle& style) {
    ImGui::StyleColorsLight(&style);
    style.WindowPadding = ImVec2(16, 12);
    style.FramePadding = ImVec2(10, 6);
    style.ItemSpacing = ImVec2(10, 8);
    style.CellPadding = ImVec2(8, 5);
    style.FrameRounding = 5.0f;
    style.ChildRounding = 6.0f;
    style.PopupRounding = 6.0f;
    style.GrabRounding = 4.0f;
    style.WindowBorderSize = 0.0f;
    style.FrameBorderSize = 1.0f;  // fields stay visible on a white page
    style.ScrollbarSize = 12.0f;

    ImVec4* colors = style.Colors;
    colors[ImGuiCol_WindowBg] = ImVec4(1, 1, 1, 1);
    colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    colors[ImGuiCol_Text] = ImVec4(0.08f, 0.10f, 0.14f, 1.0f);
    colors[ImGuiCol_TextDisabled] = ImVec4(0.50f, 0.53f, 0.58f, 1.0f);
    // Light buttons keep the dark label text readable (contrast above 7:1).
    colors[ImGuiCol_Button] = ImVec4(0.87f, 0.91f, 0.97f, 1.0f);
    colors[ImGuiCol_ButtonHovered] = ImVec4(0.78f, 0.86f, 0.97f, 1.0f);
    colors[ImGuiCol_ButtonActive] = ImVec4(0.68f, 0.79f, 0.95f, 1.0f);
    colors[ImGuiCol_Header] = ImVec4(0.86f, 0.91f, 0.98f, 1.0f);
    colors[ImGuiCol_HeaderHovered] = ImVec4(0.80f, 0.87f, 0.97f, 1.0f);
    colors[ImGuiCol_HeaderActive] = ImVec4(0.74f, 0.83f, 0.96f, 1.0f);
    colors[ImGuiCol_TableHeaderBg] = ImVec4(0.93f, 0.94f, 0.96f, 1.0f);
    colors[ImGuiCol_TableRowBgAlt] = ImVec4(0.97f, 0.975f, 0.98f, 1.0f);
    colors[ImGuiCol_Border] = ImVec4(0.84f, 0.86f, 0.89f, 1.0f);
}

}  // namespace portal::app::theme
