#include "app/theme.h"

#include <cmath>
#include <cstdio>
#include <utility>

namespace portal::app::theme {

namespace {

ImVec4 Grey(float v) {
    return ImVec4(v, v, v, 1.0f);
}

// `preferred` when `text` reads on it (4.5:1), else `fallback`.
ImVec4 ReadableGround(const ImVec4& preferred, const ImVec4& fallback, const ImVec4& text) {
    return ContrastRatio(preferred, text) >= 4.5 ? preferred : fallback;
}

// `preferred` when it stands out of `ground` as a UI component (3:1), else `fallback`.
ImVec4 VisibleOn(const ImVec4& preferred, const ImVec4& fallback, const ImVec4& ground) {
    return ContrastRatio(preferred, ground) >= 3.0 ? preferred : fallback;
}

// `preferred` when it reads as text on `ground` (4.5:1), else `fallback`.
ImVec4 ReadableText(const ImVec4& preferred, const ImVec4& fallback, const ImVec4& ground) {
    return ContrastRatio(preferred, ground) >= 4.5 ? preferred : fallback;
}

ImU32 U32(const ImVec4& colour) {
    return ImGui::ColorConvertFloat4ToU32(colour);
}

// ImGui's light colours with the portal's: dark text, light blue buttons and rows, and the
// parts that must stand out of a white page (field borders, check marks, the focus ring).
void LightImGuiColors(ImVec4* colors) {
    ImGuiStyle defaults;
    ImGui::StyleColorsLight(&defaults);
    for (int i = 0; i < ImGuiCol_COUNT; ++i) colors[i] = defaults.Colors[i];
    colors[ImGuiCol_WindowBg] = ImVec4(1, 1, 1, 1);
    colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    colors[ImGuiCol_PopupBg] = ImVec4(1, 1, 1, 1);
    colors[ImGuiCol_Text] = ImVec4(0.08f, 0.10f, 0.14f, 1.0f);
    colors[ImGuiCol_TextDisabled] = ImVec4(0.38f, 0.41f, 0.46f, 1.0f);  // 5.6:1 on white
    // Light buttons keep the dark label text readable (contrast above 7:1); their border
    // (ImGuiCol_Border) outlines them.
    colors[ImGuiCol_Button] = ImVec4(0.87f, 0.91f, 0.97f, 1.0f);
    colors[ImGuiCol_ButtonHovered] = ImVec4(0.78f, 0.86f, 0.97f, 1.0f);
    colors[ImGuiCol_ButtonActive] = ImVec4(0.68f, 0.79f, 0.95f, 1.0f);
    colors[ImGuiCol_Header] = ImVec4(0.86f, 0.91f, 0.98f, 1.0f);
    colors[ImGuiCol_HeaderHovered] = ImVec4(0.80f, 0.87f, 0.97f, 1.0f);
    colors[ImGuiCol_HeaderActive] = ImVec4(0.74f, 0.83f, 0.96f, 1.0f);
    colors[ImGuiCol_TableHeaderBg] = ImVec4(0.93f, 0.94f, 0.96f, 1.0f);
    colors[ImGuiCol_TableRowBgAlt] = ImVec4(0.97f, 0.975f, 0.98f, 1.0f);
    // Hovered and active fields stay light: the check mark and the grab keep 3:1 on them.
    colors[ImGuiCol_FrameBgHovered] = ImVec4(0.93f, 0.96f, 1.0f, 1.0f);
    colors[ImGuiCol_FrameBgActive] = ImVec4(0.86f, 0.92f, 1.0f, 1.0f);
    // Field borders: 4.2:1 on white (WCAG 1.4.11 asks 3:1; ImGui's light grey was 1.4:1).
    colors[ImGuiCol_Border] = ImVec4(0.46f, 0.49f, 0.54f, 1.0f);
    colors[ImGuiCol_CheckMark] = ImVec4(0.09f, 0.40f, 0.80f, 1.0f);
    colors[ImGuiCol_SliderGrab] = ImVec4(0.09f, 0.40f, 0.80f, 1.0f);
    colors[ImGuiCol_SliderGrabActive] = ImVec4(0.05f, 0.28f, 0.60f, 1.0f);
    colors[ImGuiCol_ScrollbarGrab] = ImVec4(0.55f, 0.57f, 0.60f, 1.0f);
    // The focus ring (2 px, 3 px around the item): 5.5:1 on white.
    colors[ImGuiCol_NavHighlight] = ImVec4(0.09f, 0.40f, 0.80f, 1.0f);
}

}  // namespace

Palette LightPalette() {
    Palette palette;
    LightImGuiColors(palette.imgui);
    return palette;
}

Palette HighContrastPalette() {
    Palette p;
    p.kind = ThemeKind::HighContrast;
    p.name = "high-contrast";
    const ImVec4 black = Grey(0), white = Grey(1), blue(0.0f, 0.20f, 0.60f, 1.0f);
    p.accent = blue;
    p.link_text = blue;
    p.primary_button = blue;
    p.primary_button_text = white;
    p.muted_text = Grey(0.20f);
    p.error_text = ImVec4(0.55f, 0.0f, 0.0f, 1.0f);
    p.error_background = ImVec4(1.0f, 0.93f, 0.93f, 1.0f);
    p.banner_background = ImVec4(1.0f, 0.90f, 0.60f, 1.0f);
    p.top_bar = black;
    p.top_bar_text = white;
    p.top_bar_muted_text = Grey(0.85f);
    p.top_bar_hovered = Grey(0.30f);
    p.top_bar_selected = blue;
    p.top_bar_focus = ImVec4(1.0f, 0.85f, 0.0f, 1.0f);
    p.top_bar_warning = ImVec4(1.0f, 0.85f, 0.40f, 1.0f);
    p.nav_background = Grey(0.95f);
    p.ok = blue;
    p.warn = ImVec4(0.55f, 0.25f, 0.0f, 1.0f);
    p.support_view_background = ImVec4(0.85f, 0.92f, 1.0f, 1.0f);
    p.internal_note_background = ImVec4(1.0f, 0.95f, 0.75f, 1.0f);
    p.badge_border = Rgb(0, 0, 0);
    p.kiosk_light = {Rgb(230, 230, 230), Rgb(255, 255, 255), Rgb(0, 0, 0),     Rgb(40, 40, 40),
                     Rgb(190, 190, 190), Rgb(0, 51, 153),    Rgb(255, 220, 0), Rgb(0, 0, 0)};
    p.kiosk_dark = {Rgb(0, 0, 0),    Rgb(20, 20, 20),    Rgb(255, 255, 255), Rgb(225, 225, 225),
                    Rgb(90, 90, 90), Rgb(140, 205, 255), Rgb(255, 220, 0),   Rgb(0, 0, 0)};

    ImVec4* c = p.imgui;
    LightImGuiColors(c);
    c[ImGuiCol_Text] = black;
    c[ImGuiCol_TextDisabled] = Grey(0.25f);
    c[ImGuiCol_Button] = white;
    c[ImGuiCol_ButtonHovered] = ImVec4(0.85f, 0.90f, 1.0f, 1.0f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.72f, 0.82f, 1.0f, 1.0f);
    c[ImGuiCol_Header] = ImVec4(0.80f, 0.87f, 1.0f, 1.0f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.85f, 0.90f, 1.0f, 1.0f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.72f, 0.82f, 1.0f, 1.0f);
    c[ImGuiCol_FrameBg] = white;
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.90f, 0.93f, 1.0f, 1.0f);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.85f, 0.90f, 1.0f, 1.0f);
    c[ImGuiCol_TableHeaderBg] = Grey(0.90f);
    c[ImGuiCol_TableBorderStrong] = black;
    c[ImGuiCol_TableBorderLight] = Grey(0.35f);
    c[ImGuiCol_Border] = black;
    c[ImGuiCol_Separator] = black;
    c[ImGuiCol_CheckMark] = black;
    c[ImGuiCol_SliderGrab] = blue;
    c[ImGuiCol_SliderGrabActive] = black;
    c[ImGuiCol_ScrollbarGrab] = Grey(0.35f);
    c[ImGuiCol_ScrollbarGrabHovered] = Grey(0.20f);
    c[ImGuiCol_ScrollbarGrabActive] = black;
    c[ImGuiCol_NavHighlight] = blue;
    p.frame_border = 2.0f;
    return p;
}

Palette ForcedColorsPalette(const SystemColors& s) {
    Palette p;
    p.kind = ThemeKind::ForcedColors;
    p.name = "forced-colors";
    const ImVec4 clear(0, 0, 0, 0);
    // Buttons on ButtonFace when their text (CanvasText: ImGui has one text colour) reads on
    // it; selected rows and the chosen language on Highlight likewise; else on Canvas.
    ImVec4 button = ReadableGround(s.button_face, s.canvas, s.canvas_text);
    ImVec4 selected = ReadableGround(s.highlight, s.canvas, s.canvas_text);
    ImVec4 mark = VisibleOn(s.highlight, s.canvas_text, s.canvas);
    // The focus ring is drawn around selected rows too: Highlight unless they are Highlight.
    ImVec4 focus = ContrastRatio(mark, selected) >= 3.0 ? mark : s.canvas_text;
    ImVec4 muted = ReadableText(s.gray_text, s.canvas_text, s.canvas);

    p.accent = mark;
    p.link_text = ReadableText(s.link_text, s.canvas_text, s.canvas);
    bool highlight_pair = ContrastRatio(s.highlight, s.highlight_text) >= 4.5;
    p.primary_button = highlight_pair ? s.highlight : button;
    p.primary_button_text = highlight_pair ? s.highlight_text : s.canvas_text;
    p.muted_text = muted;
    p.error_text = s.canvas_text;  // the words say it is an error; colours are the system's
    p.error_background = s.canvas;
    p.banner_background = s.canvas;
    p.top_bar = s.canvas;
    p.top_bar_text = s.canvas_text;
    p.top_bar_muted_text = muted;
    p.top_bar_hovered = button;
    p.top_bar_selected = selected;
    p.top_bar_focus = focus;
    p.top_bar_warning = s.canvas_text;
    p.nav_background = s.canvas;
    p.ok = s.canvas_text;
    p.warn = s.canvas_text;
    p.support_view_background = s.canvas;
    p.internal_note_background = s.canvas;

    bool button_pair = ContrastRatio(s.button_face, s.button_text) >= 4.5;
    ImU32 badge = U32(button_pair ? s.button_face : s.canvas);
    p.vermillion = p.orange = p.yellow = p.sky_blue = p.bluish_green = p.blue = p.light_grey =
        p.grey = badge;
    p.badge_text = U32(button_pair ? s.button_text : s.canvas_text);
    p.badge_border = p.badge_text;
    bool highlight_marks = ContrastRatio(s.highlight, s.canvas) >= 3.0;
    KioskColors kiosk{U32(s.canvas),
                      U32(s.canvas),
                      U32(s.canvas_text),
                      U32(muted),
                      U32(s.canvas),
                      U32(highlight_marks ? s.highlight : s.canvas_text),
                      U32(highlight_pair ? s.highlight : s.canvas_text),
                      U32(highlight_pair ? s.highlight_text : s.canvas)};
    p.kiosk_light = kiosk;
    p.kiosk_dark = kiosk;

    ImVec4* c = p.imgui;
    for (int i = 0; i < ImGuiCol_COUNT; ++i) c[i] = s.canvas;
    c[ImGuiCol_Text] = s.canvas_text;
    c[ImGuiCol_TextDisabled] = s.gray_text;
    c[ImGuiCol_ChildBg] = clear;
    c[ImGuiCol_BorderShadow] = clear;
    c[ImGuiCol_TableRowBg] = clear;
    c[ImGuiCol_TableRowBgAlt] = clear;
    c[ImGuiCol_Border] = s.canvas_text;
    c[ImGuiCol_Separator] = s.canvas_text;
    c[ImGuiCol_SeparatorHovered] = mark;
    c[ImGuiCol_SeparatorActive] = mark;
    c[ImGuiCol_TableBorderStrong] = s.canvas_text;
    c[ImGuiCol_TableBorderLight] = s.canvas_text;
    c[ImGuiCol_Button] = button;
    c[ImGuiCol_ButtonHovered] = button;
    c[ImGuiCol_ButtonActive] = selected;
    c[ImGuiCol_Header] = selected;
    c[ImGuiCol_HeaderHovered] = button;
    c[ImGuiCol_HeaderActive] = selected;
    c[ImGuiCol_TableHeaderBg] = button;
    c[ImGuiCol_CheckMark] = s.canvas_text;
    c[ImGuiCol_SliderGrab] = s.canvas_text;
    c[ImGuiCol_SliderGrabActive] = mark;
    c[ImGuiCol_ScrollbarGrab] = s.canvas_text;
    c[ImGuiCol_ScrollbarGrabHovered] = mark;
    c[ImGuiCol_ScrollbarGrabActive] = mark;
    c[ImGuiCol_ResizeGrip] = clear;
    c[ImGuiCol_PlotLines] = s.canvas_text;
    c[ImGuiCol_PlotHistogram] = s.canvas_text;
    c[ImGuiCol_TextSelectedBg] = ImVec4(s.highlight.x, s.highlight.y, s.highlight.z, 0.35f);
    c[ImGuiCol_NavHighlight] = focus;
    c[ImGuiCol_NavWindowingHighlight] = mark;
    c[ImGuiCol_NavWindowingDimBg] = clear;
    c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.35f);
    c[ImGuiCol_DragDropTarget] = mark;
    p.frame_border = 2.0f;
    return p;
}

Palette PaletteFor(const DisplayPreferences& preferences) {
    Palette palette = preferences.forced_colors   ? ForcedColorsPalette(preferences.system)
                      : preferences.more_contrast ? HighContrastPalette()
                                                  : LightPalette();
    palette.reduced_motion = preferences.reduced_motion;
    return palette;
}

void Apply(const Palette& palette, ImGuiStyle& style) {
    style.WindowPadding = ImVec2(16, 12);
    style.FramePadding = ImVec2(10, 6);
    // 9 px between lines: a selectable (a list's option, a row's link) spans half of it above
    // and below its 15 px of text, 24 px in all (WCAG 2.5.8's least target size).
    style.ItemSpacing = ImVec2(10, 9);
    style.CellPadding = ImVec2(8, 5);
    style.FrameRounding = 5.0f;
    style.ChildRounding = 6.0f;
    style.PopupRounding = 6.0f;
    style.GrabRounding = 4.0f;
    style.WindowBorderSize = 0.0f;
    style.FrameBorderSize = palette.frame_border;  // fields stay visible on a white page
    style.ScrollbarSize = 12.0f;
    for (int i = 0; i < ImGuiCol_COUNT; ++i) style.Colors[i] = palette.imgui[i];
}

double RelativeLuminance(const ImVec4& colour) {
    auto channel = [](float value) {
        double c = value;
        return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(colour.x) + 0.7152 * channel(colour.y) + 0.0722 * channel(colour.z);
}

double ContrastRatio(const ImVec4& a, const ImVec4& b) {
    double la = RelativeLuminance(a), lb = RelativeLuminance(b);
    if (la < lb) std::swap(la, lb);
    return (la + 0.05) / (lb + 0.05);
}

double ContrastRatio(ImU32 a, ImU32 b) {
    return ContrastRatio(ImGui::ColorConvertU32ToFloat4(a), ImGui::ColorConvertU32ToFloat4(b));
}

ImU32 TextOn(ImU32 background) {
    ImVec4 ground = ImGui::ColorConvertU32ToFloat4(background);
    return ContrastRatio(ground, Grey(0)) >= ContrastRatio(ground, Grey(1)) ? Rgb(0, 0, 0)
                                                                            : Rgb(255, 255, 255);
}

bool ParseCssColor(const std::string& text, ImVec4& out) {
    unsigned r = 0, g = 0, b = 0;
    float a = 1.0f;
    if (std::sscanf(text.c_str(), "#%02x%02x%02x", &r, &g, &b) == 3 ||
        std::sscanf(text.c_str(), "rgba(%u, %u, %u, %f)", &r, &g, &b, &a) >= 3 ||
        std::sscanf(text.c_str(), "rgb(%u, %u, %u)", &r, &g, &b) == 3) {
        if (r > 255 || g > 255 || b > 255) return false;
        out = ImVec4(r / 255.0f, g / 255.0f, b / 255.0f, a);
        return true;
    }
    return false;
}

}  // namespace portal::app::theme
