// Colours and style. High contrast text, one accent, colours that stay distinct for
// colour-blind users (blue / orange rather than red / green pairs).
//
// The palette is application state (AppState::palette): the browser's display preferences
// (forced colours, more contrast, reduced motion) choose it at run time. Views and widgets
// reach it through the ImGui context: App stores its address in ImGui::GetIO().UserData and
// theme::Colors() reads it back. WCAG 2.2: text 4.5:1 against what it is drawn on (1.4.3),
// borders of fields, check marks and the focus ring 3:1 (1.4.11, 2.4.7); checked for every
// theme by tests/app/theme_contrast_test.cpp.
#pragma once

#include <imgui.h>

#include <string>

namespace portal::app::theme {

constexpr ImU32 Rgb(unsigned r, unsigned g, unsigned b) {
    return IM_COL32(r, g, b, 255);
}

// The browser's system colours (CSS keywords), read when forced colours are active.
struct SystemColors {
    ImVec4 canvas{1, 1, 1, 1};
    ImVec4 canvas_text{0, 0, 0, 1};
    ImVec4 button_face{1, 1, 1, 1};
    ImVec4 button_text{0, 0, 0, 1};
    ImVec4 highlight{0.0f, 0.47f, 0.84f, 1};
    ImVec4 highlight_text{1, 1, 1, 1};
    ImVec4 gray_text{0.43f, 0.43f, 0.43f, 1};
    ImVec4 link_text{0.0f, 0.0f, 0.93f, 1};
};

// What the browser's media queries say (src/platform/display_preferences.cpp).
struct DisplayPreferences {
    bool forced_colors = false;   // forced-colors: active
    bool more_contrast = false;   // prefers-contrast: more
    bool reduced_motion = false;  // prefers-reduced-motion: reduce
    SystemColors system;          // meaningful with forced_colors
};

enum class ThemeKind { Light, HighContrast, ForcedColors };

// A wall display's colours (the kiosk draws with ImDrawList), one set per kiosk theme.
struct KioskColors {
    ImU32 background, tile, text, muted, track, bar, warning, warning_text;
};

struct Palette {
    ThemeKind kind = ThemeKind::Light;
    const char* name = "light";
    bool reduced_motion = false;  // the spinner stands still, no animation frames

    ImVec4 accent{0.09f, 0.40f, 0.80f, 1.0f};  // marks: spinner, current page's bar, charts
    ImVec4 link_text{0.09f, 0.40f, 0.80f, 1.0f};
    ImVec4 primary_button{0.09f, 0.40f, 0.80f, 1.0f};  // a page's main action
    ImVec4 primary_button_text{1, 1, 1, 1};
    ImVec4 muted_text{0.36f, 0.39f, 0.44f, 1.0f};
    ImVec4 error_text{0.70f, 0.16f, 0.05f, 1.0f};
    ImVec4 error_background{1.0f, 0.95f, 0.92f, 1.0f};
    ImVec4 banner_background{0.99f, 0.90f, 0.72f, 1.0f};
    ImVec4 top_bar{0.11f, 0.16f, 0.24f, 1.0f};
    ImVec4 top_bar_text{0.96f, 0.97f, 0.99f, 1.0f};
    ImVec4 top_bar_muted_text{0.70f, 0.75f, 0.82f, 1.0f};
    ImVec4 top_bar_hovered{0.25f, 0.32f, 0.42f, 1.0f};
    ImVec4 top_bar_selected{0.09f, 0.40f, 0.80f, 1.0f};
    ImVec4 top_bar_focus{0.96f, 0.97f, 0.99f, 1.0f};    // the focus ring on the top bar
    ImVec4 top_bar_warning{0.99f, 0.90f, 0.72f, 1.0f};  // "Offline" on the top bar
    ImVec4 nav_background{0.94f, 0.95f, 0.97f, 1.0f};
    ImVec4 ok{0.09f, 0.40f, 0.80f, 1.0f};
    ImVec4 warn{0.85f, 0.45f, 0.0f, 1.0f};
    // An operator reading a customer's account (read-only), and an operator's internal note:
    // set apart from what customers see.
    ImVec4 support_view_background{0.86f, 0.92f, 1.0f, 1.0f};
    ImVec4 internal_note_background{1.0f, 0.96f, 0.80f, 1.0f};

    // Badges: a word on a colour (Okabe and Ito's, told apart with every common colour-vision
    // deficiency), in badge_text, inside badge_border when it is not 0.
    ImU32 vermillion = Rgb(213, 94, 0);
    ImU32 orange = Rgb(230, 159, 0);
    ImU32 yellow = Rgb(240, 228, 66);
    ImU32 sky_blue = Rgb(86, 180, 233);
    ImU32 bluish_green = Rgb(0, 158, 115);
    ImU32 blue = Rgb(0, 114, 178);
    ImU32 light_grey = Rgb(204, 204, 204);
    ImU32 grey = Rgb(153, 153, 153);
    ImU32 badge_text = Rgb(0, 0, 0);
    ImU32 badge_border = 0;

    KioskColors kiosk_light{Rgb(236, 240, 245), Rgb(255, 255, 255), Rgb(17, 22, 28),
                            Rgb(70, 80, 94),    Rgb(214, 220, 228), Rgb(0, 114, 178),
                            Rgb(240, 228, 66),  Rgb(17, 22, 28)};
    KioskColors kiosk_dark{Rgb(10, 14, 19),    Rgb(27, 33, 41), Rgb(245, 247, 250),
                           Rgb(184, 192, 204), Rgb(52, 61, 73), Rgb(86, 180, 233),
                           Rgb(240, 228, 66),  Rgb(17, 22, 28)};

    // ImGui's style colours (ImGuiStyle::Colors), set by Apply.
    ImVec4 imgui[ImGuiCol_COUNT] = {};
    float frame_border = 1.0f;  // ImGuiStyle::FrameBorderSize
};

Palette LightPalette();
Palette HighContrastPalette();
Palette ForcedColorsPalette(const SystemColors& system);
// The palette the preferences ask for: forced colours first, then more contrast, else light.
Palette PaletteFor(const DisplayPreferences& preferences);

// The palette of the current ImGui context (set by App).
inline const Palette& Colors() {
    const void* palette = ImGui::GetIO().UserData;
    IM_ASSERT(palette && "App stores its palette in ImGui::GetIO().UserData");
    return *static_cast<const Palette*>(palette);
}

// Sizes and ImGui's colours of `palette` into `style`.
void Apply(const Palette& palette, ImGuiStyle& style);

// WCAG 2.x relative luminance (sRGB, alpha ignored) and contrast ratio (1..21).
double RelativeLuminance(const ImVec4& colour);
double ContrastRatio(const ImVec4& a, const ImVec4& b);
double ContrastRatio(ImU32 a, ImU32 b);
// Black or white, whichever reads better on `background`.
ImU32 TextOn(ImU32 background);
// "#rrggbb" or "rgb(r, g, b)" / "rgba(...)" as getComputedStyle gives it; false otherwise.
bool ParseCssColor(const std::string& text, ImVec4& out);

}  // namespace portal::app::theme
